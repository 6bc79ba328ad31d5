import { describe, expect, it } from 'vitest';
import { exitPlanModeTool } from '../../../src/tools/exit-plan-mode';
import { todoWriteTool } from '../../../src/tools/todo-write';
import { ToolError } from '../../../src/tools/types';
import { makeContext, makeTempDir } from './context';

describe('TodoWrite', () => {
  it('replaces the whole list, drops ids, and emits a todos event', async () => {
    const ctx = makeContext(makeTempDir());
    const write = (todos: object[]) => todoWriteTool.run(todoWriteTool.inputSchema.parse({ todos }), ctx);
    await write([
      { content: 'Read code', status: 'completed', activeForm: 'Reading code' },
      { content: 'Fix bug', status: 'in_progress', activeForm: 'Fixing bug', id: '2' },
    ]);
    const res = await write([{ content: 'Run tests', status: 'pending', activeForm: 'Running tests', id: 'x' }]);
    expect(ctx.todos.get()).toEqual([{ content: 'Run tests', status: 'pending', activeForm: 'Running tests' }]);
    expect(ctx.events).toHaveLength(2);
    expect(ctx.events[1]).toEqual({ type: 'todos', todos: ctx.todos.get() });
    expect(res.forModel).toMatch(/Keep using it/);
    expect(res.summary).toBe('0/1 todos completed');
  });

  it('rejects two in_progress items and keeps the old list', async () => {
    const ctx = makeContext(makeTempDir());
    const todos = [
      { content: 'A', status: 'in_progress', activeForm: 'Doing A' },
      { content: 'B', status: 'in_progress', activeForm: 'Doing B' },
    ];
    const err = await todoWriteTool.run(todoWriteTool.inputSchema.parse({ todos }), ctx).catch((e) => e);
    expect(err).toBeInstanceOf(ToolError);
    expect(err.message).toMatch(/Only one todo may be in_progress.*"A", "B"/);
    expect(ctx.todos.get()).toEqual([]);
    expect(ctx.events).toHaveLength(0);
  });

  it('rejects empty content or activeForm, and unknown statuses', () => {
    const parse = (t: object) => todoWriteTool.inputSchema.safeParse({ todos: [t] }).success;
    expect(parse({ content: ' ', status: 'pending', activeForm: 'x' })).toBe(false);
    expect(parse({ content: 'x', status: 'pending', activeForm: '' })).toBe(false);
    expect(parse({ content: 'x', status: 'done', activeForm: 'x' })).toBe(false);
    expect(parse({ content: 'x', status: 'pending', activeForm: 'x' })).toBe(true);
  });
});

describe('ExitPlanMode', () => {
  it('previews the plan and leaves plan mode when run', async () => {
    const ctx = makeContext(makeTempDir());
    ctx.mode = 'plan';
    expect(await exitPlanModeTool.preview({ plan: '1. do it' }, ctx)).toEqual({
      kind: 'info',
      title: 'Exit plan mode',
      detail: '1. do it',
    });
    const res = await exitPlanModeTool.run({ plan: '1. do it' }, ctx);
    expect(ctx.mode).toBe('default');
    expect(res.forModel).toMatch(/approved/);
  });

  it('leaves other modes alone', async () => {
    const ctx = makeContext(makeTempDir());
    ctx.mode = 'acceptEdits';
    await exitPlanModeTool.run({ plan: 'p' }, ctx);
    expect(ctx.mode).toBe('acceptEdits');
  });
});
