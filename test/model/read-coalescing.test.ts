// A paced answer read with a read window arrives in far fewer chunks than it has events, loses nothing, and leaves
// the kept-alive socket reading (the next request on it works); an abort while reads are stopped still ends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/fake-server/server';
import { nodeBodyOf, nodeHttpFetch } from '../../src/model/node-fetch';
import { nodeSseEventBatches } from '../../src/model/sse-events';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer({ turns: [] });
});
afterAll(() => server.close());

const DELTAS = 200;
const text = Array.from({ length: DELTAS }, (_, i) => `w${String(i).padStart(4, '0')} `).join('');

async function readAnswer(windowMs: number, signal?: AbortSignal) {
  server.push({ text, chunkChars: 6, deltaDelayMs: 2 });
  const response = await nodeHttpFetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude-test-1', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'go' }] }),
    signal,
  });
  const res = nodeBodyOf(response)!;
  // Socket reads: what the window saves (each read is a wakeup, a syscall and a parser pass).
  let reads = 0;
  const countRead = () => reads++;
  const socket = res.socket;
  socket.on('data', countRead);
  let batches = 0;
  let streamed = '';
  let stopped = false;
  for await (const batch of nodeSseEventBatches(res, (body) => new Error(JSON.stringify(body)), windowMs)) {
    batches++;
    for (const e of batch as Array<{ type: string; delta?: { type: string; text?: string } }>) {
      if (e.type === 'content_block_delta' && e.delta?.type === 'text_delta') streamed += e.delta.text;
      if (e.type === 'message_stop') stopped = true;
    }
  }
  socket.off('data', countRead);
  return { reads, batches, streamed, stopped, socket };
}

describe('read coalescing', () => {
  it('reads a paced answer in few chunks and loses no event', async () => {
    const plain = await readAnswer(0);
    const coalesced = await readAnswer(25);
    expect(plain.streamed).toBe(text);
    expect(coalesced.streamed).toBe(text);
    expect(coalesced.stopped).toBe(true);
    // Each event is its own packet when read plainly; a 25 ms window gathers about a dozen per read.
    expect(plain.reads).toBeGreaterThan(DELTAS * 0.8);
    expect(coalesced.reads).toBeLessThan(DELTAS / 4);
    // The chunks of one read reach the consumer as one batch.
    expect(coalesced.batches).toBeLessThan(DELTAS / 4);
  });

  it('leaves the kept-alive socket reading for the next request', async () => {
    const first = await readAnswer(25);
    const second = await readAnswer(25);
    expect(second.streamed).toBe(text);
    // Same pooled connection (the global agent keeps sockets alive), so its reads were restarted.
    expect(second.socket).toBe(first.socket);
  });

  it('ends on abort while reads are stopped', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    await expect(readAnswer(25, controller.signal)).rejects.toThrow();
  });
});
