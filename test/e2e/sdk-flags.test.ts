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

describe('thinking and effort', () => {
  const first = (r: { requests: LoggedRequest[] }) => r.requests[0]!;
  const betas = (q: LoggedRequest) => String(q.headers['anthropic-beta'] ?? '').split(',').filter(Boolean);

  it('--max-thinking-tokens N on a budget model: thinking enabled with that budget, the interleaved-thinking beta', async () => {
    const r = await run(['--model', 'claude-sonnet-4-5', '--max-thinking-tokens', '5000'], [{ text: 'ok' }]);
    expect(first(r).body.thinking).toEqual({ type: 'enabled', budget_tokens: 5000 });
    expect(first(r).body.output_config).toBeUndefined();
    expect(betas(first(r))).toContain('interleaved-thinking-2025-05-14');
    expect(first(r).body.betas).toBeUndefined();
    expect(r.result.subtype).toBe('success');
  });

  it('a budget below the API minimum is raised to 1024; 0 turns thinking off', async () => {
    const low = await run(['--model', 'claude-sonnet-4-5', '--max-thinking-tokens', '100'], [{ text: 'ok' }]);
    expect(first(low).body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    await server?.close();
    const off = await run(['--model', 'claude-sonnet-4-5', '--max-thinking-tokens=0'], [{ text: 'ok' }]);
    expect(first(off).body.thinking).toEqual({ type: 'disabled' });
  });

  it('--thinking adaptive and --effort on a model that takes both: adaptive thinking and output_config.effort', async () => {
    const r = await run(['--thinking=adaptive', '--effort', 'high'], [{ text: 'ok' }]);
    expect(first(r).body.model).toBe('claude-sonnet-5-5');
    expect(first(r).body.thinking).toEqual({ type: 'adaptive' });
    expect(first(r).body.output_config).toEqual({ effort: 'high' });
    expect(betas(first(r))).toContain('effort-2025-11-24');
    expect(r.stderr).not.toMatch(/has no effect/);
  });

  it('--thinking disabled where it can be turned off; said once (not sent) where the model always thinks', async () => {
    const off = await run(['--model', 'claude-opus-4-6', '--thinking', 'disabled'], [{ text: 'ok' }]);
    expect(first(off).body.thinking).toEqual({ type: 'disabled' });
    await server?.close();
    const always = await run(['--thinking', 'disabled'], [{ content: [{ type: 'tool_use', name: 'TodoWrite', input: { todos: [] } }] }, { text: 'ok' }]);
    expect(always.requests).toHaveLength(2);
    for (const q of always.requests) expect(q.body.thinking).toBeUndefined();
    expect(always.stderr.match(/always thinks adaptively/g)).toHaveLength(1);
  });

  it('--effort on a model without effort levels: not sent, one warning on stderr', async () => {
    const r = await run(['--model', 'claude-haiku-4-5', '--effort', 'max'], [{ content: [{ type: 'tool_use', name: 'TodoWrite', input: { todos: [] } }] }, { text: 'ok' }]);
    for (const q of r.requests) expect(q.body.output_config).toBeUndefined();
    expect(r.stderr.match(/claude-haiku-4-5 does not take an effort level/g)).toHaveLength(1);
  });

  it('no flag: no thinking, no effort in the request (tandem sends nothing it was not asked for)', async () => {
    const r = await run([], [{ text: 'ok' }]);
    expect(first(r).body.thinking).toBeUndefined();
    expect(first(r).body.output_config).toBeUndefined();
  });

  it('refuses values it cannot send, before any request', async () => {
    for (const args of [['--effort', 'extreme'], ['--thinking', 'sometimes']]) {
      const r = await run(args, [{ text: 'ok' }]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/must be/);
      expect(r.requests).toHaveLength(0);
      await server?.close();
    }
  });

  it('thinking blocks come back with their signature in the next request, and show in stream-json as Claude Code shows them', async () => {
    const r = await run(['--model', 'claude-sonnet-4-5', '--max-thinking-tokens', '2048'], [
      { content: [{ type: 'thinking', thinking: 'I should plan first.', signature: 'c2lnLWFiYw==' }, { type: 'tool_use', name: 'TodoWrite', input: { todos: [] } }] },
      { content: [{ type: 'thinking', thinking: 'Done now.', signature: 'c2lnLWRlZg==' }, { type: 'text', text: 'all done' }] },
    ]);
    expect(r.requests).toHaveLength(2);
    const assistant = r.requests[1]!.body.messages.find((m: { role: string }) => m.role === 'assistant');
    expect(assistant.content[0]).toEqual({ type: 'thinking', thinking: 'I should plan first.', signature: 'c2lnLWFiYw==' });
    expect(assistant.content[1]).toMatchObject({ type: 'tool_use', name: 'TodoWrite' });
    const thinkingLines = r.lines.filter((l) => l.type === 'assistant' && l.message.content[0].type === 'thinking');
    expect(thinkingLines.map((l) => l.message.content[0])).toEqual([
      { type: 'thinking', thinking: 'I should plan first.', signature: 'c2lnLWFiYw==' },
      { type: 'thinking', thinking: 'Done now.', signature: 'c2lnLWRlZg==' },
    ]);
    expect(r.result).toMatchObject({ subtype: 'success', result: 'all done' });
  });

  it('set_max_thinking_tokens (stream-json input) sets the budget of the requests after it; a bad value is refused', async () => {
    server = await startFakeServer({ turns: [{ text: 'one' }] });
    const input = [
      { type: 'control_request', request_id: 'r0', request: { subtype: 'set_max_thinking_tokens', max_thinking_tokens: 'lots' } },
      { type: 'control_request', request_id: 'r1', request: { subtype: 'set_max_thinking_tokens', max_thinking_tokens: 3000 } },
      { type: 'user', message: { role: 'user', content: 'first' } },
    ].map((l) => JSON.stringify(l)).join('\n') + '\n';
    const result = await runTandem(['--model', 'claude-sonnet-4-5', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose'], { cwd: t.project, env: testEnv(server.url, t), input });
    const lines = jsonLines(result.stdout) as Line[];
    const answers = lines.filter((l) => l.type === 'control_response').map((l) => l.response);
    expect(answers).toEqual([
      expect.objectContaining({ subtype: 'error', request_id: 'r0', error: expect.stringMatching(/whole number/) }),
      expect.objectContaining({ subtype: 'success', request_id: 'r1' }),
    ]);
    expect(modelRequests(server).map((q) => q.body.thinking)).toEqual([{ type: 'enabled', budget_tokens: 3000 }]);
  });
});

describe('--json-schema (structured output)', () => {
  const SCHEMA = { type: 'object', properties: { name: { type: 'string' }, n: { type: 'number' } }, required: ['name'], additionalProperties: false };
  const schemaArgs = ['--json-schema', JSON.stringify(SCHEMA)];
  const answer = (input: Record<string, unknown>): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'StructuredOutput', input }] });
  const lastUserBlocks = (q: LoggedRequest) => {
    const last = q.body.messages[q.body.messages.length - 1];
    return typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
  };

  it('offers a StructuredOutput tool with the schema, reminds a model that answers in text, sends back what does not match, and ends on the first valid answer', async () => {
    const r = await run(schemaArgs, [{ text: 'here it is in prose' }, answer({ name: 42 }), answer({ name: 'ok', n: 3 }), { text: 'never requested' }]);
    expect(r.requests).toHaveLength(3);
    const tool = r.requests[0]!.body.tools.find((x: { name: string }) => x.name === 'StructuredOutput');
    expect(tool.input_schema).toEqual(SCHEMA);
    expect(lastUserBlocks(r.requests[1]!)).toEqual([expect.objectContaining({ type: 'text', text: expect.stringContaining('Call StructuredOutput now') })]);
    expect(lastUserBlocks(r.requests[2]!)).toEqual([expect.objectContaining({ type: 'tool_result', is_error: true, content: expect.stringContaining('/name: must be string') })]);
    expect(r.result).toMatchObject({ type: 'result', subtype: 'success', is_error: false, structured_output: { name: 'ok', n: 3 }, result: '{"name":"ok","n":3}' });
    // The accepted call gets its tool_result line like any tool.
    const results = r.lines.filter((l) => l.type === 'user').map((l) => l.message.content[0]);
    expect(results.map((b) => b.is_error)).toEqual([true, false]);
    expect(r.code).toBe(0);
  });

  it('gives up after 5 answers that do not match: error_max_structured_output_retries, exit 1', async () => {
    const r = await run(schemaArgs, () => answer({ name: 'ok', extra: true }));
    expect(r.requests).toHaveLength(5);
    expect(lastUserBlocks(r.requests[4]!)[0].content).toMatch(/must NOT have additional properties \(extra\)/);
    expect(r.result).toMatchObject({ subtype: 'error_max_structured_output_retries', is_error: true });
    expect(r.result.structured_output).toBeUndefined();
    expect(r.result.errors[0]).toMatch(/no valid structured output after 5 attempts/);
    expect(r.code).toBe(1);
  });

  it('a model that never calls the tool is reminded once, then the run fails (never a success without the output)', async () => {
    const r = await run(schemaArgs, () => ({ text: 'just prose' }));
    expect(r.requests).toHaveLength(2);
    expect(r.result).toMatchObject({ subtype: 'error_max_structured_output_retries', is_error: true });
    expect(r.code).toBe(1);
  });

  it('text output prints the JSON answer; on failure nothing but the error (on stderr)', async () => {
    server = await startFakeServer({ turns: [answer({ name: 'plain' })] });
    const result = await runTandem(['-p', 'go', ...schemaArgs], { cwd: t.project, env: testEnv(server.url, t) });
    expect(result.stdout.trim()).toBe('{"name":"plain"}');
    expect(result.code).toBe(0);
    await server.close();
    server = await startFakeServer({ respond: () => ({ text: 'prose, not JSON' }) });
    const failed = await runTandem(['-p', 'go', ...schemaArgs], { cwd: t.project, env: testEnv(server.url, t) });
    expect(failed.code).toBe(1);
    expect(failed.stdout).not.toContain('prose, not JSON');
    expect(failed.stderr).toMatch(/without calling StructuredOutput/);
  });

  it('a subagent does not get the StructuredOutput tool', async () => {
    const r = await run(schemaArgs, (req, i) =>
      i === 0 ? { content: [{ type: 'tool_use', name: 'Task', input: { subagent_type: 'general-purpose', description: 'look', prompt: 'look around' } }] } : i === 1 ? { text: 'looked' } : answer({ name: 'after task' }),
    );
    expect(r.requests).toHaveLength(3);
    const names = (q: LoggedRequest) => q.body.tools.map((x: { name: string }) => x.name);
    expect(names(r.requests[0]!)).toContain('StructuredOutput');
    expect(names(r.requests[1]!)).not.toContain('StructuredOutput');
    expect(r.result).toMatchObject({ subtype: 'success', structured_output: { name: 'after task' } });
  });

  it('a schema tandem cannot use stops the run before any request, saying what is wrong', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{"type": "object",', /--json-schema is not valid JSON/],
      ['["a"]', /must be a JSON Schema object/],
      ['{"type": "array", "items": {"type": "string"}}', /must describe an object/],
      ['{"type": "object", "properties": {"a": {"type": "strin"}}}', /not a valid JSON Schema/],
      ['{"type": "object", "properties": {"a": {"$ref": "https://example.com/s.json"}}}', /not a valid JSON Schema/],
    ];
    for (const [schema, message] of cases) {
      const r = await run(['--json-schema', schema], [{ text: 'x' }]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.requests).toHaveLength(0);
      await server?.close();
    }
  });

  it('a 2020-12 schema is checked by its own draft (prefixItems)', async () => {
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] } }, required: ['pair'] };
    const r = await run(['--json-schema', JSON.stringify(schema)], [answer({ pair: [1, 'a'] }), answer({ pair: ['a', 1] })]);
    expect(r.requests).toHaveLength(2);
    expect(lastUserBlocks(r.requests[1]!)[0].content).toMatch(/\/pair\/0: must be string/);
    expect(r.result).toMatchObject({ subtype: 'success', structured_output: { pair: ['a', 1] } });
  });
});
