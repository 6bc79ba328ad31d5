// The interactive shell as a user sees it: the built binary in a pseudo-terminal (node-pty + headless xterm)
// against the fake server. Keys in, screen out.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer, LoggedRequest } from '../../src/fake-server/types';
import { KEYS, startTerminal, tempHome, testEnv, type TempHome, type TerminalSession } from './harness';

let t: TempHome;
let server: FakeServer | undefined;
let term: TerminalSession | undefined;
beforeEach(() => {
  t = tempHome();
});
afterEach(async () => {
  term?.kill('SIGKILL');
  await server?.close();
  t.cleanup();
  term = undefined;
});

const isAgent = (name: string) => (req: LoggedRequest) => JSON.stringify(req.body?.system ?? '').includes(`running as the agent \\"${name}\\"`);
const lastMessageText = (req: LoggedRequest) => JSON.stringify(req.body.messages[req.body.messages.length - 1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function type(session: TerminalSession, text: string) {
  session.write(text);
  await sleep(60);
  session.write(KEYS.enter);
}

describe('the interactive shell', () => {
  it('streams markdown, asks with a diff, takes feedback, shows todos, switches agent', async () => {
    writeFileSync(join(t.project, 'notes.txt'), 'the quick brown fox\n');
    const todos = (status: string) => [
      { content: 'Fix the note', status, activeForm: 'Fixing the note' },
      { content: 'Clean the build', status: status === 'completed' ? 'completed' : 'pending', activeForm: 'Cleaning the build' },
    ];
    server = await startFakeServer({
      turns: [
        { content: [{ type: 'text', text: '# The plan\n\nI will **fix** the note:\n\n- read it\n- edit it\n\n```ts\nconst fox = "quick";\n```\n' }, { type: 'tool_use', name: 'TodoWrite', input: { todos: todos('in_progress') } }] },
        { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' } }] },
        { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'notes.txt', old_string: 'quick brown', new_string: 'slow red' } }] },
        { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'rm -rf build', description: 'Remove the build folder' } }] },
        { content: [{ type: 'text', text: 'All done here.' }, { type: 'tool_use', name: 'TodoWrite', input: { todos: todos('completed') } }] },
        { text: 'Finished.' },
        { match: isAgent('api-engineer'), text: 'api-engineer at your service.' },
      ],
    });
    term = startTerminal(['--agents-dir', join(__dirname, '../fixtures/agents/seed')], { cwd: t.project, env: testEnv(server.url, t) });
    await term.waitFor(/❯ /);
    await type(term, 'fix the note');

    await term.waitFor('The plan');
    await term.waitFor('Fixing the note'); // the todo panel, in progress with its activeForm
    await term.waitFor('notes.txt'); // Edit prompt with the diff
    await term.waitFor('slow red');
    expect(term.screen()).toContain('1. Yes');
    expect(term.screen()).toMatch(/quick brown/);
    term.write('1');
    await term.waitFor('rm -rf build');
    await term.waitFor('Remove the build folder');
    expect(readFileSync(join(t.project, 'notes.txt'), 'utf8')).toBe('the slow red fox\n');

    term.write('3');
    await sleep(150);
    term.write('use make clean instead');
    await sleep(100);
    term.write(KEYS.enter);
    await term.waitFor('Finished.');
    const bashAnswer = server.requests[4]!;
    expect(lastMessageText(bashAnswer)).toContain('use make clean instead');
    // Todos completed: the panel shows them checked, never reprinted into the transcript as new items.
    await term.waitFor('☑');
    await term.waitFor(/Type a message/); // the turn is over and the input is empty again

    await type(term, '/agent api-engineer');
    await term.waitFor(/api-engineer/);
    await type(term, 'hello');
    await term.waitFor('api-engineer at your service.');
    const last = server.requests[server.requests.length - 1]!;
    expect(isAgent('api-engineer')(last)).toBe(true);
    const names = (last.body.tools as Array<{ name: string }>).map((x) => x.name);
    expect(names).toContain('WebSearch');
    expect(names).not.toContain('KillShell'); // not in the seed's tools list
    expect(await term.colorOf('api-engineer')).toBe(6); // cyan on the status line
    // No full-screen clear while all of this streamed.
    expect(term.raw()).not.toContain('\x1b[2J');
  });

  it('Esc interrupts a long stream and the shell takes the next prompt', async () => {
    server = await startFakeServer({
      turns: [{ text: 'This answer goes on and on. '.repeat(200), chunkChars: 4, deltaDelayMs: 15 }, { text: 'Short answer.' }],
    });
    term = startTerminal([], { cwd: t.project, env: testEnv(server.url, t) });
    await term.waitFor(/❯ /);
    await type(term, 'talk a lot');
    await term.waitFor('goes on and on');
    term.write(KEYS.esc);
    await term.waitFor(/interrupt/i);
    await sleep(200);
    await type(term, 'again');
    await term.waitFor('Short answer.');
    const second = JSON.stringify(server.requests[1]!.body.messages);
    expect(second).toContain('talk a lot');
    expect(second).toContain('again');
  });

  it('stdin that is not a terminal points to -p', async () => {
    const { runTandem } = await import('./harness');
    const run = await runTandem([], { cwd: t.project, env: testEnv('http://127.0.0.1:9', t) });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('-p');
  });
});
