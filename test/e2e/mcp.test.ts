// MCP end to end through `tandem -p`: a real stdio MCP server (test/fixtures/mcp) approved once, its tools named
// by an agent file, called by the scripted model; a server that dies mid-session is reported and the run goes on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../src/fake-server/types';
import { runTandem, testEnv, useWorkspace } from './harness';

const ECHO_SERVER = join(__dirname, '../fixtures/mcp/echo-server.mjs');
const ws = useWorkspace();
beforeEach(() => {
  writeFileSync(join(ws.t.project, '.mcp.json'), JSON.stringify({ mcpServers: { fixture: { command: process.execPath, args: [ECHO_SERVER] } } }));
  mkdirSync(join(ws.t.project, '.tandem', 'agents'), { recursive: true });
  writeFileSync(join(ws.t.project, '.tandem', 'agents', 'echoer.md'), '---\nname: echoer\ndescription: Echoes things through MCP.\ntools: mcp__fixture__echo\n---\nYou echo.\n');
  writeFileSync(join(ws.t.project, '.tandem', 'agents', 'docs.md'), '---\nname: docs\ndescription: Reads docs.\ntools: Read, mcp__context7__*\n---\nYou read docs.\n');
});

const toolNames = (s: FakeServer, i: number) => (s.requests[i]!.body.tools as Array<{ name: string }>).map((x) => x.name);
const lastResult = (s: FakeServer) => {
  const messages = s.requests[s.requests.length - 1]!.body.messages as Array<{ content: any }>;
  return (messages[messages.length - 1]!.content as Array<{ type: string; content: unknown; is_error?: boolean }>).find((b) => b.type === 'tool_result')!;
};

describe('MCP', () => {
  it('a project server is skipped until approved, then its tool is exactly what the agent lists', async () => {
    const server = await ws.serve({ turns: [{ text: 'no tools yet' }] });
    const env = testEnv(server.url, ws.t);
    const before = await runTandem(['-p', 'hi', '--agent', 'echoer'], { cwd: ws.t.project, env });
    expect(before.stderr).toMatch(/approve/);
    expect(server.requests[0]!.body.tools ?? []).toEqual([]);

    const approve = await runTandem(['mcp', 'approve', 'fixture'], { cwd: ws.t.project, env });
    expect(approve.code).toBe(0);
    server.push({ content: [{ type: 'tool_use', name: 'mcp__fixture__echo', input: { text: 'ping from the model' } }] }, { text: 'echoed' });
    const run = await runTandem(['-p', 'echo something', '--agent', 'echoer', '--allowedTools', 'mcp__fixture__echo', '--output-format', 'json'], { cwd: ws.t.project, env, timeoutMs: 30_000 });
    expect(JSON.parse(run.stdout).result).toBe('echoed');
    expect(toolNames(server, 1)).toEqual(['mcp__fixture__echo']);
    const result = lastResult(server);
    expect(result.is_error).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain('ping from the model');
  });

  it('a server that exits mid-session is reported and the session goes on without its tools', async () => {
    const env = testEnv('', ws.t);
    await runTandem(['mcp', 'approve', '--all'], { cwd: ws.t.project, env });
    const server = await ws.serve({
      turns: [
        { content: [{ type: 'tool_use', name: 'mcp__fixture__crash', input: {} }] },
        { content: [{ type: 'tool_use', name: 'mcp__fixture__echo', input: { text: 'still there?' } }] },
        { text: 'carried on without it' },
      ],
    });
    const run = await runTandem(['-p', 'crash it', '--allowedTools', 'mcp__fixture', '--output-format', 'json'], { cwd: ws.t.project, env: testEnv(server.url, ws.t), timeoutMs: 30_000 });
    expect(JSON.parse(run.stdout).result).toBe('carried on without it');
    expect(toolNames(server, 0)).toContain('mcp__fixture__echo');
    // After the crash the server's tools are gone from the next requests, and the call in flight got an error.
    expect(toolNames(server, 2)).not.toContain('mcp__fixture__echo');
    const second = lastResult(server);
    expect(second.is_error).toBe(true);
  });

  it('an agent naming mcp__context7__* without that server loads with a warning and runs without them', async () => {
    const server = await ws.serve({ turns: [{ text: 'fine' }] });
    const env = testEnv(server.url, ws.t);
    const agents = await runTandem(['agents'], { cwd: ws.t.project, env });
    expect(agents.stdout).toMatch(/docs[\s\S]*context7/);
    const run = await runTandem(['-p', 'hi', '--agent', 'docs'], { cwd: ws.t.project, env });
    expect(run.stdout.trim()).toBe('fine');
    expect(toolNames(server, 0)).toEqual(['Read']);
  });
});
