// The script language of the fake Anthropic server: what a test or the demo says the "model" answers.

import type { StopReason, Usage } from '../model/types';

export type ScriptedBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; name: string; input: Record<string, unknown>; id?: string }
  /** Any other block (server_tool_use, web_search_tool_result ...): sent whole in content_block_start. */
  | { type: string; [key: string]: unknown };

export type Fault =
  /** Answer with this HTTP status and an API-shaped error body instead of a stream. */
  | { type: 'status'; status: number; retryAfter?: number; retryAfterMs?: number; body?: object; message?: string }
  /** Stream normally, then after `afterDeltas` content_block_delta events send `event: error` and end. */
  | { type: 'midstream_error'; afterDeltas: number; errorType?: string; message?: string }
  /** Stream normally, then after `afterDeltas` deltas destroy the socket. */
  | { type: 'drop'; afterDeltas: number };

export interface LoggedRequest {
  path: string;
  method: string;
  /** The parsed JSON body (undefined when there was none or it did not parse). */
  body: any;
  headers: Record<string, string | string[] | undefined>;
  time: number;
}

export interface ScriptedTurn {
  /** The answer's blocks. */
  content?: ScriptedBlock[];
  /** Shorthand for `content: [{type: 'text', text}]` (appended after `content` when both are given). */
  text?: string;
  /** Default: tool_use if any tool_use block, else end_turn. */
  stop_reason?: StopReason;
  stop_sequence?: string | null;
  /** Model reported in the answer; default the request's model. */
  model?: string;
  /** Overrides the usage the server would compute. */
  usage?: Partial<Usage>;
  /** Text, thinking and tool JSON are split into deltas of this many characters (default 8). */
  chunkChars?: number;
  /** Pause between deltas, to make streaming visible or abortable. */
  deltaDelayMs?: number;
  /** Pause after each content block ends, with everything up to its content_block_stop already sent. */
  blockDelayMs?: number;
  fault?: Fault;
  /** When set, this turn only answers requests it matches (lets concurrent subagents be routed). */
  match?: (req: LoggedRequest) => boolean;
  /** The JSON-script form of `match`: only requests whose system prompt contains this text. */
  matchSystem?: string;
  /** Serve a recorded SSE body byte for byte. */
  replay?: string;
  /** Serve a recorded JSON body with `status` (default 200). */
  replayJson?: string;
  status?: number;
}

export interface FakeServerOptions {
  turns?: ScriptedTurn[];
  /** Computes the answer for each /v1/messages request instead of a fixed list (index counts from 0). */
  respond?: (req: LoggedRequest, index: number) => ScriptedTurn | Promise<ScriptedTurn>;
  port?: number;
  /** Keep the process alive while listening (the CLI wants this; tests do not). Default false. */
  keepAlive?: boolean;
}

export interface FakeServer {
  /** http://127.0.0.1:PORT */
  url: string;
  requests: LoggedRequest[];
  close(): Promise<void>;
  push(...turns: ScriptedTurn[]): void;
}
