// Issue 14: at 80 and 60 columns nothing is cut in the middle of a word and no row spills into a garbled second
// one (status line, prompt hints, todo items); a prompt folds the todo panel to one row to show more of the change;
// markdown tables wrap inside their columns, or become a list when the terminal is too narrow. Keys in, screen out.
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
async function send(session: TerminalSession, text: string) {
  session.write(text);
  await sleep(80);
  session.write(KEYS.enter);
}
const rowsOf = (screen: string) => screen.split('\n').map((l) => l.replace(/\s+$/, ''));
const lastRow = (screen: string) => rowsOf(screen).filter(Boolean).at(-1) ?? '';

const LONG_TODO = 'Rewrite every note in capitals and keep the numbering exactly as it was before the change';
const TODOS = [
  { content: 'Read the notes file carefully', status: 'completed', activeForm: 'Reading the notes' },
  { content: LONG_TODO, status: 'in_progress', activeForm: LONG_TODO },
  { content: 'Run the tests again', status: 'pending', activeForm: 'Running the tests' },
];

/** Every word on `row` (a trailing … aside) is a whole word of `source`. */
function wholeWords(row: string, source: string): void {
  const known = new Set(source.split(/\s+/));
  for (const w of row.trim().split(/\s+/).slice(1)) expect(known, `"${w}" in: ${row}`).toContain(w.replace(/…$/, ''));
}

for (const cols of [80, 60]) {
  describe(`at ${cols}x24`, () => {
    it('a prompt folds the todo panel to one row and shows more of the change; status and hints keep whole words', async () => {
      writeFileSync(join(ws.t.project, 'notes.txt'), Array.from({ length: 30 }, (_, i) => `note ${i + 1}`).join('\n') + '\n');
      await ws.serve([
        { content: [{ type: 'tool_use', name: 'TodoWrite', input: { todos: TODOS } }] },
        { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' } }] },
        {
          content: [
            {
              type: 'tool_use',
              name: 'Edit',
              input: {
                file_path: 'notes.txt',
                old_string: Array.from({ length: 12 }, (_, i) => `note ${i + 5}`).join('\n'),
                new_string: Array.from({ length: 12 }, (_, i) => `NOTE ${i + 5} changed`).join('\n'),
              },
            },
          ],
        },
        { text: 'Done.' },
      ]);
      term = startTerminal([], { cwd: ws.t.project, env: testEnv(ws.server!.url, ws.t), cols, rows: 24 });
      await term.waitFor(/❯ /);
      await send(term, 'do it');
      await term.waitFor('1. Yes', 20_000);
      await sleep(400);
      let screen = term.screen();
      // Folded: one row, the list is gone while the prompt is open...
      expect(screen).toContain('☐ 3 todos (1 done, 1 in progress)');
      expect(screen).not.toContain('Todos 1/3');
      expect(screen).not.toContain('Run the tests again');
      // ...and the room went to the change.
      expect(screen).toContain('7 - note 7');
      // The status line is the last row, whole parts only (no word cut and marked with …).
      const status = lastRow(screen);
      expect(status).toMatch(/^⏸ waiting for you · \d+s · general-purpose/);
      expect(status).not.toContain('…');
      // The row above it is the folded panel, not the end of a status line that spilled over.
      const rows = rowsOf(screen).filter(Boolean);
      expect(rows.at(-2)).toMatch(/^☐ 3 todos/);
      // The prompt's hint is one row of whole parts.
      const hint = rows.find((r) => r.startsWith('Enter or 1-4'));
      expect(hint).toBeDefined();
      expect(rows[rows.indexOf(hint!) + 1]).toMatch(/^☐ 3 todos/);
      // A choice too long for the row wraps under its own text.
      expect(screen).toMatch(/\n {5}\S/);

      term.write('1');
      await term.waitFor('Done.', 20_000);
      await sleep(400);
      screen = term.screen();
      // Unfolded again once the prompt closed.
      expect(screen).toContain('Todos 1/3 (ctrl+t to hide)');
      expect(screen).toContain('☐ Run the tests again');
      // A todo too long for the row is shortened by whole words.
      const long = rowsOf(screen).find((r) => r.includes('Rewrite every note'))!;
      expect(long.length).toBeLessThanOrEqual(cols);
      wholeWords(long, LONG_TODO);
      const idle = lastRow(screen);
      expect(idle).toMatch(/^general-purpose · /);
      expect(idle).not.toContain('…');
    }, 60_000);
  });
}

describe('markdown tables in the shell', () => {
  it('wrap cells inside their columns at 60 columns, and become a list when there is no room for the columns', async () => {
    const table = [
      '| Name | Description | Status |',
      '|------|-------------|:------:|',
      '| alpha | The first module parses configuration files and environment variables for every process | ok |',
      '| beta | Short | failing badly |',
    ].join('\n');
    const wide = [
      '|' + Array.from({ length: 10 }, (_, i) => ` H${i} `).join('|') + '|',
      '|' + Array(10).fill('---').join('|') + '|',
      '|' + Array.from({ length: 10 }, (_, i) => ` value number ${i} `).join('|') + '|',
    ].join('\n');
    await ws.serve([{ text: `Here:\n\n${table}\n\nAnd the wide one:\n\n${wide}\n\nThat is all.` }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(ws.server!.url, ws.t), cols: 60, rows: 40 });
    await term.waitFor(/❯ /);
    await send(term, 'tables');
    await term.waitFor('That is all.', 20_000);
    await sleep(300);
    const all = term.all();
    // The grid: nothing cut, the long cell wrapped over several rows of its column.
    expect(all).not.toContain('…');
    const gridRows = rowsOf(all).filter((r) => r.startsWith('│'));
    const text = gridRows.join(' ').replace(/│/g, ' ');
    for (const w of 'The first module parses configuration files and environment variables for every process failing badly'.split(' ')) expect(text.split(/\s+/)).toContain(w);
    expect(gridRows.filter((r) => /^│ +│ \S/.test(r)).length).toBeGreaterThan(1);
    // The wide table: one `header: value` line per field.
    for (let i = 0; i < 10; i++) expect(all).toContain(`H${i}: value number ${i}`);
  }, 60_000);
});
