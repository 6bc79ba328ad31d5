// Issue 14: redraws leave no stale copies of the live area (todo panel, prompt, spinner, status line) in the
// transcript or scrollback, and resizing the terminal during and after a stream loses no printed line.
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function send(session: TerminalSession, text: string) {
  session.write(text);
  await sleep(80);
  session.write(KEYS.enter);
}
const count = (hay: string, needle: string) => hay.split(needle).length - 1;

const TODOS = [
  { content: 'Plan the answer', status: 'completed', activeForm: 'Planning' },
  { content: 'Write the long answer', status: 'in_progress', activeForm: 'Writing the long answer' },
  { content: 'Check the answer', status: 'pending', activeForm: 'Checking' },
];

describe('scrollback through redraws and resizes', () => {
  it('keeps every printed line once, in order, and no copy of the live area, while the terminal shrinks and grows', async () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${String(i + 1).padStart(2, '0')} of the streamed answer, long enough to wrap when the terminal is narrow.`);
    await ws.serve([
      { content: [{ type: 'tool_use', name: 'TodoWrite', input: { todos: TODOS } }] },
      { text: paragraphs.join('\n\n') + '\n\nThe end.', chunkChars: 12, deltaDelayMs: 15 },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(ws.server!.url, ws.t), cols: 100, rows: 30 });
    await term.waitFor(/❯ /);
    await send(term, 'write it');
    await term.waitFor('Paragraph 03');
    // During the stream: narrower, shorter, wider, taller.
    for (const [c, r] of [[70, 24], [50, 20], [90, 30], [60, 24], [100, 30]] as const) {
      await term.resize(c, r);
      await sleep(250);
    }
    await term.waitFor('The end.', 20_000);
    await sleep(300);
    // After the stream.
    for (const [c, r] of [[60, 24], [120, 35], [80, 24]] as const) {
      await term.resize(c, r);
      await sleep(300);
    }
    await sleep(500);
    // Rows rewrap with the width: the terminal's wrapped rows are joined back, then the shell's own line breaks
    // (a paragraph wrapped at a narrow width) become spaces, to compare text.
    const flat = term.lines().replace(/\s+/g, ' ');
    let at = -1;
    for (const p of paragraphs) {
      expect(count(flat, p), p).toBe(1);
      const i = flat.indexOf(p);
      expect(i, `${p} in order`).toBeGreaterThan(at);
      at = i;
    }
    expect(count(flat, '> write it')).toBe(1);
    expect(count(flat, 'The end.')).toBe(1);
    // The live area is on screen once: no stale copy of the todo panel, status line or input box above it.
    expect(count(flat, 'Todos 1/3')).toBe(1);
    expect(count(flat, 'Writing the long answer')).toBe(1);
    expect(count(flat, 'Check the answer')).toBe(1);
    expect(count(flat, 'Type a message')).toBe(1);
    expect(count(flat, ' · ctx ')).toBe(1); // the status line
    expect(flat).not.toMatch(/working \d+s/);
  }, 90_000);
});
