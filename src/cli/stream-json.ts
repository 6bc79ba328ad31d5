// Turns engine events into the line-per-event JSON that Claude Code prints with `-p --output-format stream-json`,
// so scripts and SDK wrappers written for it read ours unchanged (shapes: shared/reference/headless-stream-json.md).
import { randomUUID } from 'node:crypto';
import type { ApiFailure, EngineEvent, TurnResult } from '../engine/events';
import { contextWindow } from '../session/pricing';
import { fallbackLine } from './fallback-line';
import { enabledPluginList } from '../plugins/contributions';
import type { Bootstrapped } from './bootstrap';

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

/** What a session started by `boot` announces in its init line; `slashCommands` are the ones it will expand. */
export function initInfoOf(boot: Bootstrapped, slashCommands: string[]): InitInfo {
  const { session } = boot;
  const info = session.info();
  return {
    sessionId: session.sessionId,
    cwd: info.cwd,
    model: info.model,
    agent: info.agent.name,
    tools: session.toolNames(),
    agents: session.agents().agents.map((a) => a.name),
    permissionMode: info.mode,
    mcpServers: boot.mcp.manager.status().map((s) => ({ name: s.name, status: s.state })),
    slashCommands,
    apiKeySource: boot.apiKeySource,
    plugins: enabledPluginList(boot.plugins),
    skills: boot.skills.map((s) => s.name),
  };
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
        message: { role: 'user', content: [successFlag(event)] },
        parent_tool_use_id: event.speaker.parentToolUseId,
        session_id: sessionId,
        uuid: randomUUID(),
        timestamp: new Date().toISOString(),
        tool_use_result: toolUseResult(event),
      };
    case 'fallback':
      return fallbackLine(event, sessionId);
    case 'stream_event':
      return includePartial
        ? { type: 'stream_event', event: event.event, parent_tool_use_id: event.speaker.parentToolUseId, session_id: sessionId, uuid: randomUUID() }
        : null;
    case 'status':
      // Claude Code says "requesting" only to programs that asked for partial messages.
      if (event.status === 'requesting' && !includePartial) return null;
      return {
        type: 'system',
        subtype: 'status',
        status: event.status,
        ...(event.compactResult ? { compact_result: event.compactResult } : {}),
        ...(event.compactError ? { compact_error: event.compactError } : {}),
        session_id: sessionId,
        uuid: randomUUID(),
      };
    case 'retry':
      // Claude Code counts retries (1 = the first retry); tandem's event names the attempt about to start.
      return {
        type: 'system',
        subtype: 'api_retry',
        attempt: event.attempt - 1,
        max_retries: event.maxAttempts - 1,
        retry_delay_ms: event.delayMs,
        error_status: event.status ?? null,
        error: event.kind ? sdkErrorCategory({ status: event.status ?? null, kind: event.kind, message: event.reason }) : 'unknown',
        session_id: sessionId,
        uuid: randomUUID(),
      };
    case 'compact_boundary':
      return {
        type: 'system',
        subtype: 'compact_boundary',
        compact_metadata: { trigger: event.trigger, pre_tokens: event.preTokens, post_tokens: event.postTokens, duration_ms: event.durationMs },
        session_id: sessionId,
        uuid: randomUUID(),
      };
    default:
      return null;
  }
}

type ToolResultEvent = Extract<EngineEvent, { type: 'tool_result' }>;

/** Claude Code marks a successful result `is_error: false` for Bash only; other tools' results leave it out. */
function successFlag(event: ToolResultEvent): Record<string, unknown> {
  if (event.result.is_error !== undefined) return { ...event.result };
  return event.name === 'Bash' ? { ...event.result, is_error: false } : { ...event.result };
}

/** Claude Code's `system/permission_denied` line: which call was refused and what the model was told. */
export function permissionDeniedLine(event: ToolResultEvent, sessionId: string): Record<string, unknown> {
  return {
    type: 'system',
    subtype: 'permission_denied',
    tool_name: event.name,
    tool_use_id: event.callId,
    message: resultText(event),
    parent_tool_use_id: event.speaker.parentToolUseId,
    session_id: sessionId,
    uuid: randomUUID(),
  };
}

function resultText(event: ToolResultEvent): string {
  return typeof event.result.content === 'string' ? event.result.content : event.result.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
}

/** The tool-specific details of a result, in Claude Code's shapes where consumers read them (Bash, Read). */
export function toolUseResult(event: ToolResultEvent): unknown {
  const text = resultText(event);
  const details = (event.details ?? null) as Record<string, unknown> | null;
  if (event.name === 'Bash' && details && !event.result.is_error) {
    // tandem's shell merges the two streams (a pseudo-terminal): all output is stdout.
    return { stdout: text, stderr: '', interrupted: details.killed !== null && details.killed !== undefined, isImage: false, ...details };
  }
  if (event.name === 'Read' && details?.type === 'text' && typeof details.content === 'string') {
    const { content, filePath, fullPath, numLines, startLine, totalLines } = details;
    return { type: 'text', file: { filePath: fullPath ?? filePath, content, numLines, startLine: startLine ?? 1, totalLines } };
  }
  return details ?? (typeof event.result.content === 'string' ? event.result.content : event.summary);
}

/** The text Claude Code puts in its synthetic assistant message and in the result when a request failed. */
export function apiErrorText(failure: ApiFailure): string {
  return failure.status === null ? `API Error: ${failure.message}` : `API Error: ${failure.status} ${failure.message}`;
}

/** The category the SDK's `SDKAssistantMessageError` names for a failure (what a program can switch on). */
function sdkErrorCategory(failure: ApiFailure): string {
  switch (failure.kind) {
    case 'auth':
      return 'authentication_failed';
    case 'rate_limit':
      return 'rate_limit';
    case 'overloaded':
    case 'server':
      return 'server_error';
    case 'not_found':
      return 'model_not_found';
    case 'permission':
    case 'invalid_request':
    case 'prompt_too_long':
    case 'network':
    case 'aborted':
      return 'unknown';
    default: {
      const unreachable: never = failure.kind;
      return String(unreachable);
    }
  }
}

/** The API's own error type for the failure (api_error_type), as far as tandem's classification tells it. */
function apiErrorType(failure: ApiFailure): string | null {
  switch (failure.kind) {
    case 'auth':
      return 'authentication_error';
    case 'permission':
      return 'permission_error';
    case 'not_found':
      return 'not_found_error';
    case 'invalid_request':
    case 'prompt_too_long':
      return 'invalid_request_error';
    case 'rate_limit':
      return 'rate_limit_error';
    case 'overloaded':
      return 'overloaded_error';
    case 'server':
      return 'api_error';
    case 'network':
    case 'aborted':
      return null;
    default: {
      const unreachable: never = failure.kind;
      return String(unreachable);
    }
  }
}

/**
 * Claude Code ends a turn whose request failed with an assistant message of its own (model "<synthetic>") that
 * says so; programs show it like any answer. Written just before the result.
 */
export function apiErrorAssistantLine(failure: ApiFailure, sessionId: string): Record<string, unknown> {
  return {
    type: 'assistant',
    message: {
      id: randomUUID(),
      type: 'message',
      role: 'assistant',
      model: '<synthetic>',
      content: [{ type: 'text', text: apiErrorText(failure) }],
      stop_reason: 'stop_sequence',
      stop_sequence: '',
      usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
    parent_tool_use_id: null,
    session_id: sessionId,
    uuid: randomUUID(),
    timestamp: new Date().toISOString(),
    error: sdkErrorCategory(failure),
    ...(failure.requestId ? { request_id: failure.requestId } : {}),
    is_api_error_message: true,
    api_error_status: failure.status,
    api_error_type: apiErrorType(failure),
  };
}

export function resultLine(result: TurnResult, sessionId: string): Record<string, unknown> {
  const failure = result.apiFailure;
  if (failure) {
    // Claude Code's form: subtype success with is_error, the synthetic message's text as the result.
    const text = apiErrorText(failure);
    return {
      ...resultLine({ ...result, apiFailure: undefined, subtype: 'success', text, stopReason: 'stop_sequence' }, sessionId),
      is_error: true,
      api_error_status: failure.status,
      api_error_type: apiErrorType(failure),
    };
  }
  return {
    type: 'result',
    subtype: result.subtype,
    is_error: result.isError,
    result: result.isError && !result.text && result.error ? result.error : result.text,
    ...(result.error ? { error: result.error } : {}),
    ...(result.subtype === 'success' ? { api_error_status: null } : {}),
    num_turns: result.userTurns ?? result.numTurns,
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
    ...(result.structuredOutput ? { structured_output: result.structuredOutput } : {}),
    stop_reason: result.stopReason,
    session_id: sessionId,
    uuid: randomUUID(),
  };
}

/** Claude Code's modelUsage also says each model's context window and output limit. */
export function withLimits(modelUsage: TurnResult['modelUsage']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [model, usage] of Object.entries(modelUsage ?? {})) {
    out[model] = { ...usage, webSearchRequests: usage.webSearchRequests ?? 0, contextWindow: contextWindow(model), maxOutputTokens: /haiku/.test(model) ? 8192 : 16_384 };
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
