// Issue #14, resume speed: a long session reprints only the turns a user can scroll back to (the last answer on
// screen, a notice for the rest), while the model still gets the whole conversation.
import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TranscriptWriter } from '../../src/session/transcript-store';
// @ts-expect-error: a plain .mjs bench helper without types
import { writeSession } from '../../bench/resume-sessions.mjs';
import { KEYS, startTerminal, testEnv, useWorkspace } from './harness';

const ws = useWorkspace();
const ID = '00000050-0000-4000-8000-00000000e2e0';

describe('resuming a long session', () => {
  it('shows the last answer and a notice, not all 50 turns; the next request carries every turn', async () => {
    const server = await ws.serve([{ text: 'next answer here' }]);
    const env = testEnv(server.url, ws.t);
    await writeSession({ tandemHome: env.TANDEM_HOME, projectRoot: realpathSync(ws.t.project), sessionId: ID, turns: 50, writer: TranscriptWriter });
    const term = startTerminal(['--resume', ID], { cwd: ws.t.project, env, cols: 100, rows: 30 });
    try {
      await term.waitFor(/answer-of-turn-50\b/, 30_000);
      await term.waitFor('Type a message', 30_000);
      const all = term.all();
      expect(all).toMatch(/\d+ earlier turns are not reprinted here/);
      expect(all).not.toMatch(/answer-of-turn-1\b/);
      expect(all).not.toMatch(/answer-of-turn-30\b/);
      term.write('and now?');
      term.write(KEYS.enter);
      await term.waitFor('next answer here', 30_000);
      const sent = JSON.stringify(server.requests[0]!.body.messages);
      expect(sent).toContain('turn 1: make handler 1 return early');
      expect(sent).toContain('answer-of-turn-50');
    } finally {
      term.kill();
    }
  }, 90_000);
});
