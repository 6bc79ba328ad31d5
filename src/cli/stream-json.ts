// Turns engine events into the line-per-event JSON that Claude Code prints with `-p --output-format stream-json`,
// so scripts and SDK wrappers written for it read ours unchanged (shapes: shared/reference/headless-stream-json.md).
import { randomUUID } from 'node:crypto';
import type { EngineEvent, TurnResult } from '../engine/events';
import { contextWindow } from '../session/pricing';

export interface InitInfo {
  sessionId: string;
  cwd: string;
  model: string;
  agent: string;
  tools: string[];
  agents: string[];
  permissionMode: string;
  mcpServers: Array<{ name: string; status: string }>;
  slashCommands: string[];
  apiKeySource: string;
  version?: string;
  /** Enabled plugins, as Claude Code lists them. */
  plugins?: Array<{ name: string; path: string }>;
  skills?: string[];
}

export function initLine(info: InitInfo): Record<string, unknown> {
  return {
    type: 'system',
    subtype: 'init',
    session_id: info.sessionId,
    cwd: info.cwd,
    model: info.model,
    agent: info.agent,
    tools: info.tools,
    mcp_servers: info.mcpServers,
    permissionMode: info.permissionMode,
    agents: info.agents,
    slash_commands: info.slashCommands,
    apiKeySource: info.apiKeySource,
    ...(info.version ? { version: info.version, claude_code_version: info.version } : {}),
    output_style: 'default',
    skills: info.skills ?? [],
    plugins: info.plugins ?? [],
    uuid: randomUUID(),
  };
}

/** The JSON line for an event, or null when the event has no line of its own. */
export function eventLine(event: EngineEvent, sessionId: string, includePartial: boolean): Record<string, unknown> | null {
  switch (event.type) {
    case 'assistant_block':
      return {
        type: 'assistant',
        message: {
          id: event.messageId,
          type: 'message',
          role: 'assistant',
          model: event.speaker.model,
          content: [event.block],
          stop_reason: null,
          stop_sequence: null,
          usage: event.message.usage,
        },
        parent_tool_use_id: event.speaker.parentToolUseId,
        session_id: sessionId,
        uuid: randomUUID(),
        timestamp: new Date().toISOString(),
      };
    case 'tool_result':
      return {
        type: 'user',
        message: { role: 'user', content: [{ ...event.result, is_error: event.result.is_error ?? false }] },
        parent_tool_use_id: event.speaker.parentToolUseId,
        session_id: sessionId,
        uuid: randomUUID(),
        timestamp: new Date().toISOString(),
        tool_use_result: toolUseResult(event),
      };
    case 'stream_event':
      return includePartial
        ? { type: 'stream_event', event: event.event, parent_tool_use_id: event.speaker.parentToolUseId, session_id: sessionId, uuid: randomUUID() }
        : null;
    default:
      return null;
  }
}

type ToolResultEvent = Extract<EngineEvent, { type: 'tool_result' }>;

/** The tool-specific details of a result, in Claude Code's shapes where consumers read them (Bash, Read). */
export function toolUseResult(event: ToolResultEvent): unknown {
  const text = typeof event.result.content === 'string' ? event.result.content : event.result.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
  const details = (event.details ?? null) as Record<string, unknown> | null;
  if (event.name === 'Bash' && details && !event.result.is_error) {
    // tandem's shell merges the two streams (a pseudo-terminal): all output is stdout.
    return { stdout: text, stderr: '', interrupted: details.killed !== null && details.killed !== undefined, isImage: false, ...details };
  }
  if (event.name === 'Read' && details?.type === 'text' && typeof details.content === 'string') {
    const { content, filePath, numLines, startLine, totalLines } = details;
    return { type: 'text', file: { filePath, content, numLines, startLine: startLine ?? 1, totalLines } };
  }
  return details ?? (typeof event.result.content === 'string' ? event.result.content : event.summary);
}

export function resultLine(result: TurnResult, sessionId: string): Record<string, unknown> {
  return {
    type: 'result',
    subtype: result.subtype,
    is_error: result.isError,
    result: result.isError && !result.text && result.error ? result.error : result.text,
    ...(result.error ? { error: result.error } : {}),
    num_turns: result.numTurns,
    duration_ms: result.durationMs,
    duration_api_ms: result.durationApiMs,
    total_cost_usd: round(result.costUsd),
    usage: {
      input_tokens: result.usage.input_tokens,
      output_tokens: result.usage.output_tokens,
      cache_creation_input_tokens: result.usage.cache_creation_input_tokens,
      cache_read_input_tokens: result.usage.cache_read_input_tokens,
    },
    modelUsage: withLimits(result.modelUsage),
    permission_denials: result.permissionDenials,
    stop_reason: result.stopReason,
    session_id: sessionId,
    uuid: randomUUID(),
  };
}

/** Claude Code's modelUsage also says each model's context window and output limit. */
function withLimits(modelUsage: TurnResult['modelUsage']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [model, usage] of Object.entries(modelUsage ?? {})) {
    out[model] = { ...usage, contextWindow: contextWindow(model), maxOutputTokens: /haiku/.test(model) ? 8192 : 16_384 };
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
