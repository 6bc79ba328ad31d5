// Issue 14: how failed and denied calls are committed to the transcript.
import { describe, expect, it } from 'vitest';
import { initialState, reduceMany } from '../../src/ui/state/reducer';
import type { EngineEvent } from '../../src/engine/events';
import { mainSpeaker } from './fake-controller';

const call = (id: string): EngineEvent[] => [
  { type: 'tool_call', speaker: mainSpeaker, callId: id, name: 'Bash', input: { command: 'rm -rf build' } },
  {
    type: 'permission_request',
    requestId: 'r-' + id,
    speaker: mainSpeaker,
    callId: id,
    toolName: 'Bash',
    input: { command: 'rm -rf build' },
    preview: { kind: 'command', command: 'rm -rf build', cwd: '/p' },
    reason: 'no rule allows it',
    suggestion: { rule: 'Bash(rm:*)', label: 'rm' },
  },
];
const denied = (id: string): EngineEvent[] => [
  { type: 'tool_state', speaker: mainSpeaker, callId: id, state: 'denied', summary: 'denied with feedback' },
  { type: 'tool_result', speaker: mainSpeaker, callId: id, name: 'Bash', result: { type: 'tool_result', tool_use_id: id, content: 'The user declined', is_error: true }, summary: 'denied' },
];

describe('denials and failures in the transcript', () => {
  it('records the reason the user typed, not "denied: denied"', () => {
    let s = reduceMany(initialState(), call('c1'));
    s = reduceMany(s, [{ type: 'ui_prompt_answered', requestId: 'r-c1', feedback: 'use make clean instead' }]);
    s = reduceMany(s, denied('c1'));
    const item = s.staticItems.find((i) => i.kind === 'tool');
    expect(item).toMatchObject({ state: 'denied', summary: 'use make clean instead' });
  });
  it('a command that exited non-zero is a failure with its exit code and last lines', () => {
    let s = reduceMany(initialState(), call('c2'));
    const out = Array.from({ length: 20 }, (_, i) => `out-${i + 1}`).join('\n');
    s = reduceMany(s, [
      { type: 'tool_result', speaker: mainSpeaker, callId: 'c2', name: 'Bash', result: { type: 'tool_result', tool_use_id: 'c2', content: out }, summary: 'exit 3 in 1 s', display: out, details: { exitCode: 3 } },
    ]);
    const item = s.staticItems.find((i) => i.kind === 'tool');
    expect(item).toMatchObject({ state: 'error', exitCode: 3, hiddenLines: 14, excerptFromEnd: true });
    expect(item?.kind === 'tool' && item.excerpt.endsWith('out-20')).toBe(true);
  });
});
