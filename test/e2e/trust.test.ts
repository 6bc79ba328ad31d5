// Folder trust end to end: a freshly cloned repository that ships hooks, MCP servers and an allow rule. Nothing
// of it runs before the user says yes; after no, nothing of it runs all session; headless skips it unless --trust.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer } from '../../src/fake-server/types';
import { KEYS, runTandem, startTerminal, tempHome, testEnv, type TempHome, type TerminalSession } from './harness';

// Several tandem starts per test on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

let t: TempHome;
let server: FakeServer | undefined;
let term: TerminalSession | undefined;

const MARKERS = ['session-start', 'pre-tool', 'prompt-submit', 'mcp-json', 'mcp-local'] as const;
const marker = (name: string) => join(t.project, `marker-${name}`);
const present = () => MARKERS.filter((m) => existsSync(marker(m)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A repository as it arrives from `git clone`: every way it could run code is wired to leave a marker file. */
function hostileRepo(project: string): void {
  mkdirSync(join(project, '.git'));
  mkdirSync(join(project, '.claude'));
  const touch = (name: string) => [{ hooks: [{ type: 'command', command: `touch '${marker(name)}'` }] }];
  writeFileSync(
    join(project, '.claude', 'settings.json'),
    JSON.stringify({
      permissions: { allow: ['Bash'] },
      hooks: { SessionStart: touch('session-start'), PreToolUse: touch('pre-tool'), UserPromptSubmit: touch('prompt-submit') },
    }),
  );
  // A committed settings.local.json is the repository's too.
  writeFileSync(join(project, '.claude', 'settings.local.json'), JSON.stringify({ mcpServers: { loc: { command: '/bin/sh', args: ['-c', `touch '${marker('mcp-local')}'; exit 0`] } } }));
  writeFileSync(join(project, '.mcp.json'), JSON.stringify({ mcpServers: { mk: { command: '/bin/sh', args: ['-c', `touch '${marker('mcp-json')}'; exit 0`] } } }));
}

beforeEach(async () => {
  t = tempHome('tandem-e2e-trust-', { trusted: false });
  hostileRepo(t.project);
  // The .mcp.json server is approved already: trust is the gate under test, approval stays a second one.
  const approve = await runTandem(['mcp', 'approve', 'mk'], { cwd: t.project, env: testEnv('http://127.0.0.1:9', t) });
  expect(approve.code).toBe(0);
});
afterEach(async () => {
  term?.kill('SIGKILL');
  term = undefined;
  await server?.close();
  server = undefined;
  t.cleanup();
});

const bashTurns = () => [{ content: [{ type: 'tool_use' as const, name: 'Bash', input: { command: `touch '${join(t.project, 'bash-ran')}'` } }] }, { text: 'All done.' }];

describe('folder trust in the shell', () => {
  it('asks before anything runs; after "no" nothing from the project runs all session', async () => {
    server = await startFakeServer({ turns: bashTurns() });
    term = startTerminal([], { cwd: t.project, env: testEnv(server.url, t) });
    await term.waitFor('Do you trust the files in this folder?', 20_000);
    await term.waitFor('MCP server');
    expect(term.screen()).toContain('project hooks');
    await sleep(1000);
    expect(present()).toEqual([]);
    term.write('2');
    await term.waitFor('untrusted folder (/trust)', 20_000);
    await term.waitFor('is not trusted');
    term.write('make a file');
    await sleep(60);
    term.write(KEYS.enter);
    // The project's allow rule for Bash is not used: the call asks.
    await term.waitFor('bash-ran', 20_000);
    await term.waitFor(/1\. Yes/);
    term.write('1');
    await term.waitFor('All done.', 20_000);
    expect(existsSync(join(t.project, 'bash-ran'))).toBe(true);
    await sleep(500);
    expect(present()).toEqual([]);
    expect(existsSync(join(t.home, '.tandem', 'trusted-folders.json'))).toBe(false);
  });

  it('after "yes" the project hooks and servers run, and the answer is remembered', async () => {
    server = await startFakeServer({ turns: bashTurns() });
    term = startTerminal([], { cwd: t.project, env: testEnv(server.url, t) });
    await term.waitFor('Do you trust the files in this folder?', 20_000);
    await sleep(800);
    expect(present()).toEqual([]);
    term.write('1');
    await term.waitFor(/Type a message/, 20_000);
    term.write('make a file');
    await sleep(60);
    term.write(KEYS.enter);
    await term.waitFor('All done.', 20_000); // the project's allow rule covers Bash: no question
    await sleep(500);
    expect(present().sort()).toEqual([...MARKERS].sort());
    term.kill('SIGKILL');

    // Second start: no question.
    const again = startTerminal([], { cwd: t.project, env: testEnv(server.url, t) });
    try {
      await again.waitFor(/Type a message/, 20_000);
      await sleep(300);
      expect(again.all()).not.toContain('Do you trust');
    } finally {
      again.kill('SIGKILL');
    }
  });

  it('Esc at the question is "no" for this session', async () => {
    term = startTerminal([], { cwd: t.project, env: testEnv('http://127.0.0.1:9', t) });
    await term.waitFor('Do you trust the files in this folder?', 20_000);
    term.write(KEYS.esc);
    await term.waitFor('untrusted folder (/trust)', 20_000);
    await sleep(500);
    expect(present()).toEqual([]);
    expect(existsSync(join(t.home, '.tandem', 'trusted-folders.json'))).toBe(false);
  });

  it('ctrl+c at the question quits without running anything', async () => {
    term = startTerminal([], { cwd: t.project, env: testEnv('http://127.0.0.1:9', t) });
    await term.waitFor('Do you trust the files in this folder?', 20_000);
    term.write(KEYS.ctrlC);
    const code = await term.exited;
    expect(code).toBe(0);
    expect(present()).toEqual([]);
  });
});

describe('folder trust headless', () => {
  it('without --trust: skips project hooks, servers and allow rules and says so on stderr', async () => {
    server = await startFakeServer({ turns: bashTurns() });
    const run = await runTandem(['-p', 'make a file'], { cwd: t.project, env: testEnv(server.url, t), timeoutMs: 30_000 });
    expect(run.stderr).toMatch(/is not trusted/);
    expect(run.stderr).toMatch(/3 project hooks \(SessionStart, PreToolUse, UserPromptSubmit\)/);
    expect(run.stderr).toMatch(/MCP servers "loc", "mk"/);
    expect(run.stderr).toMatch(/allow rule Bash/);
    expect(run.stderr).toMatch(/--trust/);
    expect(existsSync(join(t.project, 'bash-ran'))).toBe(false); // Bash needed approval: headless denies
    await sleep(500);
    expect(present()).toEqual([]);
  });

  it('with --trust: runs them (the folder is not remembered)', async () => {
    server = await startFakeServer({ turns: bashTurns() });
    const run = await runTandem(['-p', 'make a file', '--trust'], { cwd: t.project, env: testEnv(server.url, t), timeoutMs: 30_000 });
    expect(run.stderr).not.toMatch(/is not trusted/);
    expect(existsSync(join(t.project, 'bash-ran'))).toBe(true);
    expect(present().sort()).toEqual([...MARKERS].sort());
    expect(existsSync(join(t.home, '.tandem', 'trusted-folders.json'))).toBe(false);
  });

  it('`tandem trust` remembers the folder for later headless runs', async () => {
    const trust = await runTandem(['trust'], { cwd: join(t.project), env: testEnv('http://127.0.0.1:9', t) });
    expect(trust.code).toBe(0);
    server = await startFakeServer({ turns: bashTurns() });
    const run = await runTandem(['-p', 'make a file'], { cwd: t.project, env: testEnv(server.url, t), timeoutMs: 30_000 });
    expect(run.stderr).not.toMatch(/is not trusted/);
    expect(existsSync(join(t.project, 'bash-ran'))).toBe(true);
  });
});
