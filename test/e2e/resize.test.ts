// Resizing the terminal while the shell shows a permission prompt: the terminal rewraps what is on screen, the
// shell redraws, and nothing of the old frame is left behind (no second copy of the prompt's lines).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = (text: string, part: string) => text.split(part).length - 1;

/**
 * Resizes just after a frame arrived. A frame the shell wrote before it learned of the resize, but which the
 * terminal reads after rewrapping, erases with the old row count: that race is the terminal's and the shell's
 * alike, and the spinner draws every 120 ms, so the resize goes in right after a frame rather than at random.
 */
async function resizeBetweenFrames(session: TerminalSession, cols: number, rows: number) {
  const seen = session.raw().length;
  for (let waited = 0; session.raw().length === seen && waited < 1000; waited += 5) await sleep(5);
  await sleep(20); // a frame may come in more than one read
  await session.resize(cols, rows);
}

describe('resizing the terminal', () => {
  it('leaves one copy of the prompt when the terminal gets narrower, and again when it widens', async () => {
    writeFileSync(join(ws.t.project, 'notes.txt'), 'the quick brown fox\n'.repeat(3));
    const server = await ws.serve([
      { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' } }] },
      { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'notes.txt', old_string: 'the quick brown fox\nthe', new_string: 'the slow red fox\nthe' } }] },
      { text: 'Edited.' },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(server.url, ws.t), cols: 120, rows: 40 });
    await term.waitFor(/❯ /);
    term.write('fix the note');
    await sleep(60);
    term.write(KEYS.enter);
    await term.waitFor('1. Yes');
    await sleep(200);
    const once = (text: string) => {
      expect(count(text, 'wants to use Edit')).toBe(1);
      expect(count(text, '1. Yes')).toBe(1);
      // The transcript above the live area is intact.
      expect(count(text, '> fix the note')).toBe(1);
      expect(text).toContain('/help for commands');
    };
    once(term.all());
    // Narrower: the status line and the longest choice rewrap to two rows each.
    await resizeBetweenFrames(term, 70, 40);
    await sleep(500);
    once(term.all());
    await resizeBetweenFrames(term, 100, 40);
    await sleep(500);
    once(term.all());
    // Much narrower: the prompt's lines rewrap to three rows and more.
    await resizeBetweenFrames(term, 40, 40);
    await sleep(500);
    once(term.all());
    term.write('1');
    await term.waitFor('Edited.');
  });
});
