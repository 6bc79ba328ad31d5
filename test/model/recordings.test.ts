// Every real recording, replayed byte for byte by the fake server and read through the real SDK, must assemble
// into exactly what EXPECT.json says a correct client ends with.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicClient } from '../../src/model/anthropic-client';
import { ModelError, type AssistantBlock } from '../../src/model/types';
import { startFakeServer, type FakeServer } from '../../src/fake-server/server';
import { collect, simpleRequest } from './collect';

const dir = path.resolve(__dirname, '../fixtures/anthropic-streams');
type Expect = { name: string; kind: string; final?: any };
const cases = (JSON.parse(readFileSync(path.join(dir, 'EXPECT.json'), 'utf8')) as Expect[]).filter((c) => c.kind === 'sse');

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer({ turns: [] });
});
afterAll(() => server.close());

const client = () => createAnthropicClient({ apiKey: 'test-key', baseURL: server.url, onRetryDelay: () => 0 });

describe('recorded streams assemble as EXPECT.json says', () => {
  it('covers every .sse recording', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(
      ['s01-text-basic', 's03-text-max-tokens', 's04-thinking', 's07-tool-use-json-fragments', 's09-text-and-two-tool-use', 's13-web-search', 's18-cache-write-stream'],
    );
  });

  for (const c of cases) {
    it(c.name, async () => {
      server.push({ replay: path.join(dir, `${c.name}.sse`) });
      const { message, error, events } = await collect(client(), simpleRequest());
      expect(error).toBeUndefined();
      const m = message!;
      const f = c.final;
      const blocks = m.content as Array<AssistantBlock & Record<string, any>>;
      expect(m.id).toBe(f.id);
      expect(m.model).toBe(f.model);
      expect(m.stop_reason).toBe(f.stop_reason);
      expect(m.stop_sequence).toBe(f.stop_sequence);
      expect(blocks.map((b) => b.type)).toEqual(f.block_types);
      const texts = blocks.filter((b) => b.type === 'text');
      expect(texts.map((b) => b.text).join('')).toBe(f.text);
      expect(texts.length).toBe(f.text_blocks);
      expect(texts.reduce((n, b) => n + (Array.isArray(b.citations) ? b.citations.length : 0), 0)).toBe(f.citations);
      expect(
        blocks.filter((b) => b.type === 'thinking').map((b) => ({ chars: b.thinking.length, sig: b.signature.length })),
      ).toEqual(f.thinking.map((t: any) => ({ chars: t.chars, sig: t.signature_chars })));
      expect(blocks.filter((b) => b.type === 'redacted_thinking').length).toBe(f.redacted_thinking);
      expect(blocks.filter((b) => b.type === 'tool_use').map((b) => ({ id: b.id, name: b.name, input: b.input }))).toEqual(
        f.tool_calls,
      );
      expect(
        blocks.filter((b) => b.type === 'server_tool_use').map((b) => ({ type: b.type, id: b.id, name: b.name, input: b.input })),
      ).toEqual(f.server_tool_calls);
      expect(
        blocks
          .filter((b) => b.type.endsWith('_tool_result'))
          .map((b) => ({ type: b.type, tool_use_id: b.tool_use_id, items: b.content.length })),
      ).toEqual(f.tool_results);
      expect(m.usage).toEqual(f.usage);

      // The event stream tells the same story as the final message.
      expect(events[0]?.type).toBe('raw');
      expect(events.filter((e) => e.type === 'message_start')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'block_done')).toHaveLength(f.block_types.length);
      expect(events.at(-1)?.type).toBe('message_done');
      const streamedText = events.map((e) => (e.type === 'text_delta' ? e.text : '')).join('');
      expect(streamedText).toBe(f.text);
    });
  }
});

describe('recorded error bodies', () => {
  it('e02: a 401 body fails with kind auth, without retrying', async () => {
    const before = server.requests.length;
    server.push({ replayJson: path.join(dir, 'e02-401-auth-on-stream.response.json'), status: 401 });
    const { error, events } = await collect(client(), simpleRequest());
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).kind).toBe('auth');
    expect((error as ModelError).status).toBe(401);
    expect((error as ModelError).message).toMatch(/ANTHROPIC_API_KEY/);
    expect((error as ModelError).message).toMatch(/invalid x-api-key/);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(0);
    expect(server.requests.length - before).toBe(1);
  });

  it('e04: two 529 bodies, then the answer: one copy of it, three requests, numbered retries', async () => {
    const before = server.requests.length;
    const overloaded = { replayJson: path.join(dir, 'e04-529-overloaded.response.json'), status: 529 };
    server.push(overloaded, overloaded, { replay: path.join(dir, 's01-text-basic.sse') });
    const { error, events, message } = await collect(client(), simpleRequest());
    expect(error).toBeUndefined();
    expect(server.requests.length - before).toBe(3);
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries.map((r) => r.attempt)).toEqual([2, 3]);
    expect(retries.every((r) => r.maxAttempts === 6 && /529/.test(r.reason))).toBe(true);
    expect(message!.content).toEqual([{ type: 'text', text: 'Hello' }]);
    expect(events.filter((e) => e.type === 'message_done')).toHaveLength(1);
  });
});
