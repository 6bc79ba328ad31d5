// The model seam: everything the engine knows about a language model. The Anthropic adapter implements it;
// tests and the demo implement it through the fake server. Blocks are kept as the API's JSON shapes so that
// history (thinking signatures, server tool blocks, citations) goes back to the API exactly as it came.

export type TextBlock = { type: 'text'; text: string; citations?: unknown[] | null; cache_control?: CacheControl };
export type ThinkingBlock = { type: 'thinking'; thinking: string; signature: string };
export type RedactedThinkingBlock = { type: 'redacted_thinking'; data: string };
export type ToolUseBlock = { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };
export type ImageBlock = {
  type: 'image';
  source: { type: 'base64'; media_type: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'; data: string };
};
export type ToolResultBlock = {
  type: 'tool_result';
  tool_use_id: string;
  content: string | Array<TextBlock | ImageBlock>;
  is_error?: boolean;
  cache_control?: CacheControl;
};
/** Server-side blocks (server_tool_use, web_search_tool_result, ...): kept verbatim, never interpreted. */
export type ServerBlock = { type: string; [key: string]: unknown };

export type AssistantBlock = TextBlock | ThinkingBlock | RedactedThinkingBlock | ToolUseBlock | ServerBlock;
export type UserBlock = TextBlock | ImageBlock | ToolResultBlock;

export type CacheControl = { type: 'ephemeral'; ttl?: '5m' | '1h' };

export type Message =
  | { role: 'user'; content: string | UserBlock[] }
  | { role: 'assistant'; content: AssistantBlock[] };

export type ToolSpec =
  | { name: string; description: string; input_schema: Record<string, unknown>; cache_control?: CacheControl }
  /** A server tool such as `{type: 'web_search_20250305', name: 'web_search', ...}`. */
  | { type: string; name: string; [key: string]: unknown };

export interface ModelRequest {
  model: string;
  system?: string | TextBlock[];
  messages: Message[];
  tools?: ToolSpec[];
  max_tokens: number;
  thinking?: { type: 'enabled'; budget_tokens: number } | { type: 'disabled' } | { type: 'adaptive' };
  /** `effort`: how much work the model puts into its answer (src/model/reasoning.ts decides when it is sent). */
  output_config?: { effort?: string };
  /** Beta features the request needs; sent as the `anthropic-beta` header, never in the body. */
  betas?: string[];
  temperature?: number;
  stop_sequences?: string[];
  tool_choice?: { type: 'auto' | 'any' | 'none' } | { type: 'tool'; name: string };
  metadata?: { user_id?: string };
}

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  server_tool_use?: { web_search_requests?: number; web_fetch_requests?: number };
}

export type StopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export interface AssistantMessage {
  id: string;
  model: string;
  content: AssistantBlock[];
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  usage: Usage;
}

/** What a stream yields, in order: message_start, then block and delta events, then message_done last. */
export type ModelEvent =
  | { type: 'message_start'; id: string; model: string; usage: Usage }
  | { type: 'block_start'; index: number; blockType: string; toolName?: string; toolUseId?: string }
  | { type: 'text_delta'; index: number; text: string }
  | { type: 'thinking_delta'; index: number; thinking: string }
  | { type: 'tool_input_delta'; index: number; partialJson: string }
  /** A finished block, tool_use input parsed (an empty input is `{}`). */
  | { type: 'block_done'; index: number; block: AssistantBlock }
  | { type: 'message_done'; message: AssistantMessage }
  /** A retry is about to happen; anything streamed since the last message_start must be discarded. */
  | { type: 'retry'; attempt: number; maxAttempts: number; delayMs: number; reason: string; status?: number; kind?: ModelErrorKind }
  /** `trigger`: why (Claude Code's names): the model stayed overloaded, or the API does not know it. */
  | { type: 'fallback'; from: string; to: string; reason: string; trigger: 'overloaded' | 'model_not_found' }
  /** The raw API event, for `--include-partial-messages`. */
  | { type: 'raw'; event: unknown };

export type ModelErrorKind =
  | 'auth' // 401: bad or missing key
  | 'permission' // 403
  | 'not_found' // 404: usually an unknown model id
  | 'invalid_request' // 400
  | 'prompt_too_long' // 400 whose message says the prompt is too long
  | 'rate_limit' // 429 after every retry
  | 'overloaded' // 529 / overloaded_error after every retry
  | 'server' // 5xx after every retry
  | 'network' // connection failures after every retry
  | 'aborted'; // the caller's signal fired

export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly status?: number,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export interface ModelClient {
  /**
   * Streams one request. Retries (429, 529, 5xx, dropped connections, mid-stream overloaded_error) happen
   * inside and are announced with `retry` events; a final failure throws ModelError. Aborting the signal
   * stops at once and throws ModelError('aborted').
   */
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent>;
  /** Loads what the first request needs ahead of it (the interactive shell calls this once it is idle). */
  warmUp?(): Promise<void>;
}

export const emptyUsage = (): Usage => ({
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
});
