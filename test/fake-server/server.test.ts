// The fake Anthropic server on its own: wire format, routing of turns, error bodies, cache accounting.
import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicClient } from '../../src/model/anthropic-client';
import type { ModelRequest } from '../../src/model/types';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../src/fake-server/server';
import { PromptCache } from '../../src/fake-server/prompt-cache';
import { collect } from '../model/collect';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(opts: FakeServerOptions) {
  server = await startFakeServer(opts);
  return server;
}

const post = (s: FakeServer, body: unknown, path = '/v1/messages') =>
  fetch(s.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function sseEvents(text: string): Array<{ event: string; data: any }> {
  return text
    .split('\n\n')
    .filter((chunk) => chunk.trim())
    .map((chunk) => {
      const [eventLine, dataLine] = chunk.split('\n');
      return { event: eventLine!.slice('event: '.length), data: JSON.parse(dataLine!.slice('data: '.length)) };
    });
}

describe('wire format', () => {
  it('streams the real event sequence', async () => {
    const s = await start({ turns: [{ content: [{ type: 'text', text: 'Hello there, world' }, { type: 'tool_use', name: 'Read', input: { file_path: '/a' } }], chunkChars: 6 }] });
    const res = await post(s, { model: 'claude-x', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = sseEvents(await res.text());
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      ...Array(1 + Math.ceil(JSON.stringify({ file_path: '/a' }).length / 6)).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]!.data.message).toMatchObject({ model: 'claude-x', role: 'assistant', content: [] });
    const toolDeltas = events.filter((e) => e.data.index === 1 && e.event === 'content_block_delta');
    expect(toolDeltas[0]!.data.delta).toEqual({ type: 'input_json_delta', partial_json: '' });
    expect(JSON.parse(toolDeltas.map((e) => e.data.delta.partial_json).join(''))).toEqual({ file_path: '/a' });
    expect(events.at(-2)!.data.delta.stop_reason).toBe('tool_use');
  });

  it('answers a non-streaming request with the whole message', async () => {
    const s = await start({ turns: [{ text: 'Hi!', usage: { output_tokens: 7 } }] });
    const res = await post(s, { model: 'claude-x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Hi!' }], stop_reason: 'end_turn' });
    expect(body.usage.output_tokens).toBe(7);
  });

  it('says clearly when the script ran out', async () => {
    const s = await start({ turns: [{ text: 'one' }] });
    await post(s, { model: 'm', max_tokens: 5, messages: [] });
    const res = await post(s, { model: 'm', max_tokens: 5, messages: [] });
    expect(res.status).toBe(500);
    expect(((await res.json()) as any).error.message).toBe('fake server: no scripted turn left for request 2');
  });

  it('sends API-shaped error bodies with retry-after', async () => {
    const s = await start({ turns: [{ fault: { type: 'status', status: 429, retryAfter: 2 } }] });
    const res = await post(s, { model: 'm', max_tokens: 5, messages: [] });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it('estimates tokens for count_tokens and logs requests', async () => {
    const s = await start({});
    const res = await post(s, { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(400) }] }, '/v1/messages/count_tokens');
    const { input_tokens } = (await res.json()) as { input_tokens: number };
    expect(input_tokens).toBeGreaterThan(100);
    expect(input_tokens).toBeLessThan(120);
    expect(s.requests[0]).toMatchObject({ path: '/v1/messages/count_tokens', method: 'POST' });
  });
});

describe('turn routing', () => {
  it('routes by match, and by matchSystem, whatever the arrival order', async () => {
    const s = await start({
      turns: [
        { text: 'from A', match: (r) => r.body.system === 'agent A' },
        { text: 'from B', matchSystem: 'agent B' },
      ],
    });
    const client = createAnthropicClient({ apiKey: 'k', baseURL: s.url });
    const req = (system: string): ModelRequest => ({ model: 'm', max_tokens: 5, system, messages: [{ role: 'user', content: 'go' }] });
    const [b, a] = await Promise.all([collect(client, req('you are agent B')), collect(client, req('agent A'))]);
    expect(b.message!.content).toEqual([{ type: 'text', text: 'from B' }]);
    expect(a.message!.content).toEqual([{ type: 'text', text: 'from A' }]);
  });

  it('uses respond() with a request index', async () => {
    const s = await start({ respond: (_req, i) => ({ text: `answer ${i}` }) });
    const client = createAnthropicClient({ apiKey: 'k', baseURL: s.url });
    const req: ModelRequest = { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'go' }] };
    expect((await collect(client, req)).message!.content).toEqual([{ type: 'text', text: 'answer 0' }]);
    expect((await collect(client, req)).message!.content).toEqual([{ type: 'text', text: 'answer 1' }]);
  });
});

describe('prompt cache accounting', () => {
  const system = [{ type: 'text' as const, text: 'You are a careful pair programmer. '.repeat(40), cache_control: { type: 'ephemeral' as const } }];
  const request = (messages: ModelRequest['messages']): ModelRequest => ({ model: 'm', max_tokens: 100, system, messages });

  it('writes a prefix on the first request and reads it on the second, through the client', async () => {
    const s = await start({ turns: [{ text: 'one' }, { text: 'two' }] });
    const client = createAnthropicClient({ apiKey: 'k', baseURL: s.url });
    const first = await collect(client, request([{ role: 'user', content: 'first question' }]));
    const second = await collect(client, request([{ role: 'user', content: 'a different question' }]));
    const u1 = first.message!.usage;
    const u2 = second.message!.usage;
    expect(u1.cache_creation_input_tokens).toBeGreaterThan(300);
    expect(u1.cache_read_input_tokens).toBe(0);
    expect(u2.cache_read_input_tokens).toBe(u1.cache_creation_input_tokens);
    expect(u2.cache_creation_input_tokens).toBe(0);
    expect(u2.input_tokens).toBeGreaterThan(0); // the question after the breakpoint is never cached
  });

  it('reads the longest earlier prefix when the breakpoint moves forward in a growing conversation', () => {
    const cache = new PromptCache();
    const turn = (n: number) => [
      { role: 'user' as const, content: [{ type: 'text', text: `question ${n} `.repeat(20) }] },
      { role: 'assistant' as const, content: [{ type: 'text', text: `answer ${n} `.repeat(20) }] },
    ];
    const withBreakpointOnLast = (messages: any[]) => {
      const copy = structuredClone(messages);
      const last = copy.at(-1).content.at(-1);
      last.cache_control = { type: 'ephemeral' };
      return copy;
    };
    const history1 = [...turn(1), { role: 'user', content: [{ type: 'text', text: 'next' }] }];
    const u1 = cache.account({ tools: [], system: 'sys', messages: withBreakpointOnLast(history1) });
    const history2 = [...history1, ...turn(2).slice(1), { role: 'user', content: [{ type: 'text', text: 'and then' }] }];
    const u2 = cache.account({ tools: [], system: 'sys', messages: withBreakpointOnLast(history2) });
    expect(u1.cache_read_input_tokens).toBe(0);
    expect(u2.cache_read_input_tokens).toBe(u1.cache_creation_input_tokens);
    expect(u2.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(u2.input_tokens).toBe(0);
  });

  it('misses when anything before the breakpoint changed', () => {
    const cache = new PromptCache();
    const body = (tool: string) => ({
      tools: [{ name: tool, description: 'd', input_schema: {}, cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'hello' }],
    });
    cache.account(body('Read'));
    const u = cache.account(body('Write'));
    expect(u.cache_read_input_tokens).toBe(0);
    expect(u.cache_creation_input_tokens).toBeGreaterThan(0);
  });

  it('counts everything as input without breakpoints', () => {
    const u = new PromptCache().account({ system: 'x'.repeat(400), messages: [] });
    expect(u).toEqual({ input_tokens: 100 + 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });
});
