// Issue 14: what happened stays on screen. Edits keep their diff in the transcript (asked or not), line numbers
// follow the new file, failures look like failures. Keys in, screen out.
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
const count = (hay: string, needle: string) => hay.split(needle).length - 1;

describe('edits keep their diff in the transcript', () => {
  it('an approved Edit and one run without a prompt both leave numbered -/+ lines, folded when long', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    writeFileSync(join(ws.t.project, 'x.js'), lines.join('\n') + '\n');
    const big = Array.from({ length: 80 }, (_, i) => `generated ${i + 1}`).join('\n') + '\n';
    await ws.serve([
      { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'x.js' } }] },
      { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'x.js', old_string: 'line 10\n', new_string: 'line ten\nline ten-and-a-half\n' } }] },
      { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'x.js', old_string: 'line 20\n', new_string: 'line twenty\n' } }] },
      { content: [{ type: 'tool_use', name: 'Write', input: { file_path: 'big.txt', content: big } }] },
      { text: 'All edited.' },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(ws.server!.url, ws.t), cols: 100, rows: 30 });
    await term.waitFor(/❯ /);
    await send(term, 'edit it');
    await term.waitFor('permission');
    await term.waitFor('line ten-and-a-half');
    term.write('2'); // don't ask again for this file: the next Edit of x.js runs without a prompt
    await term.waitFor('generated 13', 20_000);
    term.write('1');
    await term.waitFor('All edited.', 20_000);
    const all = term.all();
    // The approved edit: the removed line with its old number, the added lines with the new numbers.
    expect(all).toMatch(/10 - line 10\n/);
    expect(all).toMatch(/10 \+ line ten\n/);
    expect(all).toMatch(/11 \+ line ten-and-a-half\n/);
    // Context after the change uses the new file's numbers (line 11 became line 12).
    expect(all).toMatch(/12 {3}line 11\n/);
    // The edit that ran without a prompt keeps its diff too (old line 20 is line 21 now).
    expect(all).toMatch(/21 - line 20\n/);
    expect(all).toMatch(/21 \+ line twenty\n/);
    // The summary is printed once per edit, not twice.
    expect(count(all, 'Edited x.js: +2 -1')).toBe(1);
    expect(count(all, 'Edited x.js: +1 -1')).toBe(1);
    // The 80-line Write is folded with the count of hidden lines.
    expect(all).toContain('generated 1');
    expect(all).not.toContain('generated 80');
    expect(all).toMatch(/\+\d+ lines/);
  }, 60_000);
});

describe('failures look like failures', () => {
  it('a failing command shows its exit code and last lines in red, live and after --continue; a denial shows the reason given', async () => {
    const cmd = 'for i in $(seq 1 20); do echo out-$i; done; echo boom-error >&2; exit 3';
    await ws.serve([
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: cmd, description: 'Run the failing test' } }] },
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'rm -rf build', description: 'Remove the build' } }] },
      { text: 'Understood.' },
      { text: 'Back again.' },
    ]);
    const env = testEnv(ws.server!.url, ws.t);
    term = startTerminal([], { cwd: ws.t.project, env, cols: 100, rows: 40 });
    await term.waitFor(/❯ /);
    await send(term, 'run the tests');
    await term.waitFor('Run the failing test');
    term.write('1');
    await term.waitFor('rm -rf build', 20_000);
    term.write('3');
    await sleep(200);
    term.write('use make clean instead');
    await sleep(100);
    term.write(KEYS.enter);
    await term.waitFor('Understood.', 20_000);
    const check = async (screen: string) => {
      expect(screen).toMatch(/✗ Bash\(for i in/);
      expect(screen).toMatch(/failed: exit 3/);
      expect(screen).toContain('boom-error');
      expect(screen).toContain('out-20');
      expect(screen).not.toContain('out-1\n');
      expect(screen).toMatch(/lines above/);
      expect(screen).toContain('denied: use make clean instead');
      expect(screen).not.toContain('denied: denied');
    };
    await check(term.all());
    expect(await term.colorOf('failed: exit 3')).toBe(1); // red
    term.kill('SIGKILL');
    await term.exited;

    term = startTerminal(['--continue'], { cwd: ws.t.project, env, cols: 100, rows: 40 });
    await term.waitFor('Understood.', 20_000);
    await term.waitFor(/❯ /);
    await check(term.all());
  }, 60_000);
});

describe('prompts read at a glance', () => {
  it('a long Bash command is shown once and in full, then folder and description; the header says why; "No" opens its field under it', async () => {
    const long = 'rm -f ' + Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ') + ' && echo THE-VERY-END';
    await ws.serve([
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: long, description: 'Say many words' } }] },
      { text: 'Fine.' },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(ws.server!.url, ws.t), cols: 80, rows: 30 });
    await term.waitFor(/❯ /);
    await send(term, 'talk');
    await term.waitFor('Say many words');
    const screen = term.screen();
    expect(count(screen, 'THE-VERY-END')).toBe(1); // once, not cut, not repeated in the header
    expect(count(screen, 'word0 ')).toBe(1);
    const at = (s: string) => screen.indexOf(s);
    expect(at('THE-VERY-END')).toBeLessThan(at(`in ${ws.t.project}`));
    expect(at(`in ${ws.t.project}`)).toBeLessThan(at('Say many words'));
    expect(screen).toMatch(/general-purpose wants to use Bash/);
    expect(screen).toMatch(/why: .*no allow rule covers it/);
    term.write('3');
    await term.waitFor('Enter to send');
    const after = term.screen().split('\n');
    const sel = after.findIndex((l) => l.includes('❯ 3. No'));
    expect(sel).toBeGreaterThan(0);
    expect(after[sel + 1]).toContain('Enter to send');
    expect(after[sel + 2]).toContain('4. Yes, and always');
  }, 60_000);
});

describe('the status line tells the truth', () => {
  it('the clock and spinner stand still while a prompt waits; tokens count up while streaming; a retry is one line updated in place', async () => {
    await ws.serve([
      { fault: { type: 'status', status: 529, retryAfterMs: 1500 } },
      { fault: { type: 'status', status: 529, retryAfterMs: 1500 } },
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'rm -f nothing-here', description: 'Remove nothing' } }] },
      { text: 'This answer goes on and on. '.repeat(60), chunkChars: 4, deltaDelayMs: 15 },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(ws.server!.url, ws.t), cols: 120, rows: 30 });
    await term.waitFor(/❯ /);
    await send(term, 'go');
    await term.waitFor('attempt 2 of', 20_000);
    await term.waitFor('attempt 3 of', 20_000);
    // In place: the first retry's line was replaced, not left above the second.
    expect(term.all()).not.toContain('attempt 2 of');
    await term.waitFor('Remove nothing', 20_000);
    expect(count(term.all(), 'retried, attempt 3 of')).toBe(1);
    await term.waitFor('waiting for you');
    await sleep(300);
    const before = term.raw().length;
    const clock = /waiting for you · (\S+)/.exec(term.screen())![1];
    await sleep(2200);
    expect(/waiting for you · (\S+)/.exec(term.screen())![1]).toBe(clock);
    expect(term.raw().length).toBe(before); // not one frame drawn while nothing changes
    term.write('1');
    await term.waitFor('goes on and on', 20_000);
    // The answer is still streaming: its output tokens are counted already (the usage report comes at the end).
    const tokens = Number(/↓(\d+)/.exec(term.screen())?.[1] ?? '0');
    expect(tokens).toBeGreaterThan(0);
  }, 60_000);
});

describe('on exit', () => {
  it('prints how to come back and what the session cost; the printed command resumes it', async () => {
    await ws.serve([{ text: 'The secret word is pelican.' }, { text: 'Welcome back.' }]);
    const env = testEnv(ws.server!.url, ws.t);
    term = startTerminal([], { cwd: ws.t.project, env, cols: 100, rows: 30 });
    await term.waitFor(/❯ /);
    await send(term, 'tell me a word');
    await term.waitFor('pelican.');
    await sleep(200);
    await send(term, '/exit');
    await term.waitFor(/Resume this session with: tandem --resume (\S+)/, 20_000);
    expect(term.all()).toMatch(/Session cost: \$\d+\.\d+ \([\d,]+ tokens\)/);
    const id = /tandem --resume (\S+)/.exec(term.all())![1]!;
    expect(await term.exited).toBe(0);

    term = startTerminal(['--resume', id], { cwd: ws.t.project, env, cols: 100, rows: 30 });
    await term.waitFor('The secret word is pelican.', 20_000);
  }, 60_000);
});

describe('keys that arrive in one read', () => {
  it('three Backspaces in one write delete three characters; a Backspace amid typed text applies in order', async () => {
    await ws.serve([{ text: 'Got it.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(ws.server!.url, ws.t), cols: 100, rows: 30 });
    await term.waitFor('Type a message', 20_000); // the shell itself, not the plain first frame
    term.write('hello');
    await term.waitFor('❯ hello');
    term.write('\x7f\x7f\x7f');
    await sleep(300);
    expect(term.screen()).toMatch(/❯ he\s*$/m);
    term.write('yy\x7f there'); // one read: text, a Backspace, text
    await sleep(300);
    term.write(KEYS.enter);
    await term.waitFor('> hey there');
    await term.waitFor('Got it.');
  }, 60_000);
});

describe('long diff lines wrap', () => {
  it('a long changed line wraps with a continuation marker in the number column, nothing cut, in the prompt and the transcript', async () => {
    writeFileSync(join(ws.t.project, 'w.txt'), 'short\n');
    const long = 'start ' + Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ') + ' FINAL-WORD';
    await ws.serve([
      { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'w.txt' } }] },
      { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'w.txt', old_string: 'short', new_string: long } }] },
      { text: 'Wrapped.' },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(ws.server!.url, ws.t), cols: 80, rows: 30 });
    await term.waitFor(/❯ /);
    await send(term, 'go');
    await term.waitFor('FINAL-WORD', 20_000); // in the prompt: not cut
    expect(term.screen()).toMatch(/^\s+1 \+ start w0/m);
    expect(term.screen()).toMatch(/^\s+↪ \+ .*FINAL-WORD/m);
    term.write('1');
    await term.waitFor('Wrapped.', 20_000);
    const all = term.all();
    const first = all.split('\n').findIndex((l) => /1 \+ start w0/.test(l) && l.startsWith('    '));
    expect(first).toBeGreaterThan(0);
    const lines = all.split('\n');
    // The continuation row's sign sits in the same column as the first row's.
    expect(lines[first + 1]!.indexOf('+')).toBe(lines[first]!.indexOf('+'));
    expect(lines[first + 1]).toContain('↪');
  }, 60_000);
});
