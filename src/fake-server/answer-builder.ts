// Turns a scripted turn into what the real API would send: the SSE event sequence for a stream, or the JSON
// message for a non-streaming request. Event order and shapes follow the recordings in
// test/fixtures/anthropic-streams (message_start, content_block_start, ping, deltas, content_block_stop,
// message_delta, message_stop; tool input as input_json_delta fragments, the first one empty).

import type { StopReason, Usage } from '../model/types';
import { estimateTokens } from './prompt-cache';
import type { ScriptedBlock, ScriptedTurn } from './types';

export interface SseEvent {
  /** The full wire text: `event: NAME\ndata: JSON\n\n`. */
  wire: string;
  isDelta: boolean;
  /** content_block_stop: where a scripted pause between blocks goes. */
  endsBlock?: boolean;
}

export interface BuiltAnswer {
  events: SseEvent[];
  /** The complete message, as a non-streaming request receives it. */
  message: Record<string, unknown>;
}

let idCounter = 0;
const nextId = (prefix: string) => `${prefix}_fake${Date.now().toString(36)}${(++idCounter).toString(36).padStart(4, '0')}`;

const sse = (name: string, data: unknown, isDelta = false): SseEvent => ({
  wire: `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`,
  isDelta,
});

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function turnBlocks(turn: ScriptedTurn): ScriptedBlock[] {
  const blocks = [...(turn.content ?? [])];
  if (turn.text !== undefined) blocks.push({ type: 'text', text: turn.text });
  return blocks;
}

export function buildAnswer(
  turn: ScriptedTurn,
  requestModel: string,
  inputUsage: Pick<Usage, 'input_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens'>,
): BuiltAnswer {
  const size = Math.max(1, turn.chunkChars ?? 8);
  const blocks = turnBlocks(turn);
  const id = nextId('msg');
  const model = turn.model ?? requestModel;
  const events: SseEvent[] = [];
  const finalBlocks: Record<string, unknown>[] = [];
  let outputChars = 0;

  blocks.forEach((block, index) => {
    const delta = (d: Record<string, unknown>) =>
      events.push(sse('content_block_delta', { type: 'content_block_delta', index, delta: d }, true));
    const start = (content_block: Record<string, unknown>) => {
      events.push(sse('content_block_start', { type: 'content_block_start', index, content_block }));
      if (index === 0) events.push(sse('ping', { type: 'ping' }));
    };
    switch (block.type) {
      case 'text': {
        const text = String((block as { text: string }).text);
        start({ type: 'text', text: '' });
        for (const piece of chunks(text, size)) delta({ type: 'text_delta', text: piece });
        finalBlocks.push({ type: 'text', text });
        outputChars += text.length;
        break;
      }
      case 'thinking': {
        const b = block as { thinking: string; signature?: string };
        const signature = b.signature ?? Buffer.from(`fake-signature:${b.thinking.length}`).toString('base64');
        start({ type: 'thinking', thinking: '', signature: '' });
        for (const piece of chunks(b.thinking, size)) delta({ type: 'thinking_delta', thinking: piece });
        delta({ type: 'signature_delta', signature });
        finalBlocks.push({ type: 'thinking', thinking: b.thinking, signature });
        outputChars += b.thinking.length;
        break;
      }
      case 'tool_use': {
        const b = block as { name: string; input: Record<string, unknown>; id?: string };
        const toolId = b.id ?? nextId('toolu');
        const json = JSON.stringify(b.input ?? {});
        start({ type: 'tool_use', id: toolId, name: b.name, input: {} });
        delta({ type: 'input_json_delta', partial_json: '' });
        if (json !== '{}') for (const piece of chunks(json, size)) delta({ type: 'input_json_delta', partial_json: piece });
        finalBlocks.push({ type: 'tool_use', id: toolId, name: b.name, input: b.input ?? {} });
        outputChars += json.length + b.name.length;
        break;
      }
      default: {
        // redacted_thinking and server blocks arrive whole in content_block_start, as the API sends them.
        start(block as Record<string, unknown>);
        finalBlocks.push(block as Record<string, unknown>);
        outputChars += JSON.stringify(block).length;
      }
    }
    events.push({ ...sse('content_block_stop', { type: 'content_block_stop', index }), endsBlock: true });
  });

  const stopReason: StopReason =
    turn.stop_reason ?? (blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
  const usage: Usage = { ...inputUsage, output_tokens: Math.max(1, estimateTokens(outputChars)), ...turn.usage };
  const stopSequence = turn.stop_sequence ?? null;

  events.unshift(
    sse('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
  );
  events.push(
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: stopSequence },
      usage,
    }),
    sse('message_stop', { type: 'message_stop' }),
  );

  const message = {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: finalBlocks,
    stop_reason: stopReason,
    stop_sequence: stopSequence,
    usage,
  };
  return { events, message };
}

const ERROR_TYPES: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'Invalid request'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'Not found'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of requests has exceeded your rate limit. Please try again later.'],
  500: ['api_error', 'Internal server error'],
  503: ['api_error', 'Service unavailable'],
  529: ['overloaded_error', 'Overloaded'],
};

/** An error body shaped like the API's: {"type":"error","error":{"type":...,"message":...}}. */
export function errorBody(status: number, message?: string, requestId?: string): Record<string, unknown> {
  const [type, defaultMessage] = ERROR_TYPES[status] ?? (status >= 500 ? ['api_error', 'Internal server error'] : ['invalid_request_error', 'Invalid request']);
  return {
    type: 'error',
    error: { type, message: message ?? defaultMessage },
    ...(requestId ? { request_id: requestId } : {}),
  };
}

export function errorEvent(errorType: string, message?: string): string {
  const msg = message ?? (errorType === 'overloaded_error' ? 'Overloaded' : 'Internal server error');
  return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: errorType, message: msg } })}\n\n`;
}
