// Failure paths of the Anthropic client, each driven through the real SDK against the fake server.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientFromEnv, createAnthropicClient, type AnthropicClientOptions } from '../../src/model/anthropic-client';
import { ModelError } from '../../src/model/types';
import { startFakeServer, type FakeServer } from '../../src/fake-server/server';
import { collect, simpleRequest, visibleText } from './collect';
import { makeTestTempDir } from '../support/temp-dirs';

// A fresh server per test, so turns a failing test leaves queued cannot leak into the next one.
let server: FakeServer;
let delays: number[];
beforeEach(async () => {
  server = await startFakeServer({ turns: [] });
  delays = [];
});
afterEach(() => server.close());

const client = (extra: AnthropicClientOptions = {}) =>
  createAnthropicClient({
    apiKey: 'test-key',
    baseURL: server.url,
    onRetryDelay: (ms) => {
      delays.push(ms);
      return 0;
    },
    ...extra,
  });

const answer = 'The quick brown fox jumps over the lazy dog, twice over.';

describe('retries', () => {
  it('honours retry-after on a 429', async () => {
    server.push({ fault: { type: 'status', status: 429, retryAfter: 1 } }, { text: answer });
    const { error, events, message } = await collect(client(), simpleRequest());
    expect(error).toBeUndefined();
    expect(delays).toEqual([1000]);
    const retry = events.find((e) => e.type === 'retry');
    expect(retry).toMatchObject({ attempt: 2, delayMs: 1000 });
    expect(message!.content).toEqual([{ type: 'text', text: answer }]);
  });

  it('honours retry-after-ms over retry-after', async () => {
    server.push({ fault: { type: 'status', status: 529, retryAfter: 3, retryAfterMs: 250 } }, { text: 'ok' });
    await collect(client(), simpleRequest());
    expect(delays).toEqual([250]);
  });

  it('backs off exponentially with jitter when the server gives no retry-after', async () => {
    server.push(
      { fault: { type: 'status', status: 500 } },
      { fault: { type: 'status', status: 503 } },
      { fault: { type: 'status', status: 502 } },
      { text: 'ok' },
    );
    const { error } = await collect(client(), simpleRequest());
    expect(error).toBeUndefined();
    expect(delays).toHaveLength(3);
    [1000, 2000, 4000].forEach((base, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(base * 0.75);
      expect(delays[i]).toBeLessThanOrEqual(base);
    });
  });

  it('retries a mid-stream overloaded_error and keeps one copy of the answer', async () => {
    server.push({ text: answer, chunkChars: 4, fault: { type: 'midstream_error', afterDeltas: 5 } }, { text: answer, chunkChars: 4 });
    const { error, events, message } = await collect(client(), simpleRequest());
    expect(error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    const retryAt = events.findIndex((e) => e.type === 'retry');
    expect(events[retryAt]).toMatchObject({ type: 'retry', attempt: 2, reason: expect.stringMatching(/overloaded/) });
    // Part of the first attempt was streamed before the error, then discarded at the retry.
    expect(events.slice(0, retryAt).filter((e) => e.type === 'text_delta')).toHaveLength(5);
    expect(visibleText(events)).toBe(answer);
    expect(message!.content).toEqual([{ type: 'text', text: answer }]);
  });

  it('retries a mid-stream api_error but not an invalid_request_error', async () => {
    server.push({ text: answer, fault: { type: 'midstream_error', afterDeltas: 1, errorType: 'api_error' } }, { text: answer });
    expect((await collect(client(), simpleRequest())).message?.content).toEqual([{ type: 'text', text: answer }]);
    server.push({ text: answer, fault: { type: 'midstream_error', afterDeltas: 1, errorType: 'invalid_request_error' } });
    const { error } = await collect(client(), simpleRequest());
    expect((error as ModelError).kind).toBe('invalid_request');
  });

  it('retries a dropped connection', async () => {
    server.push({ text: answer, chunkChars: 4, fault: { type: 'drop', afterDeltas: 3 } }, { text: answer });
    const { error, events, message } = await collect(client(), simpleRequest());
    expect(error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ reason: expect.stringMatching(/connection/) });
    expect(visibleText(events)).toBe(answer);
    expect(message!.content).toEqual([{ type: 'text', text: answer }]);
  });

  it('retries a stream that ends cleanly but without message_stop', async () => {
    const dir = makeTestTempDir('tandem-model-');
    const full = await readFile(path.resolve(__dirname, '../fixtures/anthropic-streams/s01-text-basic.sse'), 'utf8');
    const cut = path.join(dir, 'cut.sse');
    await writeFile(cut, full.slice(0, full.indexOf('event: message_delta')));
    server.push({ replay: cut }, { text: 'whole' });
    const { error, events, message } = await collect(client(), simpleRequest());
    expect(error).toBeUndefined();
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
    expect(message!.content).toEqual([{ type: 'text', text: 'whole' }]);
  });

  it('switches to the fallback model after 3 consecutive overloads', async () => {
    const overloaded = { fault: { type: 'status', status: 529 } } as const;
    server.push(overloaded, { text: 'x', fault: { type: 'midstream_error', afterDeltas: 0 } }, overloaded, { text: answer });
    const { error, events, message } = await collect(client({ fallbackModel: 'claude-spare' }), simpleRequest('claude-main'));
    expect(error).toBeUndefined();
    expect(server.requests.map((r) => r.body.model)).toEqual(['claude-main', 'claude-main', 'claude-main', 'claude-spare']);
    expect(events.filter((e) => e.type === 'fallback')).toEqual([
      { type: 'fallback', from: 'claude-main', to: 'claude-spare', trigger: 'overloaded', reason: expect.stringMatching(/overloaded 3 times/) },
    ]);
    expect(message!.model).toBe('claude-spare');
  });

  it('a model the API does not know (404) falls back at once, and later requests go straight to the fallback', async () => {
    server.push({ fault: { type: 'status', status: 404, message: 'model: claude-main' } }, { text: answer }, { text: 'again' });
    const c = client({ fallbackModel: 'claude-spare' });
    const first = await collect(c, simpleRequest('claude-main'));
    expect(first.error).toBeUndefined();
    expect(first.events.filter((e) => e.type === 'fallback')).toEqual([
      { type: 'fallback', from: 'claude-main', to: 'claude-spare', trigger: 'model_not_found', reason: expect.stringContaining('claude-main is not available') },
    ]);
    expect(first.events.some((e) => e.type === 'retry')).toBe(false);
    const second = await collect(c, simpleRequest('claude-main'));
    expect(second.error).toBeUndefined();
    expect(server.requests.map((r) => r.body.model)).toEqual(['claude-main', 'claude-spare', 'claude-spare']);
  });

  it('after a fallback, thinking is shaped for the model that answers', async () => {
    server.push({ fault: { type: 'status', status: 404 } }, { text: answer });
    const request = { ...simpleRequest('claude-sonnet-4-5'), thinking: { type: 'enabled' as const, budget_tokens: 4000 }, betas: ['interleaved-thinking-2025-05-14'] };
    const { error } = await collect(client({ fallbackModel: 'claude-sonnet-5-5' }), request);
    expect(error).toBeUndefined();
    expect(server.requests.map((r) => [r.body.model, r.body.thinking])).toEqual([
      ['claude-sonnet-4-5', { type: 'enabled', budget_tokens: 4000 }],
      ['claude-sonnet-5-5', { type: 'adaptive' }],
    ]);
    expect(server.requests[0]!.headers['anthropic-beta']).toContain('interleaved-thinking');
    expect(server.requests[1]!.headers['anthropic-beta']).toBeUndefined();
  });

  it('a 404 without a fallback model, or from the fallback model itself, is final', async () => {
    const missing = { fault: { type: 'status', status: 404 } } as const;
    server.push(missing, missing, missing);
    const alone = await collect(client(), simpleRequest('claude-main'));
    expect((alone.error as ModelError).kind).toBe('not_found');
    const both = await collect(client({ fallbackModel: 'claude-spare' }), simpleRequest('claude-main'));
    expect((both.error as ModelError).kind).toBe('not_found');
    expect(server.requests.map((r) => r.body.model)).toEqual(['claude-main', 'claude-main', 'claude-spare']);
  });

  it('does not fall back when overloads are not consecutive', async () => {
    const overloaded = { fault: { type: 'status', status: 529 } } as const;
    server.push(overloaded, overloaded, { fault: { type: 'status', status: 500 } }, overloaded, { text: 'ok' });
    const { events } = await collect(client({ fallbackModel: 'claude-spare' }), simpleRequest('claude-main'));
    expect(events.some((e) => e.type === 'fallback')).toBe(false);
    expect(server.requests.every((r) => r.body.model === 'claude-main')).toBe(true);
  });

  it('gives up after maxRetries with the last failure kind', async () => {
    for (let i = 0; i < 3; i++) server.push({ fault: { type: 'status', status: 529 } });
    const { error, events } = await collect(client({ maxRetries: 2 }), simpleRequest());
    expect(server.requests).toHaveLength(3);
    expect(events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.maxAttempts)).toEqual([3, 3]);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).kind).toBe('overloaded');
    expect((error as ModelError).message).toMatch(/after 3 attempts/);
  });
});

describe('errors that are not retried', () => {
  const cases: Array<[number, string, RegExp, object?]> = [
    [401, 'auth', /ANTHROPIC_API_KEY/],
    [403, 'permission', /permission|not allowed/],
    [404, 'not_found', /claude-typo/],
    [400, 'invalid_request', /rejected the request/],
    [400, 'prompt_too_long', /context window/, { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' } }],
  ];
  for (const [status, kind, says, body] of cases) {
    it(`${status} => ${kind}`, async () => {
      server.push({ fault: { type: 'status', status, ...(body ? { body } : {}) } });
      const { error } = await collect(client(), simpleRequest('claude-typo'));
      expect(server.requests).toHaveLength(1);
      expect(error).toBeInstanceOf(ModelError);
      expect((error as ModelError).kind).toBe(kind);
      expect((error as ModelError).status).toBe(status);
      expect((error as ModelError).message).toMatch(says);
      expect((error as ModelError).requestId).toMatch(/^req_fake\d+$/);
    });
  }
});

describe('abort', () => {
  it('stops a slow stream at once', async () => {
    server.push({ text: 'x'.repeat(400), chunkChars: 2, deltaDelayMs: 30 });
    const controller = new AbortController();
    let abortedAt = 0;
    let deltas = 0;
    let caught: unknown;
    try {
      for await (const ev of client().stream(simpleRequest(), controller.signal)) {
        if (ev.type === 'text_delta' && ++deltas === 3) {
          abortedAt = performance.now();
          controller.abort();
        }
      }
    } catch (err) {
      caught = err;
    }
    const took = performance.now() - abortedAt;
    expect((caught as ModelError).kind).toBe('aborted');
    expect(took).toBeLessThan(200);
    expect(deltas).toBeLessThan(6);
  });

  it('stops while the stream is idle between deltas', async () => {
    server.push({ text: 'abcdefgh'.repeat(4), chunkChars: 8, deltaDelayMs: 2000 });
    const controller = new AbortController();
    const started = performance.now();
    const run = collect(client(), simpleRequest(), controller.signal);
    setTimeout(() => controller.abort(), 300);
    const { error } = await run;
    expect((error as ModelError).kind).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(300 + 200);
  });

  it('cancels a pending backoff sleep', async () => {
    server.push({ fault: { type: 'status', status: 529 } }, { text: 'never' });
    const controller = new AbortController();
    const slow = createAnthropicClient({ apiKey: 'k', baseURL: server.url, onRetryDelay: () => 10_000 });
    const started = performance.now();
    let caught: unknown;
    try {
      for await (const ev of slow.stream(simpleRequest(), controller.signal)) {
        if (ev.type === 'retry') setTimeout(() => controller.abort(), 20);
      }
    } catch (err) {
      caught = err;
    }
    expect((caught as ModelError).kind).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });
});

describe('scripted tool calls', () => {
  it('assembles input sent as many JSON fragments, the first one empty', async () => {
    const input = { file_path: '/tmp/a b.txt', old_string: 'ü "quoted"', nested: { list: [1, 2, 3] } };
    server.push({ content: [{ type: 'text', text: 'Let me edit.' }, { type: 'tool_use', name: 'Edit', input, id: 'toolu_1' }, { type: 'tool_use', name: 'Ping', input: {} }], chunkChars: 5 });
    const { message, events } = await collect(client(), simpleRequest());
    expect(message!.stop_reason).toBe('tool_use');
    const tools = message!.content.filter((b) => b.type === 'tool_use');
    expect(tools).toEqual([
      { type: 'tool_use', id: 'toolu_1', name: 'Edit', input },
      { type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'Ping', input: {} },
    ]);
    const fragments = events.filter((e) => e.type === 'tool_input_delta' && e.index === 1);
    expect(fragments.length).toBeGreaterThan(5);
    expect(fragments[0]).toMatchObject({ partialJson: '' });
    expect(events.find((e) => e.type === 'block_start' && e.index === 1)).toMatchObject({ toolName: 'Edit', toolUseId: 'toolu_1' });
  });

  it('keeps thinking signatures and redacted thinking exactly', async () => {
    server.push({
      content: [
        { type: 'thinking', thinking: 'Let me think about this carefully.', signature: 'c2lnbmF0dXJl' },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va' },
        { type: 'text', text: 'Done.' },
      ],
    });
    const { message, events } = await collect(client(), simpleRequest());
    expect(message!.content).toEqual([
      { type: 'thinking', thinking: 'Let me think about this carefully.', signature: 'c2lnbmF0dXJl' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va' },
      { type: 'text', text: 'Done.' },
    ]);
    expect(events.filter((e) => e.type === 'thinking_delta').map((e) => (e.type === 'thinking_delta' ? e.thinking : '')).join('')).toBe(
      'Let me think about this carefully.',
    );
  });

  it('can leave out raw events', async () => {
    server.push({ text: 'hello world' }, { text: 'hello world' });
    const withRaw = await collect(client(), simpleRequest());
    const withoutRaw = await collect(client({ rawEvents: false }), simpleRequest());
    expect(withRaw.events.filter((e) => e.type === 'raw').length).toBeGreaterThan(5);
    expect(withoutRaw.events.some((e) => e.type === 'raw')).toBe(false);
    expect(withoutRaw.message!.content).toEqual(withRaw.message!.content);
  });

  it('reports pause_turn as it came', async () => {
    server.push({ text: 'searching', stop_reason: 'pause_turn' });
    const { message } = await collect(client(), simpleRequest());
    expect(message!.stop_reason).toBe('pause_turn');
  });
});

describe('clientFromEnv', () => {
  it('explains how to set a key when none is set', () => {
    let caught: unknown;
    try {
      clientFromEnv({});
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ModelError);
    expect((caught as ModelError).kind).toBe('auth');
    expect((caught as ModelError).message).toMatch(/export ANTHROPIC_API_KEY=/);
  });

  it('uses ANTHROPIC_AUTH_TOKEN and ANTHROPIC_BASE_URL', async () => {
    server.push({ text: 'token ok' });
    const c = clientFromEnv({ ANTHROPIC_AUTH_TOKEN: 'tok-123', ANTHROPIC_BASE_URL: server.url });
    const { message } = await collect(c, simpleRequest());
    expect(message!.content).toEqual([{ type: 'text', text: 'token ok' }]);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer tok-123');
    expect(server.requests[0]!.headers['x-api-key']).toBeUndefined();
  });

  it('sends ANTHROPIC_API_KEY (this SDK version sends keys as a bearer token too)', async () => {
    server.push({ text: 'key ok' });
    await collect(clientFromEnv({ ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_BASE_URL: server.url }), simpleRequest());
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-test');
  });
});
