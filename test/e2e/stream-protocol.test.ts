// The stream-json protocol spoken by hand (no SDK): the answers a program gets for each kind of line it sends.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer, ScriptedTurn } from '../../src/fake-server/types';
import { BIN, jsonLines, runTandem, tempHome, testEnv, type TempHome } from './harness';

let t: TempHome;
let server: FakeServer | undefined;
beforeAll(() => {
  t = tempHome('tandem-stream-');
});
afterAll(() => t.cleanup());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(turns: ScriptedTurn[]): Promise<FakeServer> {
  server = await startFakeServer({ turns });
  return server;
}

const STREAM = ['--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose'];
const user = (text: string) => JSON.stringify({ type: 'user', message: { role: 'user', content: text }, parent_tool_use_id: null, session_id: '' });
const request = (id: string, body: Record<string, unknown>) => JSON.stringify({ type: 'control_request', request_id: id, request: body });

/** Writes `input` lines to a stream-json tandem and returns every line it printed, once it exits. */
function converse(args: string[], input: string[], env: Record<string, string>): Promise<{ code: number | null; lines: any[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: t.project, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out\n${stdout}\n${stderr}`));
    }, 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, lines: jsonLines(stdout), stderr });
    });
    child.stdin.end(input.map((l) => `${l}\n`).join(''));
  });
}

describe('stream-json input, by hand', () => {
  it('answers initialize, set_model, set_permission_mode and unknown subtypes; an unknown one is an error, not a hang', async () => {
    const s = await serve([{ text: 'ok' }]);
    const run = await converse(
      STREAM,
      [
        request('i1', { subtype: 'initialize' }),
        request('m1', { subtype: 'set_model', model: 'opus' }),
        request('p1', { subtype: 'set_permission_mode', mode: 'plan' }),
        request('p2', { subtype: 'set_permission_mode', mode: 'sideways' }),
        request('x1', { subtype: 'no_such_request' }),
        user('hi'),
      ],
      testEnv(s.url, t),
    );
    const responses = new Map(run.lines.filter((l) => l.type === 'control_response').map((l) => [l.response.request_id, l.response]));
    expect(responses.get('i1')).toMatchObject({ subtype: 'success', response: { commands: expect.any(Array), agents: expect.any(Array), models: expect.any(Array), output_style: 'default' } });
    expect(responses.get('m1')).toMatchObject({ subtype: 'success' });
    expect(responses.get('p1')).toMatchObject({ subtype: 'success' });
    expect(responses.get('p2')).toMatchObject({ subtype: 'error' });
    expect(responses.get('x1')).toEqual({ subtype: 'error', request_id: 'x1', error: 'Unsupported control request subtype: no_such_request', error_code: 'unsupported_request' });
    const init = run.lines.find((l) => l.type === 'system' && l.subtype === 'init');
    expect(init).toMatchObject({ permissionMode: 'plan', output_style: 'default', skills: [], plugins: [] });
    expect(init.model).toMatch(/opus/);
    expect(s.requests.at(-1)!.body.model).toMatch(/opus/);
    const assistant = run.lines.find((l) => l.type === 'assistant');
    expect(assistant.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(run.code).toBe(0);
  }, 60_000);

  it('a user message with an image block reaches the model with its image; blocks tandem cannot send are named', async () => {
    const s = await serve([{ text: 'a red dot' }]);
    const png = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' } };
    const message = JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'text', text: 'what is this?' }, png, { type: 'document', source: {} }] }, parent_tool_use_id: null, session_id: '' });
    const run = await converse(STREAM, [message], testEnv(s.url, t));
    const sent = s.requests.filter((r) => r.path.startsWith('/v1/messages'))[0]!.body.messages.at(-1).content;
    expect(sent).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'text', text: 'what is this?' }), expect.objectContaining(png)]));
    expect(JSON.stringify(sent)).not.toContain('document');
    expect(run.stderr).toContain('document');
    expect(run.lines.at(-1)).toMatchObject({ type: 'result', result: 'a red dot' });
  }, 60_000);

  it('bypassPermissions by set_permission_mode needs --allow-dangerously-skip-permissions', async () => {
    const s = await serve([]);
    const run = await converse(STREAM, [request('b1', { subtype: 'set_permission_mode', mode: 'bypassPermissions' }), request('b2', { subtype: 'set_permission_mode', mode: 'default' })], testEnv(s.url, t));
    const responses = new Map(run.lines.filter((l) => l.type === 'control_response').map((l) => [l.response.request_id, l.response]));
    expect(responses.get('b1')).toMatchObject({ subtype: 'error', error: expect.stringContaining('--allow-dangerously-skip-permissions') });
    expect(responses.get('b2')).toMatchObject({ subtype: 'success' });
  }, 60_000);

  it('--tools keeps only the named built-in tools: a call to another is denied', async () => {
    const s = await serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo hi', description: 'x' } }] }, { text: 'ok' }]);
    const run = await converse([...STREAM, '--tools', 'Read,Grep'], [user('go')], testEnv(s.url, t));
    const result = run.lines.at(-1);
    expect(result.permission_denials).toEqual([expect.objectContaining({ tool_name: 'Bash' })]);
  }, 60_000);

  it('a session with no messages exits quietly when stdin closes', async () => {
    const s = await serve([]);
    const run = await converse(STREAM, [], testEnv(s.url, t));
    expect(run.code).toBe(0);
    expect(s.requests.filter((r) => r.path.startsWith('/v1/messages'))).toHaveLength(0);
  }, 60_000);

  it('--max-budget-usd stops with error_max_budget_usd, and later messages are refused', async () => {
    const s = await serve([{ text: 'expensive', usage: { input_tokens: 2_000_000, output_tokens: 10 } }, { text: 'never' }]);
    const run = await converse([...STREAM, '--max-budget-usd', '0.01'], [user('one'), user('two')], testEnv(s.url, t));
    const results = run.lines.filter((l) => l.type === 'result');
    expect(results.map((r) => r.subtype)).toEqual(['error_max_budget_usd', 'error_max_budget_usd']);
    expect(results[0].is_error).toBe(true);
    expect(results[0].errors[0]).toMatch(/maximum budget/);
    expect(s.requests.filter((r) => r.path.startsWith('/v1/messages'))).toHaveLength(1);
    expect(run.code).toBe(1);
  }, 60_000);
});

describe('-p output formats', () => {
  it('stream-json without --verbose is refused with Claude Code\'s message', async () => {
    const s = await serve([]);
    const run = await runTandem(['-p', 'hi', '--output-format', 'stream-json'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: When using --print, --output-format=stream-json requires --verbose');
    expect(s.requests).toHaveLength(0);
  });

  it('json with --verbose prints the array of every event, the result last', async () => {
    const s = await serve([{ text: 'all of it' }]);
    const run = await runTandem(['-p', 'hi', '--output-format', 'json', '--verbose'], { cwd: t.project, env: testEnv(s.url, t) });
    const events = JSON.parse(run.stdout);
    expect(Array.isArray(events)).toBe(true);
    expect(events[0]).toMatchObject({ type: 'system', subtype: 'init' });
    expect(events.some((e: any) => e.type === 'assistant')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'result', subtype: 'success', result: 'all of it' });
  });

  it('tool_use_result in Claude Code\'s shapes for Bash and Read; modelUsage has the limits', async () => {
    writeFileSync(join(t.project, 'notes.txt'), 'alpha\nbeta\ngamma\n');
    const s = await serve([
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo shaped', description: 'say it' } }] },
      { content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(t.project, 'notes.txt'), offset: 2, limit: 2 } }] },
      { text: 'done' },
    ]);
    const run = await runTandem(['-p', 'go', '--allowedTools', 'Bash,Read', '--output-format', 'stream-json', '--verbose'], { cwd: t.project, env: testEnv(s.url, t) });
    const users = jsonLines(run.stdout).filter((l: any) => l.type === 'user') as any[];
    expect(users).toHaveLength(2);
    expect(users[0].message.content[0].is_error).toBe(false);
    expect(users[0].tool_use_result).toMatchObject({ stdout: expect.stringContaining('shaped'), stderr: '', interrupted: false });
    expect(users[1].tool_use_result).toEqual({ type: 'text', file: { filePath: expect.stringContaining('notes.txt'), content: 'beta\ngamma', numLines: 2, startLine: 2, totalLines: 4 } }); // the final line break's empty line counts, as in Claude Code
    const result = jsonLines(run.stdout).at(-1) as any;
    const usage = Object.values(result.modelUsage)[0] as any;
    expect(usage.contextWindow).toBeGreaterThan(100_000);
    expect(usage.maxOutputTokens).toBeGreaterThan(1000);
  });

  it('--mcp-config JSON adds a server without approval; --strict-mcp-config drops the project\'s own', async () => {
    const echo = join(__dirname, '../fixtures/mcp/echo-server.mjs');
    writeFileSync(join(t.project, '.mcp.json'), JSON.stringify({ mcpServers: { project_one: { command: process.execPath, args: [echo] } } }));
    const s = await serve([{ text: 'listed' }, { text: 'listed' }]);
    const config = JSON.stringify({ mcpServers: { flagged: { command: process.execPath, args: [echo] }, inproc: { type: 'sdk', name: 'inproc' } } });
    const run = await runTandem(['-p', 'hi', '--mcp-config', config, '--output-format', 'stream-json', '--verbose'], { cwd: t.project, env: testEnv(s.url, t) });
    const init = jsonLines(run.stdout)[0] as any;
    expect(init.mcp_servers).toEqual([{ name: 'flagged', status: 'connected' }]);
    expect(init.tools).toContain('mcp__flagged__echo');
    expect(run.stderr).toContain('project_one'); // awaiting approval: named, not started
    const strict = await runTandem(['-p', 'hi', '--mcp-config', config, '--strict-mcp-config', '--output-format', 'stream-json', '--verbose'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(strict.stderr).not.toContain('project_one');
    expect((jsonLines(strict.stdout)[0] as any).mcp_servers).toEqual([{ name: 'flagged', status: 'connected' }]);
    rmSync(join(t.project, '.mcp.json'));
  });

  it('--settings JSON is the highest settings source: its deny rule holds over allowedTools-free defaults', async () => {
    const s = await serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo hi', description: 'x' } }] }, { text: 'ok' }]);
    const run = await runTandem(['-p', 'go', '--settings', '{"permissions":{"deny":["Bash"]}}', '--output-format', 'json'], { cwd: t.project, env: testEnv(s.url, t) });
    const result = JSON.parse(run.stdout);
    expect(result.permission_denials).toEqual([expect.objectContaining({ tool_name: 'Bash' })]);
    const bad = await runTandem(['-p', 'go', '--settings', '{"permissions": nope}'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/settings/);
  });

  it('-p --max-budget-usd ends with error_max_budget_usd', async () => {
    const s = await serve([{ text: 'expensive', usage: { input_tokens: 2_000_000, output_tokens: 10 } }]);
    const run = await runTandem(['-p', 'hi', '--output-format', 'json', '--max-budget-usd', '0.01'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(JSON.parse(run.stdout)).toMatchObject({ type: 'result', subtype: 'error_max_budget_usd', is_error: true });
    expect(run.code).toBe(1);
  });

  it('flags the SDK may pass and tandem ignores are each warned about once', async () => {
    const s = await serve([{ text: 'ok' }]);
    const run = await runTandem(['-p', 'hi', '--betas', 'x', '--betas', 'y', '--include-hook-events'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(run.code).toBe(0);
    expect(run.stderr.match(/--betas is accepted for compatibility/g)).toHaveLength(1);
    expect(run.stderr).toContain('--include-hook-events is accepted for compatibility');
  });
});
