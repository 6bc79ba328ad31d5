// The Agent SDK's options that map to flags tandem now acts on (outputFormat, thinking, maxThinkingTokens, effort,
// fallbackModel), through the real SDK against the fake server. Like sdk.test.ts, the file also runs against the
// reference by hand (SDK_EXECUTABLE=.../claude.exe inside reference-claude's namespace): it checks the protocol.
import { query, type Options, type SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer, LoggedRequest, ScriptedTurn } from '../../src/fake-server/types';
import { BIN, tempHome, testEnv, type TempHome } from './harness';

const EXECUTABLE = process.env.SDK_EXECUTABLE ?? BIN;

let t: TempHome;
let server: FakeServer | undefined;
beforeAll(() => {
  t = tempHome('tandem-sdk-options-');
});
afterAll(() => t.cleanup());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function options(s: FakeServer, extra: Partial<Options> = {}): Options {
  return {
    pathToClaudeCodeExecutable: EXECUTABLE,
    cwd: t.project,
    env: testEnv(s.url, t, process.env.SDK_EXECUTABLE ? { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_TELEMETRY: '1', DISABLE_AUTOUPDATER: '1', DISABLE_ERROR_REPORTING: '1' } : {}),
    stderr: () => undefined,
    ...extra,
  };
}

async function collect(messages: AsyncIterable<SDKMessage>): Promise<SDKMessage[]> {
  const out: SDKMessage[] = [];
  for await (const message of messages) out.push(message);
  return out;
}

const resultOf = (messages: SDKMessage[]): any => messages.filter((m) => m.type === 'result').at(-1);
// The main conversation's requests (the reference also sends side requests without tools, e.g. for a title).
const mainRequests = (s: FakeServer): LoggedRequest[] => s.requests.filter((r) => r.path.startsWith('/v1/messages') && Array.isArray(r.body?.tools) && r.body.tools.length > 0);
const structured = (input: Record<string, unknown>): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'StructuredOutput', input }] });

describe('Agent SDK options', () => {
  it('outputFormat json_schema: a wrong answer is sent back, the right one is the result\'s structured_output', async () => {
    server = await startFakeServer({ respond: (req) => (Array.isArray(req.body?.tools) && req.body.tools.length > 0 ? (mainRequests(server!).length === 1 ? structured({ city: 7 }) : structured({ city: 'Lyon' })) : { text: 'title' }) });
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const messages = await collect(query({ prompt: 'which city?', options: options(server, { outputFormat: { type: 'json_schema', schema } }) }));
    const requests = mainRequests(server);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.body.tools.find((x: { name: string }) => x.name === 'StructuredOutput').input_schema).toEqual(schema);
    expect(resultOf(messages)).toMatchObject({ subtype: 'success', is_error: false, structured_output: { city: 'Lyon' } });
  });

  it('maxThinkingTokens and effort reach the request (a budget model; an effort model)', async () => {
    server = await startFakeServer({ respond: () => ({ text: 'ok' }) });
    await collect(query({ prompt: 'think', options: options(server, { model: 'claude-sonnet-4-5', maxThinkingTokens: 4000 }) }));
    expect(mainRequests(server)[0]!.body.thinking).toMatchObject({ type: 'enabled', budget_tokens: 4000 });
    await server.close();
    server = await startFakeServer({ respond: () => ({ text: 'ok' }) });
    await collect(query({ prompt: 'think', options: options(server, { model: 'claude-opus-4-6', thinking: { type: 'disabled' }, effort: 'low' }) }));
    expect(mainRequests(server)[0]!.body.thinking).toMatchObject({ type: 'disabled' });
    expect(mainRequests(server)[0]!.body.output_config).toMatchObject({ effort: 'low' });
  });

  it('fallbackModel: a main model the API does not know is replaced, and a model_fallback message says so', async () => {
    server = await startFakeServer({ respond: (req) => (req.body?.model === 'claude-opus-5-5' ? { fault: { type: 'status', status: 404 } } : { text: `from ${req.body?.model}` }) });
    const messages = await collect(query({ prompt: 'hi', options: options(server, { model: 'claude-opus-5-5', fallbackModel: 'claude-sonnet-5-5' }) }));
    expect(messages.find((m) => m.type === 'system' && (m as { subtype?: string }).subtype === 'model_fallback')).toMatchObject({ trigger: 'model_not_found', original_model: 'claude-opus-5-5', fallback_model: 'claude-sonnet-5-5' });
    expect(resultOf(messages)).toMatchObject({ subtype: 'success', result: 'from claude-sonnet-5-5' });
  });
});
