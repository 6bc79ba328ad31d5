// Drains a model stream into what tests assert on.
import type { AssistantMessage, ModelClient, ModelEvent, ModelRequest } from '../../src/model/types';

export interface Collected {
  events: ModelEvent[];
  message?: AssistantMessage;
  error?: unknown;
}

export async function collect(client: ModelClient, request: ModelRequest, signal = new AbortController().signal) {
  const out: Collected = { events: [] };
  try {
    for await (const ev of client.stream(request, signal)) {
      out.events.push(ev);
      if (ev.type === 'message_done') out.message = ev.message;
    }
  } catch (err) {
    out.error = err;
  }
  return out;
}

export const simpleRequest = (model = 'claude-test-1'): ModelRequest => ({
  model,
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'hi' }],
});

/** Concatenates the text of the text_delta events seen after the last retry, as a UI would show them. */
export function visibleText(events: ModelEvent[]): string {
  let text = '';
  for (const ev of events) {
    if (ev.type === 'retry') text = '';
    if (ev.type === 'text_delta') text += ev.text;
  }
  return text;
}
