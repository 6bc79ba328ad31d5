// Reads an SSE response body into parsed API events, a chunk's worth at a time. The SDK's own reader passes
// every event through several async generators; reading batches per network chunk costs far less CPU on
// long answers, and the events are the same JSON objects.

import type { IncomingMessage } from 'node:http';
import { coalesceReads } from './read-coalescing';

/** How long reads pause after each chunk so the packets in between arrive as one read (see read-coalescing.ts). */
export const READ_WINDOW_MS = 25;

export type StreamErrorFactory = (body: unknown) => Error;

/** Yields the events of each chunk as one array; `event: error` throws what `makeError` builds from its body. */
export async function* sseEventBatches(body: ReadableStream<Uint8Array>, makeError: StreamErrorFactory): AsyncGenerator<object[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const { events, rest, error } = takeEvents(buffer, makeError);
      buffer = rest;
      if (events.length > 0) yield events;
      if (error) throw error;
    }
    buffer += decoder.decode();
    const { events, error } = takeEvents(`${buffer}\n\n`, makeError);
    if (events.length > 0) yield events;
    if (error) throw error;
  } finally {
    reader.releaseLock();
  }
}

/**
 * The same from a node response, without a web stream in between: events are parsed as each chunk arrives and
 * handed out in batches; the consumer waits only when nothing is queued.
 */
export async function* nodeSseEventBatches(
  res: IncomingMessage,
  makeError: StreamErrorFactory,
  readWindowMs = READ_WINDOW_MS,
): AsyncGenerator<object[]> {
  const reads = coalesceReads(res.socket, readWindowMs);
  const queue: object[][] = [];
  let buffer = '';
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const onData = (chunk: string) => {
    buffer += chunk;
    const { events, rest, error } = takeEvents(buffer, makeError);
    buffer = rest;
    if (events.length > 0) queue.push(events);
    if (error) failure = error;
    reads.afterChunk();
    notify();
  };
  const onEnd = () => {
    const { events, error } = takeEvents(`${buffer}\n\n`, makeError);
    if (events.length > 0) queue.push(events);
    if (error) failure = error;
    ended = true;
    notify();
  };
  const onError = (error: Error) => {
    failure ??= error;
    notify();
  };
  const onAborted = () => onError(new Error('the connection closed before the response ended'));
  const onClose = () => {
    if (!ended) onAborted();
  };
  res.setEncoding('utf8');
  res.on('data', onData);
  res.on('end', onEnd);
  res.on('error', onError);
  res.on('aborted', onAborted);
  res.on('close', onClose);
  try {
    for (;;) {
      if (queue.length > 0) {
        // One read holds many HTTP chunks (see read-coalescing.ts): hand out all that is queued as one batch.
        yield queue.length === 1 ? queue.pop()! : queue.splice(0).flat();
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    reads.stop();
    res.off('data', onData);
    res.off('end', onEnd);
    res.off('error', onError);
    res.off('aborted', onAborted);
    res.off('close', onClose);
    if (!ended) res.destroy();
  }
}

/**
 * Splits complete events (ended by a blank line) off the front of `text`. An `event: error` ends the list: the
 * events before it are still delivered, then the error is thrown.
 */
function takeEvents(text: string, makeError: StreamErrorFactory): { events: object[]; rest: string; error?: Error } {
  const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const events: object[] = [];
  let start = 0;
  for (;;) {
    const end = normalised.indexOf('\n\n', start);
    if (end < 0) break;
    const block = normalised.slice(start, end);
    start = end + 2;
    try {
      const event = parseEvent(block, makeError);
      if (event) events.push(event);
    } catch (error) {
      return { events, rest: '', error: error as Error };
    }
  }
  return { events, rest: normalised.slice(start) };
}

function parseEvent(block: string, makeError: StreamErrorFactory): object | null {
  let name: string | null = null;
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(line.charCodeAt(5) === 32 ? 6 : 5);
    else if (line.startsWith('event:')) name = line.slice(6).trim();
  }
  if (name === 'ping' || !data) return null;
  if (name === 'error') {
    let body: unknown = data;
    try {
      body = JSON.parse(data);
    } catch {
      // not JSON: keep the text
    }
    throw makeError(body);
  }
  return JSON.parse(data) as object;
}
