// The Agent SDK's flags that change what tandem sends or prints: --fallback-model, thinking and effort,
// --json-schema. Each drives the built binary headless against the fake server and checks both sides: the request
// the server received and the lines tandem printed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer, LoggedRequest, ScriptedTurn } from '../../src/fake-server/types';
import { jsonLines, runTandem, tempHome, testEnv, type TempHome } from './harness';

let t: TempHome;
let server: FakeServer | undefined;

beforeAll(() => {
  t = tempHome('tandem-e2e-sdkflags-');
});
afterAll(() => t.cleanup());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Line = Record<string, any>;
const modelRequests = (s: FakeServer): LoggedRequest[] => s.requests.filter((r) => r.path.startsWith('/v1/messages'));

async function run(args: string[], turns: ScriptedTurn[] | ((req: LoggedRequest, index: number) => ScriptedTurn)) {
  server = typeof turns === 'function' ? await startFakeServer({ respond: turns }) : await startFakeServer({ turns });
  const result = await runTandem(['-p', 'go', '--output-format', 'stream-json', '--verbose', ...args], { cwd: t.project, env: testEnv(server.url, t) });
  const lines = jsonLines(result.stdout) as Line[];
  return { ...result, lines, result: lines[lines.length - 1]!, requests: modelRequests(server) };
}

describe('--fallback-model', () => {
  it('after three overloads of the main model the request goes to the fallback, and a system/model_fallback line says so', async () => {
    const r = await run(['--model', 'opus', '--fallback-model', 'sonnet'], (req) =>
      req.body?.model === 'claude-opus-5-5' ? { fault: { type: 'status', status: 529, retryAfterMs: 1 } } : { text: `from ${req.body?.model}` },
    );
    expect(r.requests.map((q) => q.body.model)).toEqual(['claude-opus-5-5', 'claude-opus-5-5', 'claude-opus-5-5', 'claude-sonnet-5-5']);
    const notice = r.lines.find((l) => l.type === 'system' && l.subtype === 'model_fallback');
    expect(notice).toMatchObject({ trigger: 'overloaded', original_model: 'claude-opus-5-5', fallback_model: 'claude-sonnet-5-5', session_id: r.result.session_id });
    expect(notice!.content).toMatch(/Switched to claude-sonnet-5-5/);
    expect(r.result).toMatchObject({ subtype: 'success', result: 'from claude-sonnet-5-5' });
  });

  it('a main model the API does not know (404) switches at once, for every later request too', async () => {
    const r = await run(['--model', 'claude-gone-1', '--fallback-model', 'haiku'], (req, i) =>
      req.body?.model === 'claude-gone-1'
        ? { fault: { type: 'status', status: 404, message: 'model: claude-gone-1' } }
        : i < 2 ? { content: [{ type: 'tool_use', name: 'TodoWrite', input: { todos: [] } }] } : { text: 'second answer' },
    );
    expect(r.requests.map((q) => q.body.model)).toEqual(['claude-gone-1', 'claude-haiku-5-5', 'claude-haiku-5-5']);
    const notices = r.lines.filter((l) => l.type === 'system' && l.subtype === 'model_fallback');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ trigger: 'model_not_found', original_model: 'claude-gone-1', fallback_model: 'claude-haiku-5-5' });
    expect(r.result).toMatchObject({ subtype: 'success', result: 'second answer' });
    expect(r.code).toBe(0);
  });

  it('without --fallback-model a 404 ends the run with an error', async () => {
    const r = await run(['--model', 'claude-gone-1'], () => ({ fault: { type: 'status', status: 404 } }));
    expect(r.requests).toHaveLength(1);
    expect(r.lines.some((l) => l.subtype === 'model_fallback')).toBe(false);
    expect(r.result.is_error).toBe(true);
  });
});
