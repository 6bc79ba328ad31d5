import { describe, expect, test } from 'vitest';
import { DEFAULT_MODEL_ALIAS, MODEL_ALIASES, resolveModel } from '../../src/agents/models';
import { KNOWN_TOOLS, effectiveToolNames } from '../../src/agents/tools';

describe('resolveModel', () => {
  const ctx = { sessionModel: 'claude-session-1' };

  test('aliases map to the current defaults', () => {
    expect(resolveModel('sonnet', ctx)).toEqual({ model: 'claude-sonnet-5-5' });
    expect(resolveModel('opus', ctx)).toEqual({ model: 'claude-opus-5-5' });
    expect(resolveModel('haiku', ctx)).toEqual({ model: 'claude-haiku-5-5' });
    expect(resolveModel('fable', ctx)).toEqual({ model: 'claude-fable-5-2' });
    expect(DEFAULT_MODEL_ALIAS).toBe('sonnet');
    expect([...MODEL_ALIASES]).toEqual(['sonnet', 'opus', 'haiku', 'fable', 'inherit']);
  });

  test('inherit and undefined take the session model, which may itself be an alias', () => {
    expect(resolveModel('inherit', ctx)).toEqual({ model: 'claude-session-1' });
    expect(resolveModel(undefined, ctx)).toEqual({ model: 'claude-session-1' });
    expect(resolveModel(undefined, { sessionModel: 'opus' })).toEqual({ model: 'claude-opus-5-5' });
  });

  test('overrides win over the table', () => {
    const overrides = { sonnet: 'claude-sonnet-4-5-20250929' };
    expect(resolveModel('sonnet', { ...ctx, overrides })).toEqual({ model: 'claude-sonnet-4-5-20250929' });
    expect(resolveModel('haiku', { ...ctx, overrides })).toEqual({ model: 'claude-haiku-5-5' });
  });

  test('a full id passes through; an unknown alias warns and falls back to the session model', () => {
    expect(resolveModel('claude-opus-4-1-20250805', ctx)).toEqual({ model: 'claude-opus-4-1-20250805' });
    const r = resolveModel('sonet', ctx);
    expect(r.model).toBe('claude-session-1');
    expect(r.warning).toMatch(/unknown model alias "sonet"/);
  });
});

describe('effectiveToolNames', () => {
  const all = ['Read', 'Write', 'Bash', 'Task', 'mcp__ctx__resolve', 'mcp__ctx__docs', 'mcp__other__x'];

  test('undefined tools means every tool, minus disallowed', () => {
    expect(effectiveToolNames({ disallowedTools: ['Bash', 'mcp__other'] }, all)).toEqual([
      'Read',
      'Write',
      'Task',
      'mcp__ctx__resolve',
      'mcp__ctx__docs',
    ]);
  });

  test('server wildcards expand, Agent means Task, unknown names drop, order follows the session', () => {
    expect(effectiveToolNames({ tools: ['mcp__ctx__*', 'Agent', 'Read', 'Nope'], disallowedTools: [] }, all)).toEqual([
      'Read',
      'Task',
      'mcp__ctx__resolve',
      'mcp__ctx__docs',
    ]);
    expect(effectiveToolNames({ tools: ['mcp__ctx'], disallowedTools: ['mcp__ctx__docs'] }, all)).toEqual(['mcp__ctx__resolve']);
    expect(effectiveToolNames({ tools: ['Task'], disallowedTools: [] }, ['Read', 'Agent'])).toEqual(['Task']);
  });

  test('KNOWN_TOOLS holds the built-in names, legacy ones included', () => {
    expect(KNOWN_TOOLS).toHaveLength(17);
    for (const n of ['LS', 'MultiEdit', 'NotebookRead', 'Task', 'BashOutput', 'KillShell']) expect(KNOWN_TOOLS).toContain(n);
    expect(KNOWN_TOOLS).not.toContain('Agent');
  });
});
