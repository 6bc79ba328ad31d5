// A resumed session goes on with its bill: the status line shows what the session has cost so far (and its
// tokens and context) from the moment the shell draws, not $0.000 until the next request; /cost agrees, and the
// next request adds to it.
import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TranscriptWriter } from '../../src/session/transcript-store';
// @ts-expect-error: a plain .mjs bench helper without types
import { writeSession } from '../../bench/resume-sessions.mjs';
import { KEYS, startTerminal, testEnv, useWorkspace } from './harness';

const ws = useWorkspace();
const ID = '00000003-0000-4000-8000-0000000c0570';

/** The last `$x.xxx` on the screen's status line. */
function shownCost(screen: string): number {
  const all = [...screen.matchAll(/↓[\d.k]+ (?:· )?\$(\d+\.\d+)/g)];
  return all.length ? Number(all[all.length - 1]![1]) : NaN;
}

describe('resuming keeps the session cost', () => {
  it('shows the cost and tokens so far before any new request, and adds the next one to them', async () => {
    const server = await ws.serve([{ text: 'a new answer' }]);
    const env = testEnv(server.url, ws.t);
    // Three turns, each 1,200 input + 9,000 cache-read + 400 output tokens and $0.012 (bench/resume-sessions.mjs).
    await writeSession({ tandemHome: env.TANDEM_HOME, projectRoot: realpathSync(ws.t.project), sessionId: ID, turns: 3, writer: TranscriptWriter });
    const term = startTerminal(['--resume', ID], { cwd: ws.t.project, env, cols: 120, rows: 30 });
    try {
      await term.waitFor(/answer-of-turn-3\b/, 30_000);
      await term.waitFor('Type a message', 30_000);
      await term.waitFor(/↑31k ↓1\.2k (· )?\$0\.036/, 15_000);
      // The context was 10,600 tokens of 200k at the last request.
      expect(term.screen()).toMatch(/ctx 5%/);
      term.write('/cost');
      term.write(KEYS.enter);
      await term.waitFor(/Total cost:\s+\$0\.04/, 15_000);
      term.write('one more');
      term.write(KEYS.enter);
      await term.waitFor('a new answer', 30_000);
      await term.waitFor(/↓[\d.k]+ (· )?\$\d/, 15_000);
      // The fake server reports usage for the new request: the bill grows from what it was, never restarts at 0.
      await new Promise((r) => setTimeout(r, 500));
      expect(shownCost(term.screen())).toBeGreaterThan(0.036);
    } finally {
      term.kill();
    }
  }, 90_000);
});
