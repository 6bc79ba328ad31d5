// The slash menu and /help in a pseudo-terminal: descriptions in one column, fuzzy matching ranked prefix first,
// `/agent ` completing agent names, and a command's typed text echoed above its output.
import { mkdirSync, writeFileSync } from 'node:fs';
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
const SEED = join(__dirname, '../fixtures/agents/seed');

/** The screen rows of the open menu (below the input line). */
function menuRows(screen: string): string[] {
  return screen.split('\n').filter((l) => /^(❯ | {2})\/\S+ {2,}\S/.test(l));
}

describe('the slash menu', () => {
  it('shows each command with its description in one aligned column', async () => {
    // A name longer than any fixed column: the column grows to fit it.
    mkdirSync(join(ws.t.project, '.tandem', 'commands'), { recursive: true });
    writeFileSync(join(ws.t.project, '.tandem', 'commands', 'hunt-flaky-integration-tests.md'), '---\ndescription: Find flaky tests\n---\nFind them.\n');
    const s = await ws.serve([]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t), cols: 120, rows: 40 });
    await term.waitFor(/Type a message/);
    await sleep(300);
    term.write('/');
    await term.waitFor('List the commands and keys');
    const screen = term.screen();
    const help = screen.split('\n').find((l) => l.includes('List the commands and keys'))!;
    const agents = screen.split('\n').find((l) => l.includes('List agents, their source files'))!;
    expect(help).toMatch(/\/help\s+List/);
    expect(agents).toMatch(/\/agents\s+List/);
    // The descriptions start in the same column.
    expect(help.indexOf('List the commands')).toBe(agents.indexOf('List agents'));
    term.write('h');
    await term.waitFor('Find flaky tests');
    const rows = term.screen().split('\n');
    const hunt = rows.find((l) => l.includes('Find flaky tests'))!;
    const help2 = rows.find((l) => l.includes('List the commands and keys'))!;
    expect(hunt).toMatch(/\/hunt-flaky-integration-tests\s+Find/);
    expect(hunt.indexOf('Find flaky')).toBe(help2.indexOf('List the commands'));
  });

  it('matches fuzzily: /cmt finds /compact, and a prefix match ranks above a subsequence', async () => {
    const s = await ws.serve([]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/Type a message/);
    await sleep(300);
    term.write('/cmt');
    await term.waitFor('/compact');
    // `/co`: /compact, /cost (prefix) come before /doctor (subsequence d-o-c... no: c,o in order) and the like.
    term.write(KEYS.backspace.repeat(3) + 'co');
    await term.waitFor('/cost');
    const rows = menuRows(term.screen()).map((l) => l.replace(/^\s*(❯ )?\s*/, '').split(/\s+/)[0]!);
    const firstNonPrefix = rows.findIndex((r) => !r.startsWith('/co'));
    const lastPrefix = rows.map((r) => r.startsWith('/co')).lastIndexOf(true);
    expect(rows.length).toBeGreaterThan(2);
    expect(firstNonPrefix === -1 || firstNonPrefix > lastPrefix).toBe(true);
    expect(rows).toContain('/doctor'); // d-o-c-t-o-r holds c then o: a subsequence, listed after the prefixes
  });

  it('/agent completes agent names with Tab, and Enter switches', async () => {
    const s = await ws.serve([]);
    term = startTerminal(['--agents-dir', SEED], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/Type a message/);
    await sleep(300);
    term.write('/agent api');
    await term.waitFor(/❯ api-engineer/);
    term.write(KEYS.tab);
    await term.waitFor('❯ /agent api-engineer');
    term.write(KEYS.enter);
    await term.waitFor(/api-engineer.*·/);
    expect(term.all()).toContain('> /agent api-engineer');
  });

  it('a slash command echoes what was typed above its output', async () => {
    const s = await ws.serve([]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/Type a message/);
    await sleep(300);
    term.write('/cost');
    await sleep(100);
    term.write(KEYS.enter);
    await term.waitFor(/No model requests yet/);
    const all = term.all();
    const echo = all.indexOf('> /cost');
    expect(echo).toBeGreaterThanOrEqual(0);
    expect(echo).toBeLessThan(all.indexOf('No model requests yet'));
  });
});
