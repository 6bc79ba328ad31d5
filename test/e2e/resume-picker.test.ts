// Issue #14: `--resume` without an id opens a searchable picker in the terminal (first prompt, time, turns, the
// start of the last answer); Enter resumes the chosen session, Esc quits. Headless `-p --resume` takes the latest.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, runTandem, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill();
  term = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function threeSessions(url: string) {
  const env = testEnv(url, ws.t);
  const ids: string[] = [];
  for (const word of ['kiwi', 'mango', 'pear']) {
    const r = await runTandem(['-p', `remember the fruit ${word}`, '--output-format', 'json'], { cwd: ws.t.project, env });
    expect(r.code).toBe(0);
    ids.push(JSON.parse(r.stdout).session_id as string);
    await sleep(20); // distinct modification times: newest first
  }
  return { env, ids };
}
const logCount = () => {
  const projects = join(ws.t.home, '.tandem', 'projects');
  return readdirSync(join(projects, readdirSync(projects)[0]!)).filter((f) => f.endsWith('.jsonl')).length;
};

describe('--resume without an id', () => {
  it('lists sessions with turns and last answers; typing filters; Enter resumes the one chosen', async () => {
    const s = await ws.serve([{ text: 'Noted: kiwi.' }, { text: 'Noted: mango, a fine fruit.' }, { text: 'Noted: pear.' }, { text: 'It was mango.' }]);
    const { env, ids } = await threeSessions(s.url);
    term = startTerminal(['--resume'], { cwd: ws.t.project, env, cols: 100, rows: 30 });
    await term.waitFor('Resume a session');
    await term.waitFor('remember the fruit kiwi');
    const screen = term.screen();
    expect(screen).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d\s+1 turn\s+remember the fruit pear/);
    expect(screen).toContain('↳ Noted: mango, a fine fruit.');
    expect(screen.indexOf('fruit pear')).toBeLessThan(screen.indexOf('fruit kiwi')); // newest first
    term.write('man');
    await sleep(50);
    term.write('go');
    await term.waitFor('(1 of 3)');
    expect(term.screen()).not.toContain('fruit kiwi');
    term.write(KEYS.enter);
    await term.waitFor(`resumed session ${ids[1]}`);
    await term.waitFor(/Type a message/);
    term.write('which fruit?');
    await sleep(60);
    term.write(KEYS.enter);
    await term.waitFor('It was mango.');
    const sent = JSON.stringify(s.requests[3]!.body.messages);
    expect(sent).toContain('remember the fruit mango');
    expect(sent).not.toContain('kiwi');
    expect(logCount()).toBe(3); // resumed, not a new session
  }, 120_000);

  it('Esc quits without starting a session; -p --resume without an id takes the latest', async () => {
    const s = await ws.serve([{ text: 'Noted: kiwi.' }, { text: 'Noted: mango.' }, { text: 'Noted: pear.' }, { text: 'The last was pear.' }]);
    const { env } = await threeSessions(s.url);
    term = startTerminal(['--resume'], { cwd: ws.t.project, env, cols: 100, rows: 30 });
    await term.waitFor('Resume a session');
    term.write('zzz-nothing');
    await term.waitFor('no session matches');
    term.write(KEYS.esc);
    expect(await term.exited).toBe(0);
    expect(logCount()).toBe(3);
    const headless = await runTandem(['-p', 'which was last?', '--resume', '--output-format', 'json'], { cwd: ws.t.project, env });
    expect(headless.code).toBe(0);
    expect(JSON.stringify(s.requests[3]!.body.messages)).toContain('fruit pear');
  }, 120_000);
});
