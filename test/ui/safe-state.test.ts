// The reducer is where outside text enters screen state: pieces that only make sense together (a surrogate pair
// split across two deltas, a progress bar's carriage returns split across output chunks) are sanitised as a whole.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events';
import { initialState, reduceMany } from '../../src/ui/state/reducer';
import { mainSpeaker } from './fake-controller';

const delta = (text: string): EngineEvent => ({ type: 'text_delta', speaker: mainSpeaker, text });
const output = (chunk: string): EngineEvent => ({ type: 'tool_output', speaker: mainSpeaker, callId: 'c1', chunk });
const running: EngineEvent[] = [
  { type: 'tool_call', speaker: mainSpeaker, callId: 'c1', name: 'Bash', input: { command: 'npm i' } },
  { type: 'tool_state', speaker: mainSpeaker, callId: 'c1', state: 'running' },
];

describe('outside text entering screen state', () => {
  it('a tag character split across two deltas is still escaped', () => {
    const s = reduceMany(initialState(), [delta('hid\udb40'), delta('\udc41den')]);
    expect(s.streams['main']!.text).toBe('hid⟨U+E0041⟩den');
  });

  it('tabs in a streamed line continue its column', () => {
    const s = reduceMany(initialState(), [delta('ab'), delta('\tc')]);
    expect(s.streams['main']!.text).toBe('ab  c');
  });

  it("a running command's carriage returns redraw its last line, also across chunks; nothing raw is kept", () => {
    let s = reduceMany(initialState(), [...running, output('fetch 10%\r'), output('fetch 20%\rfetch 30%')]);
    expect(s.tools[0]!.output).toBe('fetch 30%');
    s = reduceMany(s, [output('\r'), output('\ndone \x1b]0;title\x07\r\n'), output('next\u202e')]);
    expect(s.tools[0]!.output).toBe('fetch 30%\ndone \\x1b]0;title\\x07\nnext⟨U+202E⟩');
  });

  it('the permission request kept for the prompt is sanitised, the diff texts are left for the diff', () => {
    const s = reduceMany(initialState(), [
      {
        type: 'permission_request',
        requestId: 'r',
        speaker: { ...mainSpeaker, agent: 'a\x1b[7m' },
        callId: 'c',
        toolName: 'T\r',
        input: {},
        preview: { kind: 'diff', path: '/p/x\x1b', oldText: 'a\r\n', newText: 'b\r\n', outsideProject: false },
        reason: 'r\x9b',
        suggestion: { rule: 'T', label: 'l\u200b' },
      },
    ]);
    const p = s.prompts[0]!;
    expect([p.speaker.agent, p.toolName, p.reason, p.suggestion.label]).toEqual(['a\\x1b[7m', 'T␍', 'r\\x9b', 'l⟨U+200B⟩']);
    expect(p.preview).toMatchObject({ path: '/p/x\\x1b', oldText: 'a\r\n', newText: 'b\r\n' });
  });
});
