// ctrl+r in a pseudo-terminal: reverse search through this project's history, as in bash; lines typed with a
// leading space are never kept.
import { readFileSync, writeFileSync, mkdirSync, realpathSync } from 'node:fs';
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
const CTRL_R = '\x12';
const CTRL_G = '\x07';

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}\n--- screen ---\n${term?.screen()}`);
    await sleep(40);
  }
}

function writeHistory(home: string, entries: Array<{ text: string; project?: string }>) {
  const dir = join(home, '.tandem');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'history.jsonl'), entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
}

/** The input line (the one after the rule above the input). */
function inputLine(screen: string): string {
  const lines = screen.split('\n');
  const rule = lines.findLastIndex((l) => /^─{10,}/.test(l));
  return lines[rule + 1] ?? '';
}

describe('ctrl+r', () => {
  it('finds the newest match, ctrl+r again an older one, Enter puts it in the input, Esc restores what was typed', async () => {
    const project = realpathSync(ws.t.project);
    writeHistory(ws.t.home, [
      { text: 'run the unit tests', project },
      { text: 'deploy to staging', project: '/somewhere/else' },
      { text: 'run the linter', project },
      { text: 'explain the parser', project },
    ]);
    const s = await ws.serve([{ text: 'Tests ran.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/Type a message/);
    await sleep(300);
    term.write('draft');
    await term.waitFor('❯ draft');
    term.write(CTRL_R);
    await term.waitFor('(reverse-i-search)');
    term.write('run');
    await term.waitFor(/❯ run the linter/);
    term.write(CTRL_R);
    await term.waitFor(/❯ run the unit tests/);
    // No older match: the search says so and keeps the match shown.
    term.write(CTRL_R);
    await term.waitFor('(failing reverse-i-search)');
    expect(inputLine(term.screen())).toContain('run the unit tests');
    term.write(KEYS.esc);
    await until(() => !term!.screen().includes('reverse-i-search'), 'the search to close');
    expect(inputLine(term.screen())).toMatch(/^❯ draft/);
    // Another project's line is not offered.
    term.write(CTRL_R);
    term.write('deploy');
    await term.waitFor('(failing reverse-i-search) deploy');
    term.write(CTRL_G);
    await term.waitFor(/❯ draft/);
    // Narrowing, then Enter: the match is in the input, not sent; a second Enter sends it.
    term.write('\x15'); // ctrl+u clears the line
    term.write(CTRL_R);
    term.write('uni');
    await term.waitFor(/❯ run the unit tests/);
    term.write(KEYS.enter);
    await until(() => !term!.screen().includes('reverse-i-search'), 'the search to close');
    expect(inputLine(term.screen())).toMatch(/^❯ run the unit tests\s*$/);
    await sleep(300);
    expect(s.requests.length).toBe(0);
    term.write(KEYS.enter);
    await term.waitFor('Tests ran.');
    expect(JSON.stringify(s.requests[0]!.body.messages)).toContain('run the unit tests');
  });

  it('a line typed with a leading space is not kept in the history, in the file or in the session', async () => {
    const s = await ws.serve([{ text: 'First.' }, { text: 'Second.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/Type a message/);
    await sleep(300);
    term.write('kept line');
    await sleep(80);
    term.write(KEYS.enter);
    await term.waitFor('First.');
    term.write(' export TOKEN=hunter2');
    await sleep(80);
    term.write(KEYS.enter);
    await term.waitFor('Second.');
    await term.waitFor(/Type a message/);
    term.write(CTRL_R);
    term.write('hunter');
    await term.waitFor('(failing reverse-i-search) hunter');
    term.write(KEYS.esc);
    await sleep(200);
    const file = readFileSync(join(ws.t.home, '.tandem', 'history.jsonl'), 'utf8');
    expect(file).toContain('kept line');
    expect(file).not.toContain('hunter2');
    // ↑ skips it too.
    term.write(KEYS.up);
    await term.waitFor(/❯ kept line/);
  });
});
