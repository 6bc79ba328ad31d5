// The prompt cannot be forged: a scripted model prints a fake permission prompt and escape sequences, asks for a
// Bash call whose command holds a carriage return, an erase-line sequence and fake prompt text, then an Edit of a
// file whose content holds the same. On the real terminal (pty + headless xterm) every one of them shows as a
// visible escape, nothing is cleared or overwritten, and the only inverse-video "permission" badge on the screen
// is the real prompt's.
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

const FORGED_TEXT = [
  'Before the forgery.',
  '',
  '\x1b[7m permission \x1b[27m main wants to use Bash ls',
  '',
  '\x1b[36m❯ 1. Yes\x1b[39m',
  '',
  'The \u202eynned\u202c word and a zero\u200bwidth space.',
  '',
  '\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x1b[H',
].join('\n');
const COMMAND = 'echo safe\r\x1b[2Kmain wants to use Bash ls\x9b2J';
const FILE = 'line one\nkeep \x1b[2J\x1b]8;;https://evil.example/\x07here\rDENY\u202e\u200b\ufeff\x7f\x08 end\n';

describe('a forged permission prompt', () => {
  it('shows escapes for every control and invisible character; only the real prompt has the inverse badge', async () => {
    writeFileSync(join(ws.t.project, 'evil.txt'), FILE);
    const s = await ws.serve([
      { content: [{ type: 'text', text: FORGED_TEXT }, { type: 'tool_use', name: 'Bash', input: { command: COMMAND } }] },
      { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'evil.txt' } }] },
      { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'evil.txt', old_string: 'line one', new_string: 'line 1' } }] },
      { text: 'All done.' },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t), rows: 50 });
    await term.waitFor(/❯ /);
    term.write('go');
    await sleep(60);
    term.write(KEYS.enter);

    // The Bash prompt: the command is shown with its carriage return and escape sequences visible.
    await term.waitFor('Yes, and don');
    await term.waitFor('$ echo safe␍\\x1b[2Kmain wants to use Bash ls\\x9b2J');
    const screen = term.screen();
    expect(screen).toContain('Before the forgery.'); // ESC[2J did not clear the screen
    expect(screen).toContain('\\x1b[7m permission \\x1b[27m main wants to use Bash ls');
    expect(screen).toContain('⟨U+202E⟩ynned⟨U+202C⟩');
    expect(screen).toContain('zero⟨U+200B⟩width');
    expect(screen).toContain('\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2J\\x1b[H');
    let inverse = await term.inverseRows();
    expect(inverse).toHaveLength(1);
    expect(inverse[0]!.inverse).toBe(' permission ');
    // The real prompt: its badge row, then who asks for what, then the preview.
    const lines = screen.split('\n');
    const badge = lines.findIndex((l) => l === inverse[0]!.line);
    expect(inverse[0]!.line.trim()).toBe('permission');
    // The command is not repeated in the header: the reason comes next, then the command itself.
    expect(lines[badge + 1]).toMatch(/^[a-z-]+ wants to use Bash$/);
    expect(lines[badge + 2]).toContain('why: ');
    expect(lines[badge + 3]).toContain('$ echo safe␍');

    term.write('n'); // no, with a comment: the feedback field
    await sleep(150);
    term.write(KEYS.enter);

    // The Edit prompt: the file's line is drawn with visible escapes in the diff.
    await term.waitFor('evil.txt +1 -1');
    await term.waitFor('Yes, and don');
    const diff = term.screen();
    expect(diff).toContain('keep \\x1b[2J\\x1b]8;;https://evil.example/\\x07here␍DENY⟨U+202E⟩⟨U+200B⟩⟨U+FEFF⟩\\x7f\\x08 end');
    expect(diff).toContain('Before the forgery.');
    inverse = await term.inverseRows();
    expect(inverse.map((r) => r.inverse)).toEqual([' permission ']);
    const rows = diff.split('\n');
    expect(rows[rows.findIndex((l) => l.trim() === 'permission') + 1]).toMatch(/^[a-z-]+ wants to use Edit evil\.txt/);
    term.write('1');
    await term.waitFor('All done.');
  }, 60_000);

  it('tandem -p shows the escapes when its output is a terminal, and passes the text unchanged into a pipe', async () => {
    const s = await ws.serve([{ text: FORGED_TEXT }, { text: FORGED_TEXT }]);
    term = startTerminal(['-p', 'go'], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    expect(await term.exited).toBe(0);
    await term.waitFor('\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2J\\x1b[H');
    expect(term.screen()).toContain('Before the forgery.');
    expect(term.screen()).toContain('\\x1b[7m permission \\x1b[27m main wants to use Bash ls');
    expect(await term.inverseRows()).toEqual([]);
    const piped = await runTandem(['-p', 'go'], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    expect(piped.stdout).toBe(FORGED_TEXT + '\n');
  }, 60_000);
});
