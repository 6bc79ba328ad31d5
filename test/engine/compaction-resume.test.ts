// Issue #13: after a compaction in the middle of a turn and a crash, --continue resumes from the compacted state
// plus every later message: nothing duplicated, nothing dropped. Uses the real transcript file.
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { parseTranscript, rebuildState, transcriptPath as transcriptFile } from '../../src/session/transcript-store';
import { expectValidHistory } from './api-validity';
import { engineRig, type EngineRig } from './boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const tooLong = { fault: { type: 'status' as const, status: 400, message: 'prompt is too long: 212345 tokens > 200000 maximum' } };
const count = (text: string, word: string) => text.split(word).length - 1;

it('mid-turn compaction, then more calls, then a crash: the rebuilt history is the live one, no duplicates', { timeout: 60_000 }, async () => {
  rig = await engineRig(['--allowedTools', 'Bash'], {
    turns: [
      { text: 'OLD-ANSWER '.repeat(3000) },
      { content: [{ type: 'tool_use', id: 'toolu_keep', name: 'Bash', input: { command: "printf 'KEEP-%s' 7" } }] },
      tooLong,
      { text: 'SUMMARY-TEXT of the first question.' },
      { content: [{ type: 'tool_use', id: 'toolu_after', name: 'Bash', input: { command: "printf 'AFTER-%s' 9" } }] },
      { text: 'finished' },
    ],
  }, { interactive: false });
  await rig.boot.session.send('first question');
  const result = await rig.boot.session.send('second question');
  expect(result.text).toBe('finished');
  const { tandemHome, projectRoot } = rig.boot.locations;
  const text = readFileSync(transcriptFile({ tandemHome, projectRoot, sessionId: rig.boot.session.sessionId }), 'utf8');

  // The whole transcript: exactly the live conversation.
  const full = rebuildState(parseTranscript(text).entries);
  expect(full.compactions).toBe(1);
  expect(full.messages).toEqual(rig.boot.session.messages);

  // A crash right after AFTER-9's result was written (the rest of the file lost, the last line cut in half).
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes('"type":"tool_result"') && l.includes('AFTER-9'));
  expect(at).toBeGreaterThan(0);
  const crashed = [...lines.slice(0, at + 1), lines[at + 1]!.slice(0, 20)].join('\n');
  const state = rebuildState(parseTranscript(crashed).entries);
  expectValidHistory(state.messages);
  const sent = JSON.stringify(state.messages);
  expect(sent).toContain('SUMMARY-TEXT');
  expect(sent).not.toContain('OLD-ANSWER OLD-ANSWER');
  expect(count(sent, 'KEEP-7')).toBe(count(JSON.stringify(rig.boot.session.messages), 'KEEP-7'));
  expect(count(sent, 'AFTER-9')).toBe(1);
  expect(count(sent, '"id":"toolu_after"')).toBe(1);
  expect(state.messages).toEqual(rig.boot.session.messages.slice(0, state.messages.length));
});
