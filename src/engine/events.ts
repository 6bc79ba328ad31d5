// Everything the engine tells its consumers (the Ink UI and the headless printer). The engine imports no UI;
// both consumers switch exhaustively over this union.
import type { AgentColor } from '../agents/types';
import type { AssistantBlock, AssistantMessage, ToolResultBlock, Usage } from '../model/types';
import type { PermissionMode } from '../permissions/types';
import type { Preview, TodoItem } from '../tools/types';
import type { FormField } from '../mcp/elicitation-form';

export type ToolCallState = 'pending' | 'awaiting_approval' | 'running' | 'done' | 'error' | 'denied' | 'cancelled';

/** Who is speaking: the main agent (parentToolUseId null) or a subagent started by a Task call. */
export interface Speaker {
  agent: string;
  color?: AgentColor;
  model: string;
  /** The Task call's id when a subagent speaks, else null. */
  parentToolUseId: string | null;
  depth: number;
}

/** `error_max_structured_output_retries`: --json-schema, and no answer matched the schema (Claude Code's name). */
export type ResultSubtype = 'success' | 'error_max_turns' | 'error_during_execution' | 'error_max_structured_output_retries';

/** A request the API (or the network) failed for good, after the retries: what Claude Code reports as an API error. */
export interface ApiFailure {
  /** The HTTP status; null when no response came (network). */
  status: number | null;
  kind: import('../model/types').ModelErrorKind;
  message: string;
  requestId?: string;
}

export interface TurnResult {
  subtype: ResultSubtype;
  isError: boolean;
  /** The final assistant text of the turn. */
  text: string;
  numTurns: number;
  /** num_turns as Claude Code counts it (see LoopResult.userTurns); absent when no model turn ran. */
  userTurns?: number;
  durationMs: number;
  durationApiMs: number;
  usage: Usage;
  costUsd: number;
  modelUsage: Record<string, { inputTokens: number; outputTokens: number; cacheReadInputTokens: number; cacheCreationInputTokens: number; webSearchRequests?: number; costUSD: number }>;
  permissionDenials: Array<{ tool_name: string; tool_use_id: string; tool_input: Record<string, unknown> }>;
  /** Set when the turn failed: what went wrong and what to do. */
  error?: string;
  /** Set when the turn ended because a model request failed. */
  apiFailure?: ApiFailure;
  stopReason: string | null;
  /** --json-schema: the answer the model gave through StructuredOutput, matching the schema. */
  structuredOutput?: Record<string, unknown>;
}

export type EngineEvent =
  | { type: 'session_started'; sessionId: string; agent: string; model: string; tools: string[]; cwd: string; mode: PermissionMode }
  | { type: 'user_prompt'; text: string }
  | { type: 'assistant_start'; speaker: Speaker; messageId: string }
  | { type: 'text_delta'; speaker: Speaker; text: string }
  | { type: 'thinking_delta'; speaker: Speaker; text: string }
  /** A finished content block (text, thinking, tool_use with parsed input, server blocks). */
  | { type: 'assistant_block'; speaker: Speaker; messageId: string; block: AssistantBlock; message: AssistantMessage }
  | { type: 'assistant_done'; speaker: Speaker; message: AssistantMessage }
  /** A retry discards what was streamed since the last assistant_start. */
  | { type: 'retry'; speaker: Speaker; attempt: number; maxAttempts: number; delayMs: number; reason: string; status?: number; kind?: import('../model/types').ModelErrorKind }
  | { type: 'fallback'; speaker: Speaker; from: string; to: string; reason: string; trigger?: 'overloaded' | 'model_not_found' }
  | { type: 'tool_call'; speaker: Speaker; callId: string; name: string; input: Record<string, unknown>; preview?: Preview }
  | { type: 'tool_state'; speaker: Speaker; callId: string; state: ToolCallState; summary?: string }
  | { type: 'tool_output'; speaker: Speaker; callId: string; chunk: string }
  | { type: 'tool_result'; speaker: Speaker; callId: string; name: string; result: ToolResultBlock; summary: string; display?: string; details?: unknown }
  | {
      type: 'permission_request';
      requestId: string;
      speaker: Speaker;
      callId: string;
      toolName: string;
      input: Record<string, unknown>;
      preview: Preview;
      reason: string;
      /** The rule "don't ask again" would add, and how to say it ("this command prefix: npm run"). */
      suggestion: { rule: string; label: string };
    }
  | { type: 'permission_resolved'; requestId: string }
  /** An MCP server asks the user to fill in a form (elicitation); answered with respondElicitation. */
  | { type: 'elicitation_request'; requestId: string; server: string; message: string; fields: FormField[] }
  | { type: 'elicitation_resolved'; requestId: string }
  /** An MCP tool's notifications/progress: `progress` of `total` (when known), with the server's message. */
  | { type: 'tool_progress'; speaker: Speaker; callId: string; progress: number; total?: number; message?: string }
  | { type: 'todos'; todos: TodoItem[] }
  | { type: 'agent_switched'; from: string; to: string; color?: AgentColor; model: string }
  | { type: 'model_changed'; model: string }
  | { type: 'mode_changed'; mode: PermissionMode }
  | { type: 'usage'; total: Usage; costUsd: number; contextTokens: number; contextWindow: number }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string }
  | { type: 'turn_done'; result: TurnResult }
  /** The raw API event, only emitted when a consumer asked for partial messages (headless stream-json). */
  | { type: 'stream_event'; speaker: Speaker; event: unknown }
  /** What the session is busy with, for programs that show it (stream-json `system/status`); null: neither. */
  | { type: 'status'; status: 'requesting' | 'compacting' | null; compactResult?: 'success' | 'failed'; compactError?: string }
  /** The conversation was just replaced by its summary. */
  | { type: 'compact_boundary'; trigger: 'manual' | 'auto'; preTokens: number; postTokens: number; durationMs: number }
  | { type: 'subagent_start'; speaker: Speaker; runId: string; description: string }
  | { type: 'subagent_done'; speaker: Speaker; runId: string; status: 'done' | 'error' | 'cancelled'; summary: string };
