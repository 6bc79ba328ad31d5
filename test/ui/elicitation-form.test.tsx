// The MCP form component: keys in, frame out; outside text sanitised; only values that fit the schema are sent.
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { ElicitationForm, FORM_BADGE } from '../../src/ui/components/ElicitationForm';
import { PROMPT_BADGE } from '../../src/ui/components/PermissionPrompt';
import type { ElicitationAnswer } from '../../src/mcp/elicitation-form';
import type { FormRequest } from '../../src/ui/state/types';
import { initialState, reduceMany } from '../../src/ui/state/reducer';
import { KEYS, plain, press } from './helpers';

const RIGHT = '\x1b[C';

const request: FormRequest = {
  type: 'elicitation_request',
  requestId: 'f1',
  server: 'evil\x1b[2Jsrv',
  message: 'Pick \x1b]52;c;aGk=\x07 one',
  fields: [
    { kind: 'choice', name: 'size', label: 'Size\u202e', required: true, options: [{ value: 's\x1b[31m', label: 'Small\x1b[7m inverse' }, { value: 'l', label: 'Large' }] },
    { kind: 'multi', name: 'tags', label: 'Tags', required: false, options: [{ value: 'a', label: 'Alpha' }, { value: 'b', label: 'Beta' }], maxItems: 1 },
    { kind: 'number', name: 'n', label: 'Count', required: false, integer: true },
  ],
};

function setup() {
  const answers: ElicitationAnswer[] = [];
  const r = render(<ElicitationForm request={request} width={100} maxRows={20} onAnswer={(a) => answers.push(a)} />);
  return { ...r, answers };
}

describe('ElicitationForm', () => {
  it('names the server under its own badge and shows outside text as visible escapes', () => {
    const { lastFrame } = setup();
    const raw = lastFrame() ?? '';
    const f = plain(raw);
    expect(FORM_BADGE).not.toBe(PROMPT_BADGE);
    expect(f).toContain('MCP form');
    expect(f).toContain('MCP server "evil\\x1b[2Jsrv" asks you to fill in a form');
    expect(f).toContain('Pick \\x1b]52;c;aGk=\\x07 one');
    expect(f).toContain('Size⟨U+202E⟩');
    expect(raw).not.toContain('\x1b]52');
    expect(raw).not.toContain('\x1b[2J');
    expect(f).not.toMatch(/permission/i);
  });

  it('checks the values before sending: a list over its limit and a fraction are refused, then fixed', async () => {
    const { stdin, lastFrame, answers } = setup();
    await press(stdin, RIGHT); // size: the first option
    await press(stdin, KEYS.tab, ' ', RIGHT, ' '); // tags: both (over maxItems 1)
    await press(stdin, KEYS.tab, '1.5', KEYS.tab, KEYS.enter);
    const f = plain(lastFrame());
    expect(f).toContain('pick at most 1');
    expect(f).toContain('must be a whole number');
    expect(answers).toEqual([]);
    await press(stdin, ' '); // focus went to tags (first bad field): unpick Beta
    await press(stdin, KEYS.tab, KEYS.backspace, KEYS.backspace, KEYS.backspace, '2', KEYS.tab, KEYS.enter);
    // The value is sent as the server gave it, escapes and all: only what is shown is sanitised.
    expect(answers).toEqual([{ action: 'accept', content: { size: 's\x1b[31m', tags: ['a'], n: 2 } }]);
  });

  it('Esc cancels; Decline on the answers row declines', async () => {
    const a = setup();
    await press(a.stdin, KEYS.esc);
    expect(a.answers).toEqual([{ action: 'cancel' }]);
    const b = setup();
    await press(b.stdin, KEYS.tab, KEYS.tab, KEYS.tab, RIGHT, KEYS.enter);
    expect(b.answers).toEqual([{ action: 'decline' }]);
  });
});

describe('ElicitationForm on a short screen', () => {
  it('stays within its rows and scrolls to the focused field', async () => {
    const many: FormRequest = {
      ...request,
      fields: Array.from({ length: 12 }, (_, i) => ({ kind: 'text' as const, name: `f${i + 1}`, label: `Field ${i + 1}`, required: false })),
    };
    const r = render(<ElicitationForm request={many} width={80} maxRows={12} onAnswer={() => undefined} />);
    await press(r.stdin, ...Array.from({ length: 6 }, () => KEYS.tab));
    const f = plain(r.lastFrame());
    expect(f.split('\n').length).toBeLessThanOrEqual(12);
    expect(f).toMatch(/❯ Field 7:/);
    expect(f).toMatch(/↑ \d+ more fields/);
    expect(f).toMatch(/↓ \d+ more fields/);
  });
});

describe('reducer', () => {
  it('keeps forms in order and shows MCP progress on the running tool, sanitised', () => {
    const speaker = { agent: 'main', model: 'm', parentToolUseId: null, depth: 0 };
    const s = reduceMany(initialState(), [
      { type: 'tool_call', speaker, callId: 'c1', name: 'mcp__srv__index', input: {} },
      { type: 'tool_state', speaker, callId: 'c1', state: 'running' },
      { type: 'tool_progress', speaker, callId: 'c1', progress: 3, total: 4, message: 'indexing\x1b[2J files' },
      request,
      { ...request, requestId: 'f2' },
      { type: 'elicitation_resolved', requestId: 'f1' },
    ]);
    expect(s.tools[0]!.progress).toBe('3/4 indexing\\x1b[2J files');
    expect(s.forms!.map((f) => f.requestId)).toEqual(['f2']);
    expect(s.forms![0]!.server).toBe('evil\\x1b[2Jsrv');
    expect(s.forms![0]!.fields[0]).toMatchObject({ options: [{ value: 's\x1b[31m', label: 'Small\\x1b[7m inverse' }, { value: 'l', label: 'Large' }] });
  });
});
