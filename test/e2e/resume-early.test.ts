// Resume speed (issue #14): the conversation is drawn from the log as soon as the shell is up, without waiting for
// the rest of the session to be built. A SessionStart hook that takes 4 s holds the session back; the last answer
// must be on screen before it ends (before the banner the finished session prints).
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptWriter } from '../../src/session/transcript-store';
// @ts-expect-error: a plain .mjs bench helper without types
import { writeSession } from '../../bench/resume-sessions.mjs';
import { startTerminal, testEnv, useWorkspace } from './harness';

const ws = useWorkspace();
const ID = '00000003-0000-4000-8000-0000000ea71e';

describe('resuming draws the conversation first', () => {
  it('shows the last answer while the session is still being built', async () => {
    const server = await ws.serve([{ text: 'unused' }]);
    const env = testEnv(server.url, ws.t);
    mkdirSync(env.TANDEM_HOME!, { recursive: true });
    writeFileSync(join(env.TANDEM_HOME!, 'settings.json'), JSON.stringify({ hooks: { SessionStart: [{ hooks: [{ type: 'command', command: 'sleep 4' }] }] } }));
    await writeSession({ tandemHome: env.TANDEM_HOME, projectRoot: realpathSync(ws.t.project), sessionId: ID, turns: 3, writer: TranscriptWriter });
    const started = Date.now();
    const term = startTerminal(['--resume', ID], { cwd: ws.t.project, env, cols: 120, rows: 40 });
    try {
      await term.waitFor(/answer-of-turn-3\b/, 30_000);
      const shownAfter = Date.now() - started;
      // The banner comes with the finished session, after the hook: it is not there yet.
      expect(term.all(), `last answer after ${shownAfter} ms`).not.toContain('/help for commands');
      await term.waitFor('/help for commands', 30_000);
      expect(Date.now() - started).toBeGreaterThan(4000);
    } finally {
      term.kill();
    }
  }, 90_000);
});
