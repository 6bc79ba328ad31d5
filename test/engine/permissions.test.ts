// Interactive permission flows at the engine level: "don't ask again", plan mode and ExitPlanMode, Esc.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events';
import { autoApprove, engineRig, type EngineRig } from './boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});
type Ask = Extract<EngineEvent, { type: 'permission_request' }>;

describe('interactive permissions', () => {
  it('"don\'t ask again" stops the next identical prompt and no other', async () => {
    const bash = (command: string) => ({ content: [{ type: 'tool_use', name: 'Bash', input: { command } }] });
    rig = await engineRig([], { turns: [bash('touch one'), bash('touch one'), bash('touch other'), { text: 'done' }] });
    const asked: Ask[] = [];
    autoApprove(rig, (e) => {
      asked.push(e);
      return asked.length === 1 ? { type: 'always', rule: e.suggestion.rule } : { type: 'once' };
    });
    await rig.boot.session.send('run things');
    expect(asked.map((a) => (a.input as { command: string }).command)).toEqual(['touch one', 'touch other']);
    expect(asked[0]!.suggestion.rule).toMatch(/^Bash\(touch/);
  });

  it('plan mode refuses an Edit until ExitPlanMode is approved', async () => {
    rig = await engineRig(
      ['--permission-mode', 'plan'],
      {
        turns: [
          { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'a.txt' } }] },
          { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'a.txt', old_string: 'old', new_string: 'new' } }] },
          { content: [{ type: 'tool_use', name: 'ExitPlanMode', input: { plan: '1. change old to new' } }] },
          { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'a.txt', old_string: 'old', new_string: 'new' } }] },
          { text: 'done' },
        ],
      },
      { setup: (p) => writeFileSync(join(p, 'a.txt'), 'old\n') },
    );
    const asked: Ask[] = [];
    autoApprove(rig, (e) => {
      asked.push(e);
      return { type: 'once' };
    });
    await rig.boot.session.send('plan it');
    const results = rig.events.filter((e): e is Extract<EngineEvent, { type: 'tool_result' }> => e.type === 'tool_result');
    expect(results.map((r) => [r.name, Boolean(r.result.is_error)])).toEqual([
      ['Read', false],
      ['Edit', true],
      ['ExitPlanMode', false],
      ['Edit', false],
    ]);
    expect(String(results[1]!.result.content)).toMatch(/plan mode/i);
    expect(asked.map((a) => a.toolName)).toEqual(['ExitPlanMode', 'Edit']);
    expect(readFileSync(join(rig.project, 'a.txt'), 'utf8')).toBe('new\n');
    expect(rig.boot.session.info().mode).toBe('default');
  });

  it('denying with feedback tells the model what to do; Esc stops the turn and pairs every tool_use', async () => {
    rig = await engineRig([], {
      turns: [
        { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'rm -rf build' } }] },
        {
          content: [
            { type: 'tool_use', name: 'Bash', input: { command: 'touch a' } },
            { type: 'tool_use', name: 'Bash', input: { command: 'touch b' } },
          ],
        },
        { text: 'after' },
      ],
    });
    let n = 0;
    autoApprove(rig, () => (++n === 1 ? { type: 'deny', feedback: 'use make clean instead' } : { type: 'abort' }));
    const result = await rig.boot.session.send('clean');
    expect(result.isError).toBe(true);
    const second = rig.server.requests[1]!.body.messages as Array<{ content: any }>;
    expect(JSON.stringify(second[second.length - 1])).toContain('use make clean instead');
    // The aborted message's two tool_uses both have results in the history.
    const messages = rig.boot.session.messages;
    const last = messages[messages.length - 1]!;
    expect(last.role).toBe('user');
    expect((last.content as Array<{ type: string }>).filter((b) => b.type === 'tool_result')).toHaveLength(2);
  });
});
