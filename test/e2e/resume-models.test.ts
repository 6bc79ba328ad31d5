// Issue #14: a resumed session keeps each agent's model (an agent with `model: opus` stays on opus, another agent
// goes back to its own), and a model the user chose stays chosen.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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
async function type(session: TerminalSession, text: string) {
  session.write(text);
  await sleep(60);
  session.write(KEYS.enter);
}
function addArchitect(project: string) {
  mkdirSync(join(project, '.tandem', 'agents'), { recursive: true });
  writeFileSync(join(project, '.tandem', 'agents', 'architect.md'), '---\nname: architect\ndescription: Plans big changes\nmodel: opus\n---\nYou plan.\n');
}
function onlySessionId(home: string): string {
  const projects = join(home, '.tandem', 'projects');
  const [slug] = readdirSync(projects);
  const logs = readdirSync(join(projects, slug!)).filter((f) => f.endsWith('.jsonl'));
  expect(logs).toHaveLength(1);
  return logs[0]!.slice(0, -'.jsonl'.length);
}

describe('models after --resume', () => {
  it('an agent with model: opus stays on opus after --resume; the default agent goes back to its own model', async () => {
    addArchitect(ws.t.project);
    const s = await ws.serve([{ text: 'first reply' }, { text: 'second reply' }, { text: 'third reply' }]);
    const env = testEnv(s.url, ws.t);
    term = startTerminal([], { cwd: ws.t.project, env, cols: 100, rows: 30 });
    await term.waitFor('/help for commands');
    await type(term, '/agent architect');
    await term.waitFor(/architect · claude-opus-5-5/);
    await type(term, 'plan it');
    await term.waitFor('first reply');
    expect(s.requests[0]!.body.model).toBe('claude-opus-5-5');
    await term.waitFor(/Type a message/);
    term.write(KEYS.ctrlC);
    await sleep(150);
    term.write(KEYS.ctrlC);
    await term.exited;

    term = startTerminal(['--resume', onlySessionId(ws.t.home)], { cwd: ws.t.project, env, cols: 100, rows: 30 });
    await term.waitFor(/architect · claude-opus-5-5/);
    await type(term, 'go on');
    await term.waitFor('second reply');
    expect(s.requests[1]!.body.model).toBe('claude-opus-5-5');
    await term.waitFor(/Type a message/);
    await type(term, '/agent general-purpose');
    await term.waitFor(/general-purpose · claude-sonnet-5-5/);
    await type(term, 'and now');
    await term.waitFor('third reply');
    expect(s.requests[2]!.body.model).toBe('claude-sonnet-5-5');
  }, 120_000);

  it('a model the user chose (--model) stays chosen after --resume, whatever the agent', async () => {
    addArchitect(ws.t.project);
    const s = await ws.serve([{ text: 'one' }, { text: 'two' }]);
    const env = testEnv(s.url, ws.t);
    const first = await runTandem(['-p', 'hi', '--model', 'haiku', '--output-format', 'json'], { cwd: ws.t.project, env });
    expect(first.code).toBe(0);
    const id = JSON.parse(first.stdout).session_id as string;
    const again = await runTandem(['--resume', id, '-p', 'again', '--agent', 'architect', '--output-format', 'json'], { cwd: ws.t.project, env });
    expect(again.code).toBe(0);
    expect(s.requests.map((r) => r.body.model)).toEqual(['claude-haiku-5-5', 'claude-haiku-5-5']);
  }, 60_000);
});
