// `--mcp-config` / `--strict-mcp-config` through `tandem -p`, and servers from ~/.claude.json, against a real
// stdio MCP server (test/fixtures/mcp) and the scripted model.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../src/fake-server/types';
import { KEYS, runTandem, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ECHO_SERVER = join(__dirname, '../fixtures/mcp/echo-server.mjs');
const ws = useWorkspace();
beforeEach(() => {
  // A repository server nobody approved: must never show up.
  writeFileSync(join(ws.t.project, '.mcp.json'), JSON.stringify({ mcpServers: { repo: { command: process.execPath, args: [ECHO_SERVER] } } }));
});

const toolNames = (s: FakeServer, i: number) => ((s.requests[i]!.body.tools ?? []) as Array<{ name: string }>).map((x) => x.name);

describe('--mcp-config', () => {
  it('inline JSON with --strict-mcp-config: only that server, no approval question, its tool works', async () => {
    const server = await ws.serve({ turns: [{ content: [{ type: 'tool_use', name: 'mcp__cli__echo', input: { text: 'from the flag' } }] }, { text: 'done' }] });
    const config = JSON.stringify({ mcpServers: { cli: { command: process.execPath, args: [ECHO_SERVER], description: 'ignored', autoApprove: ['echo'] } } });
    const run = await runTandem(['-p', 'go', '--mcp-config', config, '--strict-mcp-config', '--allowedTools', 'mcp__cli__echo', '--output-format', 'json'], {
      cwd: ws.t.project,
      env: testEnv(server.url, ws.t),
      timeoutMs: 30_000,
    });
    expect(JSON.parse(run.stdout).result).toBe('done');
    const names = toolNames(server, 0);
    expect(names).toContain('mcp__cli__echo');
    expect(names.some((n) => n.startsWith('mcp__repo__'))).toBe(false);
    expect(run.stderr).not.toMatch(/approve/);
    expect(run.stderr).toMatch(/autoApprove/);
    expect(JSON.stringify(server.requests[1]!.body.messages)).toContain('from the flag');
  });

  it('a file that cannot be read stops the run with a message naming it', async () => {
    const server = await ws.serve({ turns: [{ text: 'never' }] });
    const run = await runTandem(['-p', 'go', '--mcp-config', 'nope.json'], { cwd: ws.t.project, env: testEnv(server.url, ws.t) });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('nope.json');
    expect(server.requests).toHaveLength(0);
  });
});

describe('~/.claude.json', () => {
  it('a user server from ~/.claude.json starts in a headless run', async () => {
    const env = testEnv('', ws.t);
    writeFileSync(join(env.HOME!, '.claude.json'), JSON.stringify({ numStartups: 4, mcpServers: { mine: { type: 'stdio', command: process.execPath, args: [ECHO_SERVER] } } }));
    const server = await ws.serve({ turns: [{ text: 'ok' }] });
    const run = await runTandem(['-p', 'hi'], { cwd: ws.t.project, env: testEnv(server.url, ws.t), timeoutMs: 30_000 });
    expect(run.stdout.trim()).toBe('ok');
    expect(toolNames(server, 0)).toContain('mcp__mine__echo');
    expect(toolNames(server, 0).some((n) => n.startsWith('mcp__repo__'))).toBe(false);
  });
});

describe('agents and MCP servers', () => {
  it('tandem agents does not call a .mcp.json server "not configured", approved or not', async () => {
    mkdirSync(join(ws.t.project, '.claude', 'agents'), { recursive: true });
    writeFileSync(join(ws.t.project, '.claude', 'agents', 'repo-user.md'), '---\nname: repo-user\ndescription: Uses the repo server.\ntools: Read, mcp__repo__echo, mcp__absent__thing\n---\nBody.\n');
    const run = await runTandem(['agents'], { cwd: ws.t.project, env: testEnv('', ws.t) });
    expect(run.stdout).toContain('repo-user');
    expect(run.stdout).not.toMatch(/"repo", which is not configured/);
    expect(run.stdout).toMatch(/"absent", which is not configured/);
  });

  it('an agent naming a tool its server no longer has is warned, with the server\'s current tools', async () => {
    const env = testEnv('', ws.t);
    writeFileSync(join(env.HOME!, '.claude.json'), JSON.stringify({ mcpServers: { mine: { command: process.execPath, args: [ECHO_SERVER] } } }));
    mkdirSync(join(ws.t.project, '.tandem', 'agents'), { recursive: true });
    writeFileSync(join(ws.t.project, '.tandem', 'agents', 'old.md'), '---\nname: old\ndescription: Written for an older server.\ntools: mcp__mine__echo, mcp__mine__shout\n---\nBody.\n');
    const server = await ws.serve({ turns: [{ text: 'ok' }] });
    const run = await runTandem(['-p', 'hi', '--agent', 'old'], { cwd: ws.t.project, env: testEnv(server.url, ws.t), timeoutMs: 30_000 });
    expect(run.stdout.trim()).toBe('ok');
    expect(run.stderr).toMatch(/agent "old" names "mcp__mine__shout", but MCP server "mine" has no such tool now; its tools: echo, add/);
    expect(run.stderr).not.toContain('"mcp__mine__echo", but');
  });
});

describe('/mcp in the shell', () => {
  let term: TerminalSession | undefined;
  afterEach(() => {
    term?.kill('SIGKILL');
    term = undefined;
  });

  it('shows the warning for a tool the connected server no longer has', async () => {
    const env = testEnv('', ws.t);
    writeFileSync(join(env.HOME!, '.claude.json'), JSON.stringify({ mcpServers: { mine: { command: process.execPath, args: [ECHO_SERVER] } } }));
    mkdirSync(join(ws.t.project, '.tandem', 'agents'), { recursive: true });
    writeFileSync(join(ws.t.project, '.tandem', 'agents', 'old.md'), '---\nname: old\ndescription: Written for an older server.\ntools: mcp__mine__shout\n---\nBody.\n');
    const server = await ws.serve({ turns: [{ text: 'ok' }] });
    term = startTerminal(['--agent', 'old'], { cwd: ws.t.project, env: testEnv(server.url, ws.t), cols: 160 });
    await term.waitFor(/❯ /, 20_000);
    const deadline = Date.now() + 20_000;
    // The server connects in the background: ask until it is connected.
    for (;;) {
      term.write('/mcp');
      await new Promise((r) => setTimeout(r, 300));
      term.write(KEYS.enter);
      try {
        await term.waitFor('has no such tool now', 3000);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
    }
    expect(term.all()).toMatch(/MCP server "mine" has no such tool now; its tools: echo/);
  }, 60_000);
});
