// Reads an SSE response body into parsed API events, a chunk's worth at a time. The SDK's own reader passes
// every event through several async generators; reading batches per network chunk costs far less CPU on
// long answers, and the events are the same JSON objects.

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
