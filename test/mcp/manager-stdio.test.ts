// The manager against the real stdio fixture server (a child process speaking MCP over stdin/stdout).
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { McpManager } from '../../src/mcp/manager';
import { validateToolInput } from '../../src/tools/validate-input';
import { toolJsonSchema } from '../../src/tools/registry';
import { ToolError } from '../../src/tools/types';
import { ECHO_SERVER, findTool, isAlive, isRunning, parentOf, readPids, stdioServer, tempDir, toolContext, waitFor } from './helpers';

const managers: McpManager[] = [];
function manager(opts: Partial<ConstructorParameters<typeof McpManager>[0]> & Pick<ConstructorParameters<typeof McpManager>[0], 'servers'>) {
  let changes = 0;
  const m = new McpManager({ clientName: 'tandem-test', clientVersion: '0.0.0', onChange: () => changes++, ...opts });
  managers.push(m);
  return { m, changes: () => changes };
}

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stopAll()));
});

describe('McpManager over stdio', () => {
  it('lists the tools with prefixed names and the server schemas, and round-trips a call', async () => {
    const { m, changes } = manager({ servers: [stdioServer('fixture')] });
    expect(m.status()).toEqual([{ name: 'fixture', state: 'pending', toolCount: 0, transport: 'stdio' }]);
    expect(m.tools()).toEqual([]);
    m.start();
    await m.whenSettled(10_000);
    const [status] = m.status();
    expect(status?.state).toBe('connected');
    const names = m.tools().map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['mcp__fixture__echo', 'mcp__fixture__add', 'mcp__fixture__fail', 'mcp__fixture__image', 'mcp__fixture__crash']));
    expect(status?.toolCount).toBe(names.length);
    expect(changes()).toBeGreaterThan(0);

    const echo = findTool(m.tools(), 'mcp__fixture__echo');
    expect(echo.kind).toBe('mcp');
    expect(echo.description).toContain('fixture');
    expect(echo.description).toContain('Returns the text');
    expect(echo.isReadOnly({})).toBe(true);
    expect(findTool(m.tools(), 'mcp__fixture__add').isReadOnly({})).toBe(false);
    const schema = toolJsonSchema(echo);
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['text']);
    expect((schema.properties as Record<string, { type: string }>).text?.type).toBe('string');

    const preview = await echo.preview({ text: 'hi' }, toolContext());
    expect(preview).toEqual({ kind: 'info', title: 'MCP fixture: echo', detail: '{"text":"hi"}' });

    const result = await echo.run({ text: 'hello over stdio' }, toolContext());
    expect(result.forModel).toBe('hello over stdio');
    const sum = await findTool(m.tools(), 'mcp__fixture__add').run({ a: 2, b: 40 }, toolContext());
    expect(sum.forModel).toBe('42');
  });

  it('validates required fields and basic types before calling', async () => {
    const { m } = manager({ servers: [stdioServer('fixture')] });
    m.start();
    await m.whenSettled(10_000);
    const add = findTool(m.tools(), 'mcp__fixture__add');
    const missing = validateToolInput(add, { a: 1 });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.message).toContain("missing required field 'b'");
    const wrong = validateToolInput(add, { a: 1, b: 'two' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.message).toMatch(/b: expected a number, got string "two"/);
    expect(validateToolInput(add, { a: 1, b: 2 })).toEqual({ ok: true, value: { a: 1, b: 2 } });
  });

  it('turns isError into a ToolError and images into image blocks', async () => {
    const { m } = manager({ servers: [stdioServer('fixture')] });
    m.start();
    await m.whenSettled(10_000);
    const fail = findTool(m.tools(), 'mcp__fixture__fail');
    const error = await fail.run({}, toolContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as Error).message).toBe('the fixture failed on purpose');

    const image = await findTool(m.tools(), 'mcp__fixture__image').run({}, toolContext());
    expect(Array.isArray(image.forModel)).toBe(true);
    expect(image.forModel).toEqual([
      { type: 'text', text: 'here is a picture' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: expect.stringMatching(/^iVBOR/) } },
    ]);
  });

  it('refreshes the tool list on tools/list_changed', async () => {
    const { m } = manager({ servers: [stdioServer('fixture')] });
    m.start();
    await m.whenSettled(10_000);
    expect(m.tools().map((t) => t.name)).not.toContain('mcp__fixture__extra');
    await findTool(m.tools(), 'mcp__fixture__grow').run({}, toolContext());
    await waitFor(() => m.tools().some((t) => t.name === 'mcp__fixture__extra'));
  });

  it('reports a server that exits mid-session as failed, drops its tools, keeps the others; restart brings it back', async () => {
    // The lead resyncs the registry on onChange, so a failure must call it (with the tools already gone).
    let toolsAtLastChange: string[] = [];
    const { m } = manager({ servers: [stdioServer('doomed'), stdioServer('steady')], onChange: () => (toolsAtLastChange = m.tools().map((t) => t.name)) });
    m.start();
    await m.whenSettled(10_000);
    expect(m.status().map((s) => s.state)).toEqual(['connected', 'connected']);
    expect(toolsAtLastChange).toContain('mcp__doomed__echo');
    const echo = findTool(m.tools(), 'mcp__doomed__echo');

    await findTool(m.tools(), 'mcp__doomed__crash').run({}, toolContext());
    await waitFor(() => m.status()[0]?.state === 'failed');
    const doomed = m.status()[0]!;
    expect(doomed.error).toContain('closed the connection');
    expect(doomed.error).toContain('fixture: crashing on request');
    expect(doomed.toolCount).toBe(0);
    expect(m.tools().some((t) => t.name.startsWith('mcp__doomed__'))).toBe(false);
    expect(m.tools().some((t) => t.name === 'mcp__steady__echo')).toBe(true);
    expect(toolsAtLastChange.some((n) => n.startsWith('mcp__doomed__'))).toBe(false);
    expect(toolsAtLastChange).toContain('mcp__steady__echo');

    // A tool object the engine still holds answers that the server is down, not with a crash.
    const down = await echo.run({ text: 'x' }, toolContext()).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ToolError);
    expect((down as Error).message).toMatch(/"doomed" is not connected.*\/mcp/s);
    expect((await findTool(m.tools(), 'mcp__steady__echo').run({ text: 'still here' }, toolContext())).forModel).toBe('still here');

    await m.restart('doomed');
    expect(m.status()[0]?.state).toBe('connected');
    expect((await echo.run({ text: 'back' }, toolContext())).forModel).toBe('back');
  });

  it('addServer connects a server approved mid-session', async () => {
    const { m } = manager({ servers: [] });
    m.start();
    await m.whenSettled(1000);
    m.addServer(stdioServer('late'));
    expect(m.status()[0]?.state).toBe('pending');
    await m.whenSettled(10_000);
    expect((await findTool(m.tools(), 'mcp__late__echo').run({ text: 'late' }, toolContext())).forModel).toBe('late');
  });

  it('fails cleanly and fast when the command does not exist', async () => {
    const { m } = manager({ servers: [stdioServer('ghost', {}, '/nonexistent/mcp-server-binary', [])] });
    const started = Date.now();
    m.start();
    await m.whenSettled(10_000);
    expect(Date.now() - started).toBeLessThan(2000);
    const [status] = m.status();
    expect(status?.state).toBe('failed');
    expect(status?.error).toMatch(/command not found|ENOENT/);
    expect(m.tools()).toEqual([]);
  });

  it('shows the stderr of a server that exits at start', async () => {
    const { m } = manager({ servers: [stdioServer('broken', { FIXTURE_STDERR: 'missing API key FOO', FIXTURE_EXIT_AT_START: '1' })] });
    m.start();
    await m.whenSettled(10_000);
    await waitFor(() => (m.status()[0]?.error ?? '').includes('missing API key FOO'));
    expect(m.status()[0]?.state).toBe('failed');
  });

  it('a server entry\'s "timeout" bounds its tool calls (the default bounds the others)', async () => {
    const quick = { ...stdioServer('quick'), callTimeoutMs: 300 };
    const { m } = manager({ servers: [quick, stdioServer('patient')], callTimeoutMs: 20_000 });
    m.start();
    await m.whenSettled(10_000);
    const started = Date.now();
    await expect(findTool(m.tools(), 'mcp__quick__slow').run({ ms: 5000 }, toolContext())).rejects.toThrow(/did not answer within 0 s|did not answer/);
    expect(Date.now() - started).toBeLessThan(4000);
    const r = await findTool(m.tools(), 'mcp__patient__slow').run({ ms: 600 }, toolContext());
    expect(JSON.stringify(r)).toContain('waited 600');
  }, 30_000);

  it('declares roots and answers roots/list with the project folder and additional directories', async () => {
    const project = tempDir();
    const extra = tempDir();
    const { m } = manager({ servers: [stdioServer('r', { FIXTURE_ROOTS: '1' })], roots: [project, extra] });
    m.start();
    await m.whenSettled(10_000);
    const r = await findTool(m.tools(), 'mcp__r__roots').run({}, toolContext());
    const text = JSON.stringify(r);
    expect(text).toContain(`file://${project}`);
    expect(text).toContain(`file://${extra}`);
    expect(text).toContain(path.basename(project));
  }, 30_000);

  it('times out a server that never answers the handshake', async () => {
    const silent = stdioServer('silent', {}, process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const { m } = manager({ servers: [silent], connectTimeoutMs: 400 });
    const started = Date.now();
    m.start();
    await m.whenSettled(10_000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(m.status()[0]).toMatchObject({ state: 'failed', error: expect.stringContaining('did not answer') });
  });

  it('a timed-out server that ignores stdin EOF is still killed by stopAll', async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'pids');
    const script = `require('fs').appendFileSync(${JSON.stringify(pidFile)}, process.pid + '\\n'); setInterval(() => {}, 1000)`;
    const { m } = manager({ servers: [stdioServer('stubborn', {}, process.execPath, ['-e', script])], connectTimeoutMs: 1500 });
    m.start();
    // Under load the child may start slowly; wait until it runs so the test is about killing it.
    await waitFor(() => readPids(pidFile).length === 1);
    await m.whenSettled(10_000);
    expect(m.status()[0]?.state).toBe('failed');
    const pids = readPids(pidFile);
    expect(pids.every(isAlive)).toBe(true);
    await m.stopAll();
    expect(pids.filter(isAlive)).toEqual([]);
  }, 15_000);

  it('stopAll leaves no server process behind', async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'pids');
    const { m } = manager({ servers: [stdioServer('one', { FIXTURE_PID_FILE: pidFile }), stdioServer('two', { FIXTURE_PID_FILE: pidFile })] });
    m.start();
    await m.whenSettled(10_000);
    const pids = readPids(pidFile);
    expect(pids).toHaveLength(2);
    expect(pids.every(isAlive)).toBe(true);
    await m.stopAll();
    expect(pids.filter(isAlive)).toEqual([]);
    expect(m.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    expect(m.tools()).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('stopAll also ends a server started through a launcher (a grandchild)', async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'pids');
    // sh stays between us and the server (the `; exit` keeps it from exec'ing node); the server outlives stdin EOF,
    // so only a signal ends it.
    const launched = stdioServer('launched', { FIXTURE_PID_FILE: pidFile, FIXTURE_IGNORE_STDIN_EOF: '1' }, '/bin/sh', ['-c', '"$0" "$1"; exit $?', process.execPath, ECHO_SERVER]);
    const { m } = manager({ servers: [launched] });
    let pids: number[] = [];
    try {
      m.start();
      await m.whenSettled(10_000);
      expect(m.status()[0]?.state).toBe('connected');
      const result = await findTool(m.tools(), 'mcp__launched__echo').run({ text: 'through sh' }, toolContext());
      expect(result.forModel).toBe('through sh');
      pids = readPids(pidFile);
      expect(pids).toHaveLength(1);
      expect(parentOf(pids[0]!)).not.toBe(process.pid);
      expect(isRunning(pids[0]!)).toBe(true);
      await m.stopAll();
      await waitFor(() => !isRunning(pids[0]!), 3000);
    } finally {
      for (const pid of pids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 20_000);

  it('stopAll during the handshake still kills the child', async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'pids');
    const { m } = manager({ servers: [stdioServer('early', { FIXTURE_PID_FILE: pidFile })] });
    m.start();
    await waitFor(() => readPids(pidFile).length === 1);
    await m.stopAll();
    const pids = readPids(pidFile);
    await new Promise((r) => setTimeout(r, 200));
    expect(pids.filter(isAlive)).toEqual([]);
    expect(m.status()[0]?.state).toBe('stopped');
  });
});
