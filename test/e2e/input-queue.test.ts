// A message sent while the agent works: pinned above the input as queued, ↑ takes it back to edit, Esc removes
// it, and it is sent as the next user message when the turn ends.
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, timeoutMs = 15_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}\n--- screen ---\n${term?.screen()}`);
    await sleep(40);
  }
}

/** The rows above the rule that tops the input. */
function rowsAboveInput(screen: string, n: number): string[] {
  const lines = screen.split('\n');
  const rule = lines.findLastIndex((l) => /^─{10,}/.test(l));
  return lines.slice(Math.max(0, rule - n), rule);
}

describe('a message typed while the agent works', () => {
  it('is pinned as queued, editable with ↑, removable with Esc, and sent as the next message', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const s = await ws.serve([
      { text: `Working on it. ${long} Done with the first.`, chunkChars: 4, deltaDelayMs: 60 },
      { text: 'Got the second.' },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/Type a message/);
    await sleep(300);
    term.write('first');
    await sleep(80);
    term.write(KEYS.enter);
    await term.waitFor('Working on it.');
    term.write('second');
    await sleep(80);
    term.write(KEYS.enter);
    await until(() => rowsAboveInput(term!.screen(), 2).some((l) => /queued › second/.test(l)), 'the pinned message');
    // Pinned, not in the transcript yet.
    expect(term.all()).not.toContain('> second');
    // ↑ takes it back into the input to edit; it is no longer pinned.
    term.write(KEYS.up);
    await term.waitFor(/❯ second/);
    expect(term.screen()).not.toContain('queued › second');
    term.write(' edited');
    await sleep(80);
    term.write(KEYS.enter);
    await term.waitFor('queued › second edited');
    // A third one, removed with Esc (the turn goes on: Esc dropped the message, it did not interrupt).
    term.write('third');
    await sleep(80);
    term.write(KEYS.enter);
    await term.waitFor('queued › third');
    term.write(KEYS.esc);
    await until(() => !term!.screen().includes('queued › third'), 'the third message to be removed');
    expect(term.screen()).toContain('queued › second edited');
    await term.waitFor('Done with the first.');
    await term.waitFor('Got the second.');
    expect(s.requests.length).toBe(2);
    const sent = JSON.stringify(s.requests[1]!.body.messages[s.requests[1]!.body.messages.length - 1]);
    expect(sent).toContain('second edited');
    expect(JSON.stringify(s.requests[1]!.body.messages)).not.toContain('third');
    expect(term.all()).toContain('> second edited');
    expect(term.screen()).not.toContain('queued ›');
    // The first turn was not interrupted.
    expect(term.all()).not.toMatch(/interrupted/i);
  });
});
