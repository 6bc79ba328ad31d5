// The manager against the fixture served over Streamable HTTP on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { McpManager } from '../../src/mcp/manager';
import { ToolError } from '../../src/tools/types';
import { HTTP_SERVER, findTool, httpServer, toolContext, waitFor } from './helpers';

const children: ChildProcess[] = [];
const managers: McpManager[] = [];

/** Starts the fixture HTTP server and resolves with the URL it prints. */
function startHttpFixture(port = 0, token?: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [HTTP_SERVER, String(port), '60', ...(token ? [token] : [])], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ url: line.trim(), child });
    });
    child.on('exit', (code) => reject(new Error(`http fixture exited with ${code}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.stdin!.end(); // the fixture stops itself when stdin closes
  });
}

function newManager(url: string, headers: Record<string, string> = {}): McpManager {
  const m = new McpManager({ servers: [httpServer('web', url, headers)], onChange: () => {}, clientName: 'tandem-test', clientVersion: '0.0.0' });
  managers.push(m);
  return m;
}

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stopAll()));
});
afterAll(async () => {
  await Promise.all(children.map(stopChild));
});

describe('McpManager over Streamable HTTP', () => {
  it('lists tools, round-trips calls, maps isError and images', async () => {
    const { url } = await startHttpFixture();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const m = newManager(url);
    m.start();
    await m.whenSettled(10_000);
    expect(m.status()[0]).toMatchObject({ name: 'web', state: 'connected', transport: 'http' });
    expect(m.tools().map((t) => t.name)).toEqual(expect.arrayContaining(['mcp__web__echo', 'mcp__web__add', 'mcp__web__fail', 'mcp__web__image']));
    expect((await findTool(m.tools(), 'mcp__web__echo').run({ text: 'over http' }, toolContext())).forModel).toBe('over http');
    expect((await findTool(m.tools(), 'mcp__web__add').run({ a: 1, b: 2 }, toolContext())).forModel).toBe('3');
    const error = await findTool(m.tools(), 'mcp__web__fail').run({}, toolContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    const image = await findTool(m.tools(), 'mcp__web__image').run({}, toolContext());
    expect((image.forModel as Array<{ type: string }>).map((b) => b.type)).toEqual(['text', 'image']);
    await findTool(m.tools(), 'mcp__web__grow').run({}, toolContext());
    await waitFor(() => m.tools().some((t) => t.name === 'mcp__web__extra'));
  });

  it('a server that goes away is reported as failed on the next call; restart reconnects', async () => {
    const { url, child } = await startHttpFixture();
    const m = newManager(url);
    m.start();
    await m.whenSettled(10_000);
    const echo = findTool(m.tools(), 'mcp__web__echo');
    await stopChild(child);

    const down = await echo.run({ text: 'anyone?' }, toolContext()).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ToolError);
    expect((down as Error).message).toMatch(/"web" is not connected/);
    expect(m.status()[0]?.state).toBe('failed');
    expect(m.tools()).toEqual([]);

    const port = new URL(url).port;
    await startHttpFixture(Number(port));
    await m.restart('web');
    expect(m.status()[0]?.state).toBe('connected');
    expect((await echo.run({ text: 'again' }, toolContext())).forModel).toBe('again');
  });

  it('sends the configured headers', async () => {
    const { url } = await startHttpFixture(0, 's3cret');
    const refused = newManager(url);
    refused.start();
    await refused.whenSettled(10_000);
    expect(refused.status()[0]?.state).toBe('failed');
    expect(refused.status()[0]?.error).toMatch(/401|bearer/i);

    const allowed = newManager(url, { Authorization: 'Bearer s3cret' });
    allowed.start();
    await allowed.whenSettled(10_000);
    expect(allowed.status()[0]?.state).toBe('connected');
    expect((await findTool(allowed.tools(), 'mcp__web__echo').run({ text: 'authorised' }, toolContext())).forModel).toBe('authorised');
  });

  it('an unreachable url fails fast', async () => {
    const m = newManager('http://127.0.0.1:9/mcp');
    const started = Date.now();
    m.start();
    await m.whenSettled(10_000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(m.status()[0]?.state).toBe('failed');
    expect(m.status()[0]?.error).toBeTruthy();
  });
});
