// More of the interactive shell in a pseudo-terminal against the in-process fake server: "don't ask again" for a
// session, a broken settings file, a subagent's prompt, the rewind picker, and creating an agent from the shell.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeServer, LoggedRequest } from '../../src/fake-server/types';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});

const SEED = join(__dirname, '../fixtures/agents/seed');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const asAgent = (name: string) => `running as the agent "${name}"`;
const systemOf = (req: LoggedRequest) => JSON.stringify(req.body?.system ?? '');
/** The main agent (general-purpose by default): any request not made by the subagent. */
const isMain = (req: LoggedRequest) => !systemOf(req).includes('running as the agent \\"api-engineer\\"');

async function type(session: TerminalSession, text: string) {
  session.write(text);
  await sleep(80);
  session.write(KEYS.enter);
}

/** The tool_result blocks of the last message of request i. */
function toolResults(s: FakeServer, i: number): Array<{ content: unknown; is_error?: boolean }> {
  const messages = s.requests[i]!.body.messages as Array<{ content: unknown }>;
  const last = messages[messages.length - 1]!.content;
  return Array.isArray(last) ? (last as Array<{ type: string; content: unknown; is_error?: boolean }>).filter((b) => b.type === 'tool_result') : [];
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}\n--- screen ---\n${term?.screen()}`);
    await sleep(40);
  }
}

describe('the interactive shell, continued', () => {
  it('option 2 at a Bash prompt stops the next identical prompt and not a different command', async () => {
    const s = await ws.serve([
      // Not read-only (read-only commands never ask): it writes a file.
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo one | tee one.txt' } }] },
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo one | tee one.txt' } }] },
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch made.txt' } }] },
      { text: 'All three ran.' },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/❯ /);
    await type(term, 'run things');
    await term.waitFor("don't ask again for");
    expect(term.screen()).toContain('$ echo one | tee one.txt');
    term.write('2');
    // The second `echo one` runs without a prompt: the third request arrives with its result.
    await until(() => s.requests.length >= 3, 'the second echo to run');
    expect(toolResults(s, 2)[0]!.is_error).toBeFalsy();
    expect(JSON.stringify(toolResults(s, 2)[0]!.content)).toContain('one');
    // A different command still asks.
    await term.waitFor('$ touch made.txt');
    expect(term.screen()).toContain('wants to use Bash');
    expect(s.requests.length).toBe(3);
    term.write('1');
    await term.waitFor('All three ran.');
    expect(existsSync(join(ws.t.project, 'made.txt'))).toBe(true);
  });

  it('a broken .tandem/settings.json shows its path and line, and the shell still starts', async () => {
    mkdirSync(join(ws.t.project, '.tandem'), { recursive: true });
    writeFileSync(join(ws.t.project, '.tandem', 'settings.json'), '{\n  "permissions": {\n    "allow": ["Bash"],\n  }\n}\n');
    const s = await ws.serve([{ text: 'Still here.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/❯ /);
    await term.waitFor(join('.tandem', 'settings.json'));
    expect(term.all()).toMatch(/settings\.json(:4(:\d+)?| line 4)/);
    await type(term, 'hello');
    await term.waitFor('Still here.');
  });

  it("a subagent's Edit prompt names it in its color; answering 1 edits the file and the main agent finishes", async () => {
    writeFileSync(join(ws.t.project, 'app.py'), 'def health():\n    return "down"\n');
    const s = await ws.serve([
      { matchSystem: asAgent('api-engineer'), content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'app.py' } }] },
      { matchSystem: asAgent('api-engineer'), content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'app.py', old_string: '"down"', new_string: '"ok"' } }] },
      { matchSystem: asAgent('api-engineer'), text: 'The health endpoint now answers ok.' },
      {
        match: isMain,
        content: [{ type: 'tool_use', name: 'Task', input: { description: 'fix health', prompt: 'Make health() return "ok" in app.py', subagent_type: 'api-engineer' } }],
      },
      { match: isMain, text: 'Delegated and done.' },
    ]);
    term = startTerminal(['--agents-dir', SEED], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/❯ /);
    await type(term, 'fix the health check');
    await term.waitFor('wants to use Edit');
    const screen = term.screen();
    expect(screen).toMatch(/api-engineer wants to use Edit/);
    expect(screen).toContain('Task');
    expect(screen.indexOf('Task')).toBeLessThan(screen.indexOf('wants to use Edit')); // nested under its Task line
    // Its Task line is printed once (as the header of the subagent's calls), not again in the live area.
    expect(term.all().split('Task(api-engineer').length - 1).toBe(1);
    expect(await term.colorOf('api-engineer wants')).toBe(6); // cyan
    term.write('1');
    await term.waitFor('Delegated and done.');
    expect(readFileSync(join(ws.t.project, 'app.py'), 'utf8')).toBe('def health():\n    return "ok"\n');
    const sub = s.requests.find((r) => systemOf(r).includes('running as the agent \\"api-engineer\\"'))!;
    expect(sub).toBeDefined();
    const last = s.requests[s.requests.length - 1]!;
    expect(JSON.stringify(last.body.messages)).toContain('The health endpoint now answers ok.'); // the result went back to main
  });

  it('Esc twice opens the rewind picker; a turn, "files only" and a yes restore the file', async () => {
    writeFileSync(join(ws.t.project, 'notes.txt'), 'the quick brown fox\n');
    const s = await ws.serve([
      { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' } }] },
      { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'notes.txt', old_string: 'quick brown', new_string: 'slow red' } }] },
      { text: 'Edited the note.' },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/❯ /);
    await type(term, 'edit the note');
    await term.waitFor('wants to use Edit');
    term.write('1');
    await term.waitFor('Edited the note.');
    await term.waitFor(/Type a message/);
    expect(readFileSync(join(ws.t.project, 'notes.txt'), 'utf8')).toBe('the slow red fox\n');
    term.write(KEYS.esc);
    await sleep(150);
    term.write(KEYS.esc);
    await term.waitFor('Rewind to before which turn?');
    await term.waitFor(/1\. \d\d:\d\d\s+edit the note .*notes\.txt \+1 -1/);
    term.write(KEYS.enter);
    await term.waitFor('2. files only');
    term.write('2');
    await term.waitFor(/modified\s+notes\.txt/);
    expect(readFileSync(join(ws.t.project, 'notes.txt'), 'utf8')).toBe('the slow red fox\n'); // not before the yes
    term.write('y');
    await term.waitFor(/Rewind to before turn 1: restored 1 file/);
    expect(readFileSync(join(ws.t.project, 'notes.txt'), 'utf8')).toBe('the quick brown fox\n');
  });

  it('/agents create writes an agent file that /agent can switch to at once', async () => {
    mkdirSync(join(ws.t.project, '.git'));
    const s = await ws.serve([{ matchSystem: asAgent('doc-writer'), text: 'doc-writer here.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor('/help for commands'); // the banner: the session is ready
    await type(term, '/agents create');
    await term.waitFor('Create an agent');
    await type(term, 'doc-writer');
    await term.waitFor('Description:');
    await type(term, 'Writes and tidies the project docs');
    await term.waitFor('[x] Task');
    term.write(KEYS.enter); // all tools
    await term.waitFor('Model:');
    term.write('1'); // inherit
    await term.waitFor('Color:');
    term.write('5'); // purple
    await term.waitFor('Save to:');
    term.write('1'); // project
    const file = join(ws.t.project, '.tandem', 'agents', 'doc-writer.md');
    await term.waitFor('Created doc-writer');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('description: "Writes and tidies the project docs"');
    expect(text).not.toMatch(/^tools:/m);
    expect(text).toContain('color: purple');
    await type(term, '/agent doc-writer');
    await term.waitFor('switched to doc-writer');
    await type(term, 'hello');
    await term.waitFor('doc-writer here.');
    expect(await term.colorOf('doc-writer here')).toBeNull(); // the answer itself is plain text
    expect(systemOf(s.requests[s.requests.length - 1]!)).toContain('running as the agent \\"doc-writer\\"');
  });
  it('without git on PATH the status line keeps saying that checkpoints are off; with git it does not', async () => {
    const s = await ws.serve([{ text: 'Fine.' }]);
    const emptyBin = join(ws.t.home, 'empty-bin');
    mkdirSync(emptyBin);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t, { PATH: emptyBin }) });
    await term.waitFor(/\/help for commands/);
    await term.waitFor('git was not found on PATH'); // the start-up notice
    await type(term, 'hello');
    await term.waitFor('Fine.');
    const status = term.screen().trimEnd().split('\n').pop()!;
    expect(status).toContain('checkpoints off (no git)');
    term.kill('SIGKILL');

    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/\/help for commands/);
    await sleep(300);
    expect(term.screen()).not.toContain('checkpoints off');
  });
});
