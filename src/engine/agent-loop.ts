// The turn loop of one agent: stream a reply, run its tool calls, send the results back, until the model ends
// its turn, max turns is reached, an error stops it, or the user interrupts. Used for the main agent and for
// subagents alike (a subagent is just another loop with its own messages and speaker).
import type { AgentDefinition } from '../agents/types';
import type { AssistantBlock, AssistantMessage, Message, ModelRequest, TextBlock, ToolResultBlock, ToolUseBlock } from '../model/types';
import { ModelError, emptyUsage } from '../model/types';
import type { ApiFailure, ResultSubtype, Speaker } from './events';
import { appendUserContent, createToolUseIdDeduper, errorResult, textOf, toolUseIdsOf, toolUsesOf, withUniqueToolUseIds } from './history';
import type { EngineServices } from './services';
import { contextWindow } from '../session/pricing';
import { runToolCall } from './tool-runner';
import { STRUCTURED_OUTPUT_REMINDER, StructuredOutputTurn, type StructuredOutputSpec } from './structured-output';

export interface LoopOptions {
  services: EngineServices;
  agent: AgentDefinition;
  /** The conversation; the loop appends to it. */
  messages: Message[];
  speaker: Speaker;
  signal: AbortSignal;
  maxTurns?: number;
  isMain: boolean;
  /** Called with each completed message (for the transcript). */
  onMessage?: (message: Message) => Promise<void>;
  /** Called with each tool result as soon as its call ends, before the batch's message is complete, so a crash
   *  mid-batch loses no finished result (the transcript records it at once). */
  onToolResult?: (result: ToolResultBlock) => Promise<void>;
  /** Emits raw API events (for --include-partial-messages). */
  wantRawEvents?: boolean;
  /** Called when the API says the prompt is too long; returns true when it made room (compaction). */
  onPromptTooLong?: () => Promise<boolean>;
  /** Overrides for subagents: the model, the tools (already narrowed to the parent's), the permission mode. */
  model?: string;
  toolNames?: string[];
  mode?: import('../permissions/types').PermissionMode;
  /** --json-schema: the turn ends with an answer through the StructuredOutput tool (main agent only). */
  structuredOutput?: StructuredOutputSpec;
}

export interface LoopResult {
  subtype: ResultSubtype;
  text: string;
  numTurns: number;
  stopReason: string | null;
  aborted: boolean;
  error?: string;
  apiFailure?: ApiFailure;
  durationApiMs: number;
  /** Turns as Claude Code counts them (its num_turns): the prompt, then each tool result and each hook feedback
   *  sent back to the model. Two calls in one message are two turns; a request is not a turn. */
  userTurns: number;
  /** The accepted StructuredOutput answer (--json-schema). */
  structuredOutput?: Record<string, unknown>;
}

const MAX_STOP_HOOK_CONTINUATIONS = 3;

export async function runAgentLoop(opts: LoopOptions): Promise<LoopResult> {
  const { services, agent, messages, speaker, signal } = opts;
  let numTurns = 0;
  let lastText = '';
  let stopReason: string | null = null;
  let durationApiMs = 0;
  let stopHookContinuations = 0;
  let retriedTooLong = false;
  let userTurns = 1;
  const structured = opts.structuredOutput ? new StructuredOutputTurn(opts.structuredOutput) : undefined;
  const done = (subtype: ResultSubtype, extra: Partial<LoopResult> = {}): LoopResult => ({
    subtype,
    text: lastText,
    numTurns,
    stopReason,
    aborted: false,
    durationApiMs,
    userTurns,
    ...extra,
  });

  for (;;) {
    if (signal.aborted) return done('error_during_execution', { aborted: true, error: 'interrupted by the user' });
    const model = opts.model ?? services.resolveAgentModel(agent);
    const toolNames = opts.toolNames ?? services.toolNamesFor(agent);
    let request: ModelRequest = {
      model,
      system: services.systemPromptFor(agent, opts.isMain),
      messages,
      tools: structured ? [...services.tools.specs(toolNames), structured.toolSpec()] : services.tools.specs(toolNames),
      max_tokens: services.maxTokensFor(model),
    };
    if (services.prepareRequest) request = services.prepareRequest(request);

    numTurns++;
    const started = Date.now();
    services.emit({ type: 'status', status: 'requesting' });
    let message: AssistantMessage;
    try {
      message = await streamOne(services, request, speaker, signal, opts.wantRawEvents ?? false);
    } catch (error) {
      durationApiMs += Date.now() - started;
      if (error instanceof PartialAbort) {
        if (error.partialText) {
          const partial: Message = { role: 'assistant', content: [{ type: 'text', text: error.partialText }] };
          messages.push(partial);
          await opts.onMessage?.(partial);
          lastText = error.partialText;
        }
        return done('error_during_execution', { aborted: true, error: 'interrupted by the user' });
      }
      if (error instanceof ModelError && error.kind === 'prompt_too_long' && !retriedTooLong && opts.onPromptTooLong) {
        retriedTooLong = true;
        numTurns--;
        if (await opts.onPromptTooLong()) continue;
      }
      if (error instanceof ModelError && error.kind !== 'aborted') {
        const apiFailure = { status: error.status ?? null, kind: error.kind, message: error.message, requestId: error.requestId };
        return done('error_during_execution', { error: error.message, apiFailure });
      }
      const text = error instanceof ModelError ? error.message : `unexpected error: ${(error as Error).message}`;
      return done('error_during_execution', { error: text });
    }
    durationApiMs += Date.now() - started;
    stopReason = message.stop_reason;
    messages.push({ role: 'assistant', content: message.content });
    await opts.onMessage?.({ role: 'assistant', content: message.content });
    const text = textOf(message.content);
    if (text) lastText = text;
    services.costs.add(message.model || model, agent.name, message.usage);
    emitUsage(services, message);

    if (message.stop_reason === 'pause_turn') continue; // a server tool paused; sending the history resumes it

    const calls = toolUsesOf(message.content);
    if (calls.length === 0) {
      if (message.stop_reason === 'refusal') return done('error_during_execution', { error: 'the model declined to continue (refusal)' });
      if (structured && !structured.accepted) {
        // The answer must come through the tool: remind the model once, then give up (never a success without it).
        // No prose as the result: a script reading stdout for the JSON must not take it for the answer.
        if (structured.reminded) return done('error_max_structured_output_retries', { text: '', error: 'the model ended its turn without calling StructuredOutput, after a reminder' });
        structured.reminded = true;
        const reminder: TextBlock[] = [{ type: 'text', text: STRUCTURED_OUTPUT_REMINDER }];
        appendUserContent(messages, reminder);
        await opts.onMessage?.({ role: 'user', content: reminder });
        continue;
      }
      if (services.hooks && stopHookContinuations < MAX_STOP_HOOK_CONTINUATIONS) {
        const outcome = await services.hooks.run(opts.isMain ? 'Stop' : 'SubagentStop', { stop_hook_active: stopHookContinuations > 0, last_assistant_message: lastText }, { signal });
        if (outcome.blocked && outcome.reason) {
          stopHookContinuations++;
          userTurns++;
          appendUserContent(messages, [{ type: 'text', text: `Stop hook feedback: ${outcome.reason}` }]);
          continue;
        }
      }
      return done('success');
    }

    const { results, abortTurn } = await runCalls(calls, opts, structured);
    userTurns += results.length;
    const resultMessage: Message = { role: 'user', content: results };
    messages.push(resultMessage);
    await opts.onMessage?.(resultMessage);
    if (abortTurn || signal.aborted) return done('error_during_execution', { aborted: true, error: 'interrupted by the user' });
    if (structured?.accepted) return done('success', { structuredOutput: structured.accepted.value, text: JSON.stringify(structured.accepted.value) });
    if (structured?.exhausted()) return done('error_max_structured_output_retries', { text: '', error: structured.exhaustedMessage() });
    if (opts.maxTurns !== undefined && numTurns >= opts.maxTurns) {
      return done('error_max_turns', { error: `stopped after ${numTurns} turns (--max-turns ${opts.maxTurns})` });
    }
  }
}

/** Runs the calls of one message: consecutive read-only calls together, others one by one, results in call order. */
async function runCalls(calls: ToolUseBlock[], opts: LoopOptions, structured?: StructuredOutputTurn): Promise<{ results: ToolResultBlock[]; abortTurn: boolean }> {
  const { services, agent, speaker } = opts;
  const allowedTools = new Set(opts.toolNames ?? services.toolNamesFor(agent));
  const turnAbort = new AbortController();
  const signal = AbortSignal.any([opts.signal, turnAbort.signal]);
  const scope = { services, agent, allowedTools, speaker, signal, mode: opts.mode };
  // By position, not by id: results must pair with calls one to one whatever the ids say.
  const results: ToolResultBlock[] = new Array(calls.length);
  let abortTurn = false;
  // Each result is recorded as soon as it exists; the records stay in completion order (rebuild sorts them).
  let recording: Promise<void> = Promise.resolve();
  const record = (result: ToolResultBlock): Promise<void> => {
    const hook = opts.onToolResult;
    if (!hook) return recording;
    recording = recording.then(() => hook(result)).catch(() => undefined);
    return recording;
  };

  const groups: number[][] = [];
  calls.forEach((call, index) => {
    const concurrent = isConcurrencySafe(services, call);
    const last = groups[groups.length - 1];
    if (concurrent && last && last.every((i) => isConcurrencySafe(services, calls[i]!))) last.push(index);
    else groups.push([index]);
  });
  for (const group of groups) {
    if (abortTurn || signal.aborted) {
      for (const i of group) {
        const call = calls[i]!;
        results[i] = errorResult(call.id, 'Not run: the turn was interrupted.');
        services.emit({ type: 'tool_state', speaker, callId: call.id, state: 'cancelled' });
      }
      continue;
    }
    await Promise.all(
      group.map(async (i) => {
        const call = calls[i]!;
        const outcome = structured?.owns(call) ? { result: structured.run(call, speaker, services), abortTurn: false } : await runToolCall(call, scope);
        results[i] = outcome.result;
        await record(outcome.result);
        if (outcome.abortTurn) {
          abortTurn = true;
          turnAbort.abort();
        }
      }),
    );
  }
  await recording;
  return { results, abortTurn };
}

function isConcurrencySafe(services: EngineServices, call: ToolUseBlock): boolean {
  const tool = services.tools.get(call.name);
  if (!tool) return true;
  try {
    return tool.isReadOnly(call.input);
  } catch {
    return false;
  }
}

class PartialAbort extends Error {
  constructor(readonly partialText: string) {
    super('aborted');
  }
}

/** Streams one request into a complete assistant message, emitting deltas as they arrive. */
async function streamOne(
  services: EngineServices,
  request: ModelRequest,
  speaker: Speaker,
  signal: AbortSignal,
  wantRaw: boolean,
): Promise<AssistantMessage> {
  let partialText = '';
  let messageId = '';
  let startUsage = emptyUsage();
  const blocks: AssistantBlock[] = [];
  // Two calls sharing an id would get one result between them: each gets an id of its own as its block arrives,
  // before anyone (screen, stream-json, transcript) sees it.
  const taken = toolUseIdsOf(request.messages);
  let dedupe = createToolUseIdDeduper(taken);
  try {
    for await (const event of services.client.stream(request, signal)) {
      switch (event.type) {
        case 'message_start':
          messageId = event.id;
          startUsage = event.usage;
          partialText = '';
          blocks.length = 0;
          dedupe = createToolUseIdDeduper(taken);
          services.emit({ type: 'assistant_start', speaker: { ...speaker, model: event.model || speaker.model }, messageId });
          break;
        case 'text_delta':
          partialText += event.text;
          services.emit({ type: 'text_delta', speaker, text: event.text });
          break;
        case 'thinking_delta':
          services.emit({ type: 'thinking_delta', speaker, text: event.thinking });
          break;
        case 'block_done': {
          const block = dedupe(event.block);
          blocks.push(block);
          services.emit({
            type: 'assistant_block',
            speaker,
            messageId,
            block,
            message: { id: messageId, model: request.model, content: blocks, stop_reason: null, stop_sequence: null, usage: startUsage },
          });
          break;
        }
        case 'message_done': {
          // The same renaming as the blocks had while streaming.
          const message = { ...event.message, content: withUniqueToolUseIds(event.message.content, taken) };
          services.emit({ type: 'assistant_done', speaker, message });
          return message;
        }
        case 'retry':
          partialText = '';
          blocks.length = 0;
          dedupe = createToolUseIdDeduper(taken);
          services.emit({ type: 'retry', speaker, attempt: event.attempt, maxAttempts: event.maxAttempts, delayMs: event.delayMs, reason: event.reason, status: event.status, kind: event.kind });
          break;
        case 'fallback':
          services.emit({ type: 'fallback', speaker, from: event.from, to: event.to, reason: event.reason, trigger: event.trigger });
          services.emit({ type: 'notice', level: 'warning', message: event.trigger === 'model_not_found' ? `${event.reason}; using ${event.to}` : `${event.from} is overloaded; using ${event.to} (${event.reason})` });
          break;
        case 'raw':
          if (wantRaw) services.emit({ type: 'stream_event', speaker, event: event.event });
          break;
        case 'block_start':
        case 'tool_input_delta':
          break;
        default: {
          const unreachable: never = event;
          void unreachable;
        }
      }
    }
  } catch (error) {
    if (signal.aborted) throw new PartialAbort(partialText);
    throw error;
  }
  if (signal.aborted) throw new PartialAbort(partialText);
  throw new ModelError('network', 'the stream ended without a complete message; try again');
}

function emitUsage(services: EngineServices, message: AssistantMessage): void {
  const total = services.costs.total();
  const u = message.usage;
  const contextTokens = u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens + u.output_tokens;
  services.emit({ type: 'usage', total: total.usage, costUsd: total.costUsd, contextTokens, contextWindow: contextWindow(message.model) });
}

