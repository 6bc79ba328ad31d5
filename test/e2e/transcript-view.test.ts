// Issue 14: ctrl+o opens the transcript view, an alternate-screen pager with every tool call's input and output,
// every diff and every thinking block in full; scrollable, searchable, closed with q or Esc, leaving the normal
// screen as it was. Keys in, screen out.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, runTandem, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

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
/** Waits for `text` on the visible screen (the alternate screen while the view is open). */
async function onScreen(session: TerminalSession, text: string | RegExp, timeoutMs = 10_000) {
  const started = Date.now();
  for (;;) {
    const screen = session.screen();
    if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return;
    if (Date.now() - started > timeoutMs) throw new Error(`not on screen: ${String(text)}\n--- screen ---\n${screen}`);
    await sleep(40);
  }
}
const PAGER_LINE = /transcript · rows \d+-\d+ of \d+/;
const PAGE_DOWN = '\x1b[6~';
const PAGE_UP = '\x1b[5~';

describe('ctrl+o: the transcript view', () => {
  it('shows full tool output, full diffs and thinking; scrolls, searches, and leaves the screen exactly as it was', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `row-${String(i + 1).padStart(3, '0')} of the data file`);
    writeFileSync(join(ws.t.project, 'data.txt'), rows.join('\n') + '\n');
    const big = Array.from({ length: 80 }, (_, i) => `generated ${i + 1}`).join('\n') + '\n';
    await ws.serve([
      {
        content: [
          { type: 'thinking', thinking: 'The user wants the data. Secret-thinking-marker: read it first, then write.' },
          { type: 'tool_use', name: 'Read', input: { file_path: 'data.txt' } },
        ],
      },
      { content: [{ type: 'tool_use', name: 'Write', input: { file_path: 'big.txt', content: big } }] },
      // An escape sequence in outside text must reach the view as visible text, never as a command to the terminal.
      { text: 'All done. Evil \x1b[2J sequence here.' },
    ]);
    term = startTerminal(['--permission-mode', 'acceptEdits'], { cwd: ws.t.project, env: testEnv(ws.server!.url, ws.t), cols: 80, rows: 24 });
    await term.waitFor(/❯ /);
    await send(term, 'read and write');
    await term.waitFor('All done.', 20_000);
    await term.waitFor('Type a message'); // the turn is over: the screen stands still
    await sleep(300);
    // On the normal screen the Write is folded and the Read output is not shown at all.
    expect(term.all()).not.toContain('generated 80');
    expect(term.all()).not.toContain('row-150');
    const before = term.all();

    term.write(KEYS.ctrlO);
    await onScreen(term, PAGER_LINE);
    expect(term.raw()).toContain('\x1b[?1049h');
    // The alternate screen: the normal screen's lines are not in this buffer.
    expect(term.all()).not.toContain('/help for commands');
    // It opens at the end: the last answer, sanitised.
    await onScreen(term, 'All done. Evil \\x1b[2J sequence here.');
    // The whole Write diff, not folded.
    term.write('g');
    await onScreen(term, 'rows 1-23 of');
    await onScreen(term, '> read and write');
    await onScreen(term, 'Secret-thinking-marker');
    // Scrolling: a page down, a line down, a page up and back.
    term.write(PAGE_DOWN);
    await onScreen(term, 'rows 23-45 of');
    term.write(KEYS.down);
    await onScreen(term, 'rows 24-46 of');
    term.write(' ');
    await onScreen(term, 'rows 46-68 of');
    term.write(PAGE_UP);
    await onScreen(term, 'rows 24-46 of');
    term.write(KEYS.up);
    await onScreen(term, 'rows 23-45 of');
    // Search: the Read's full output holds row 150, far below what any excerpt showed.
    term.write('/row-150');
    await onScreen(term, '/row-150');
    term.write(KEYS.enter);
    await onScreen(term, 'match 1 of 1');
    await onScreen(term, 'row-150 of the data file');
    const hl = await term.inverseRows();
    expect(hl.some((r) => r.line.includes('row-150') && r.inverse.includes('row-150'))).toBe(true);
    // A search with several matches: n and N move between them, wrapping around.
    term.write('/generated 7');
    term.write(KEYS.enter);
    await onScreen(term, /match 1 of \d+/);
    term.write('n');
    await onScreen(term, /match 2 of \d+/);
    term.write('N');
    term.write('N');
    await onScreen(term, /^search wrapped to the bottom · rows/m);
    await onScreen(term, 'generated 80');
    // Not found says so.
    term.write('/no-such-text-anywhere\r');
    await onScreen(term, 'Not found: no-such-text-anywhere');
    // G: the end.
    term.write('G');
    await onScreen(term, '(end)');

    term.write('q');
    await term.waitFor('/help for commands');
    await sleep(300);
    expect(term.raw()).toContain('\x1b[?1049l');
    // The normal screen and its scrollback are exactly as they were.
    expect(term.all()).toBe(before);
    // Still usable: Esc closes it too, and the input works after.
    term.write(KEYS.ctrlO);
    await onScreen(term, PAGER_LINE);
    term.write(KEYS.esc);
    await term.waitFor('/help for commands');
    await sleep(300);
    expect(term.all()).toBe(before);
  }, 60_000);

  it('opens over a permission prompt, which still waits, with its choice, when the view closes', async () => {
    writeFileSync(join(ws.t.project, 'notes.txt'), Array.from({ length: 60 }, (_, i) => `note ${i + 1}`).join('\n') + '\n');
    const changed = Array.from({ length: 60 }, (_, i) => `NOTE ${i + 1} rewritten`).join('\n') + '\n';
    await ws.serve([
      { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' } }] },
      { content: [{ type: 'tool_use', name: 'Write', input: { file_path: 'notes.txt', content: changed } }] },
      { text: 'Rewritten.' },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(ws.server!.url, ws.t), cols: 80, rows: 24 });
    await term.waitFor(/❯ /);
    await send(term, 'rewrite the notes');
    await term.waitFor('1. Yes', 20_000);
    await sleep(200);
    // The prompt at 80x24 cannot show a 120-line change.
    expect(term.screen()).not.toContain('NOTE 60 rewritten');
    term.write(KEYS.down); // the selection moves to choice 2: it must still be there after the view
    await term.waitFor('❯ 2.');
    term.write(KEYS.ctrlO);
    await onScreen(term, PAGER_LINE);
    // The pending call is in the view with its whole diff.
    await onScreen(term, 'NOTE 60 rewritten');
    term.write('/waiting for approval\r');
    await onScreen(term, /Write notes\.txt \(waiting for approval\)/);
    // Keys go to the view, not the prompt: "1" and "n" here choose nothing.
    term.write('1');
    term.write('n');
    await sleep(300);
    expect(ws.server!.requests.length).toBe(2);
    // A resize while the view is open: the view draws itself for the new size.
    await term.resize(70, 20);
    await onScreen(term, /rows \d+-\d+ of \d+ · match 1 of 1/);
    expect(term.screen().split('\n').filter((l) => /rows \d+-\d+ of \d+/.test(l))).toHaveLength(1);
    term.write('q');
    await term.waitFor('/help for commands');
    await onScreen(term, '❯ 2.');
    await sleep(500);
    expect(term.screen()).toContain('1. Yes');
    // The normal screen, drawn for its new size, holds one copy of the prompt and of the conversation.
    const flat = term.lines();
    expect(count(flat, 'wants to use Write')).toBe(1);
    expect(count(flat, '1. Yes')).toBe(1);
    expect(count(flat, '> rewrite the notes')).toBe(1);
    term.write(KEYS.up);
    await onScreen(term, '❯ 1.');
    term.write(KEYS.enter);
    await term.waitFor('Rewritten.', 20_000);
  }, 60_000);

  it('opens while an answer streams: the stream goes on underneath and is printed once, in full, on close', async () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} says something about the stream.`);
    await ws.serve([{ text: paragraphs.join('\n\n') + '\n\nEnd of the streamed answer.', chunkChars: 6, deltaDelayMs: 25 }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(ws.server!.url, ws.t), cols: 80, rows: 24 });
    await term.waitFor(/❯ /);
    await send(term, 'stream please');
    await term.waitFor('Paragraph 2 says');
    term.write(KEYS.ctrlO);
    await onScreen(term, PAGER_LINE);
    const rawAtOpen = term.raw().length;
    // While the view is open, nothing of the shell's frames reaches the terminal.
    await sleep(4000);
    expect(term.screen()).not.toContain('Paragraph 12');
    expect(term.raw().length).toBe(rawAtOpen);
    term.write('q');
    await term.waitFor('End of the streamed answer.', 10_000);
    await sleep(500);
    const all = term.all();
    for (const p of paragraphs) expect(count(all, p)).toBe(1);
    expect(count(all, '> stream please')).toBe(1);
    expect(count(all, '/help for commands')).toBe(1);
  }, 60_000);

  it('shows a resumed session in full too: its thinking and tool output from before', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `old-row-${i + 1}`);
    writeFileSync(join(ws.t.project, 'old.txt'), rows.join('\n') + '\n');
    await ws.serve([
      { content: [{ type: 'thinking', thinking: 'Earlier-thinking-marker before reading.' }, { type: 'tool_use', name: 'Read', input: { file_path: 'old.txt' } }] },
      { text: 'Read it before.' },
    ]);
    const env = testEnv(ws.server!.url, ws.t);
    const first = await runTandem(['-p', 'read the old file', '--allowedTools', 'Read'], { cwd: ws.t.project, env });
    expect(first.code).toBe(0);
    term = startTerminal(['--continue'], { cwd: ws.t.project, env, cols: 80, rows: 24 });
    await term.waitFor('Read it before.');
    await term.waitFor(/❯ /);
    // A resumed conversation is drawn before the session is up; the status line with its cost says it is.
    await term.waitFor(/\$\d+\.\d{3}/);
    expect(term.all()).not.toContain('old-row-100');
    term.write(KEYS.ctrlO);
    await onScreen(term, PAGER_LINE);
    term.write('/old-row-100\r');
    await onScreen(term, 'match 1 of 1');
    term.write('/earlier-thinking\r');
    await onScreen(term, 'Earlier-thinking-marker before reading.');
    term.write('q');
    await term.waitFor('/help for commands');
  }, 60_000);
});
