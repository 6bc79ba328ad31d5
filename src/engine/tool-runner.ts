// Runs one tool call from start to finish: validate, preview, hooks, permission, checkpoint, run, truncate.
// Whatever happens, the call ends with exactly one tool_result (an error result when it could not run).
import { sandboxAutoAllows } from '../sandbox/controller';
import type { AgentDefinition } from '../agents/types';
import type { ToolResultBlock, ToolUseBlock } from '../model/types';
import { hookToolResponse } from '../hooks/tool-response';
import type { PermissionMode, PermissionQuery, RuleDecision } from '../permissions/types';
import { narrowedMode } from '../permissions/mode-order';
import { dontAskDecision } from '../permissions/modes';
import { truncateForModel, truncateToolContent } from '../tools/truncate';
import type { AnyTool, Preview, ToolResult } from '../tools/types';
import { ToolError } from '../tools/types';
import { validateToolInput } from '../tools/validate-input';
import type { Speaker } from './events';
import { errorResult } from './history';
import type { EngineServices } from './services';

export interface ToolCallOutcome {
  result: ToolResultBlock;
  /** The user pressed Esc at a prompt: stop the whole turn. */
  abortTurn: boolean;
}

interface CallScope {
  services: EngineServices;
  agent: AgentDefinition;
  allowedTools: Set<string>;
  speaker: Speaker;
  signal: AbortSignal;
  /** A subagent's mode, already narrowed to its caller's; the session's mode still applies when it is stricter. */
  mode?: PermissionMode;
}

/** Calls that may change files take a checkpoint first: the file-editing tools, and Bash (whatever it runs). */
export function isWritingTool(tool: AnyTool): boolean {
  return tool.kind === 'edit' || tool.name === 'Bash';
}

export async function runToolCall(call: ToolUseBlock, scope: CallScope): Promise<ToolCallOutcome> {
  const { services, speaker } = scope;
  const emitState = (state: Parameters<typeof stateEvent>[2], summary?: string) =>
    services.emit(stateEvent(speaker, call.id, state, summary));
  const finish = (result: ToolResultBlock, summary: string, extra?: { display?: string; details?: unknown }): ToolCallOutcome => {
    services.emit({ type: 'tool_result', speaker, callId: call.id, name: call.name, result, summary, ...extra });
    return { result, abortTurn: false };
  };

  const tool = services.tools.get(call.name);
  const canonicalName = tool?.name ?? call.name;
  services.emit({ type: 'tool_call', speaker, callId: call.id, name: call.name, input: call.input });
  if (!tool || !scope.allowedTools.has(canonicalName)) {
    emitState('error', 'unknown tool');
    const available = [...scope.allowedTools].sort().join(', ');
    const why = tool ? `is not available to the agent "${scope.agent.name}"` : 'does not exist in this shell';
    return finish(errorResult(call.id, `The tool "${call.name}" ${why}. Tools you can use: ${available}.`), 'not available');
  }
  if (scope.signal.aborted) {
    emitState('cancelled');
    return finish(errorResult(call.id, 'Interrupted by the user before this call ran.'), 'cancelled');
  }

  const validated = validateToolInput(tool, call.input);
  if (!validated.ok) {
    emitState('error', 'invalid input');
    return finish(errorResult(call.id, validated.message), 'invalid input');
  }
  let input = validated.value as Record<string, unknown>;

  const ctx = services.toolContext(scope.signal, (progress) => {
    if (progress.type === 'output') services.emit({ type: 'tool_output', speaker, callId: call.id, chunk: progress.chunk });
    else if (progress.type === 'todos') services.emit({ type: 'todos', todos: progress.todos });
    else if (progress.type === 'progress') services.emit({ type: 'tool_progress', speaker, callId: call.id, progress: progress.progress, total: progress.total, message: progress.message });
  });
  ctx.toolUseId = call.id;
  // Read at each call: a session switched to a stricter mode (plan) mid-run binds its subagents at once.
  const mode = narrowedMode(services.mode(), scope.mode);
  ctx.caller = { agent: scope.agent.name, depth: speaker.depth, allowedTools: [...scope.allowedTools], mode };

  // A call the tool would refuse anyway (file never read, old_string absent, stale read) fails before anyone is asked.
  const refusal = tool.validate ? await tool.validate(input, ctx).catch(() => null) : null;
  if (refusal) {
    emitState('error', 'refused');
    return finish(errorResult(call.id, refusal), 'refused');
  }

  // PreToolUse hooks may block the call, decide its permission, or rewrite its input.
  let hookDecision: 'allow' | 'deny' | 'ask' | undefined;
  if (services.hooks) {
    const outcome = await services.hooks.run('PreToolUse', { tool_name: tool.name, tool_input: input, tool_use_id: call.id }, { toolName: tool.name, signal: scope.signal });
    for (const message of outcome.systemMessages) services.emit({ type: 'notice', level: 'info', message });
    if (scope.signal.aborted) {
      emitState('cancelled');
      return finish(errorResult(call.id, 'Interrupted by the user before this call ran.'), 'cancelled');
    }
    for (const message of outcome.errors) services.emit({ type: 'notice', level: 'warning', message: `PreToolUse hook: ${message}` });
    // A PreToolUse hook that failed (timeout, crash, unreadable answer) blocks: see the contract in hooks/runner.ts.
    if (outcome.blocked || outcome.permissionDecision === 'deny') {
      emitState('denied', 'blocked by a hook');
      services.denials.push({ tool_name: tool.name, tool_use_id: call.id, tool_input: input });
      return finish(errorResult(call.id, `A PreToolUse hook blocked this call: ${outcome.reason ?? 'no reason given'}`), 'blocked by a hook');
    }
    if (outcome.updatedInput) {
      // The rewritten input is the call now: the same schema checks it (a NUL in a command is refused), and one
      // that fails blocks the call. Running the model's input instead would run what the hook meant to replace.
      const revalidated = validateToolInput(tool, outcome.updatedInput);
      if (!revalidated.ok) {
        emitState('denied', 'blocked by a hook');
        services.denials.push({ tool_name: tool.name, tool_use_id: call.id, tool_input: input });
        services.emit({ type: 'notice', level: 'warning', message: `PreToolUse hook: its updatedInput for ${tool.name} is not valid (${validatedMessage(revalidated)}); the call is blocked` });
        return finish(errorResult(call.id, `A PreToolUse hook rewrote the input into one that is not valid for ${tool.name} (${validatedMessage(revalidated)}), so the call was blocked.`), 'blocked by a hook');
      }
      input = revalidated.value as Record<string, unknown>;
      const rewrittenRefusal = tool.validate ? await tool.validate(input, ctx).catch(() => null) : null;
      if (rewrittenRefusal) {
        emitState('error', 'refused');
        return finish(errorResult(call.id, rewrittenRefusal), 'refused');
      }
    }
    hookDecision = outcome.permissionDecision;
  }
  // From here on the input is fixed: the preview, the decision, the prompt and the run all see this one object,
  // and nothing (a preview, a UI, a policy) can change it in between.
  input = deepFreeze(input);

  const preview = await safePreview(tool, input, ctx);
  services.emit({ type: 'tool_call', speaker, callId: call.id, name: tool.name, input, preview });

  const query: PermissionQuery = {
    toolName: tool.name,
    input,
    preview,
    agentName: scope.agent.name,
    mode,
    cwd: ctx.cwd,
    projectRoot: ctx.projectRoot,
    toolKind: tool.kind,
    sandboxAutoAllow: tool.name === 'Bash' && sandboxAutoAllows(ctx.sessionStore, input),
  };
  let decision: RuleDecision = services.policy.decide(query);
  // A hook's allow or ask overrides the mode, never an explicit deny rule.
  if (hookDecision && decision.behavior !== 'deny') decision = { behavior: hookDecision, reason: 'decided by a PreToolUse hook' };
  // dontAsk never prompts, whoever asks for the prompt (a hook's "ask" included), and a subagent narrowed to plan
  // in a dontAsk session (plan asks before web and outside reads) does not bring the prompts back.
  if (mode === 'dontAsk' || services.neverAsks()) decision = dontAskDecision(decision);

  if (decision.behavior === 'deny') {
    emitState('denied', decision.reason);
    services.denials.push({ tool_name: tool.name, tool_use_id: call.id, tool_input: input });
    return finish(errorResult(call.id, `Permission denied: ${decision.reason}`), 'denied');
  }
  if (decision.behavior === 'ask') {
    if (!services.interactive) {
      emitState('denied', 'needs approval');
      services.denials.push({ tool_name: tool.name, tool_use_id: call.id, tool_input: input });
      return finish(errorResult(call.id, services.headlessDenial(query, decision)), 'denied (headless)');
    }
    emitState('awaiting_approval');
    void services.hooks?.run('Notification', { message: `tandem needs your permission to use ${tool.name}`, notification_type: 'permission_prompt' }).catch(() => undefined);
    // Told, not asked: tandem's own prompt still decides (a hook cannot answer for the user here).
    void services.hooks?.run('PermissionRequest', { tool_name: tool.name, tool_input: input, tool_use_id: call.id }, { toolName: tool.name }).catch(() => undefined);
    const answer = await services.broker.ask(
      { speaker, callId: call.id, toolName: tool.name, input, preview, reason: decision.reason, suggestion: services.policy.suggestRule(query) },
      scope.signal,
    );
    switch (answer.type) {
      case 'once':
        if (answer.updatedInput) {
          // A changed input is checked like the model's own: an invalid one is refused, never run half-checked.
          const revalidated = validateToolInput(tool, answer.updatedInput);
          if (!revalidated.ok) return finish(errorResult(call.id, `The input the permission prompt tool returned is invalid: ${revalidated.message}`), 'invalid updated input');
          input = revalidated.value as Record<string, unknown>;
        }
        break;
      case 'always': {
        services.policy.addSessionRule(answer.rule, 'allow');
        void services.transcript?.append({ type: 'session_rule', rule: answer.rule, behavior: 'allow', persist: answer.persist ?? false });
        if (answer.persist && services.persistRule) {
          const file = services.persistRule(answer.rule);
          if (services.persistedAllowNote) services.emit({ type: 'notice', level: 'warning', message: `${answer.rule} was saved to ${file}, but ${services.persistedAllowNote}` });
          else services.emit({ type: 'notice', level: 'info', message: `${answer.rule} is allowed from now on (saved to ${file})` });
        } else {
          services.emit({ type: 'notice', level: 'info', message: `${answer.rule} is allowed for this session. To keep it: /permissions keep ${answer.rule}` });
        }
        break;
      }
      case 'deny': {
        emitState('denied', answer.feedback ? 'denied with feedback' : 'denied');
        services.denials.push({ tool_name: tool.name, tool_use_id: call.id, tool_input: input });
        const said = answer.message?.trim()
          ? answer.message
          : answer.feedback?.trim()
            ? `The user declined this call and said: "${answer.feedback.trim()}". Adjust your approach accordingly.`
            : 'The user declined this call. Ask them how to proceed, or try a different approach.';
        const denied = finish(errorResult(call.id, said), 'denied');
        return answer.interrupt ? { ...denied, abortTurn: true } : denied;
      }
      case 'abort': {
        emitState('cancelled', 'interrupted');
        const outcome = finish(errorResult(call.id, 'The user interrupted the turn at this permission prompt; the call did not run.'), 'interrupted');
        return { ...outcome, abortTurn: true };
      }
      default: {
        const unreachable: never = answer;
        throw new Error(`unhandled decision ${JSON.stringify(unreachable)}`);
      }
    }
  }

  // Subagents' writes belong to the checkpoint of the turn that started them: beforeWrite is once per turn.
  if (isWritingTool(tool) && services.checkpoints) {
    try {
      await services.checkpoints.beforeWrite();
    } catch (error) {
      services.emit({ type: 'notice', level: 'warning', message: `checkpoint failed (the call goes on): ${(error as Error).message}` });
    }
  }

  emitState('running');
  let result: ToolResult;
  try {
    result = await tool.run(input, ctx);
  } catch (error) {
    if (scope.signal.aborted) {
      emitState('cancelled', 'interrupted');
      return finish(errorResult(call.id, 'Interrupted by the user while running.'), 'interrupted');
    }
    const message = error instanceof ToolError ? error.message : `${tool.name} failed unexpectedly: ${(error as Error).message ?? String(error)}`;
    if (services.hooks) {
      const failed = await services.hooks.run('PostToolUseFailure', { tool_name: tool.name, tool_input: input, tool_use_id: call.id, error: message, is_interrupt: false }, { toolName: tool.name }).catch(() => undefined);
      for (const m of failed?.errors ?? []) services.emit({ type: 'notice', level: 'warning', message: `PostToolUseFailure hook: ${m}` });
    }
    emitState('error', firstLine(message));
    // A failure can be as big as any output (an MCP error text, a subagent's last message): the same truncation.
    const cut = await truncateForModel(message, { sessionDir: ctx.sessionDir, toolUseId: call.id });
    return finish(errorResult(call.id, cut), firstLine(message));
  }

  // Every shape (text, text and images, MCP resources turned into blocks) goes through the one truncation.
  const content = await truncateToolContent(result.forModel, { sessionDir: ctx.sessionDir, toolUseId: call.id });
  const block: ToolResultBlock = { type: 'tool_result', tool_use_id: call.id, content: content === '' ? '(no output)' : content };
  if (result.isError) block.is_error = true;
  const folderNote = !result.isError && services.folderMemory ? await services.folderMemory(tool.name, input, ctx.cwd).catch(() => undefined) : undefined;
  if (folderNote) block.content = typeof block.content === 'string' ? `${block.content}\n\n${folderNote}` : [...block.content, { type: 'text', text: folderNote }];

  if (services.hooks) {
    const outcome = result.isError
      ? await services.hooks.run('PostToolUseFailure', { tool_name: tool.name, tool_input: input, tool_use_id: call.id, error: typeof result.forModel === 'string' ? result.forModel : result.summary, is_interrupt: false }, { toolName: tool.name, signal: scope.signal })
      : await services.hooks.run('PostToolUse', { tool_name: tool.name, tool_input: input, tool_use_id: call.id, tool_response: hookToolResponse(tool.name, input, result, ctx.cwd) }, { toolName: tool.name, signal: scope.signal });
    for (const message of outcome.errors) services.emit({ type: 'notice', level: 'warning', message: `PostToolUse hook: ${message}` });
    if (outcome.blocked && outcome.reason) {
      const note = `\n\n[PostToolUse hook] ${outcome.reason}`;
      block.content = typeof block.content === 'string' ? block.content + note : [...block.content, { type: 'text', text: note }];
    }
  }

  emitState(result.isError ? 'error' : 'done', result.summary);
  return finish(block, result.summary, { display: result.display, details: result.details });
}

function validatedMessage(v: { ok: false; message: string } | { ok: true }): string {
  return v.ok ? '' : v.message;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
  }
  return value;
}

async function safePreview(tool: AnyTool, input: Record<string, unknown>, ctx: Parameters<AnyTool['preview']>[1]): Promise<Preview> {
  try {
    return await tool.preview(input, ctx);
  } catch (error) {
    return { kind: 'info', title: `${tool.name}`, detail: `(preview unavailable: ${(error as Error).message})` };
  }
}

function stateEvent(speaker: Speaker, callId: string, state: 'pending' | 'awaiting_approval' | 'running' | 'done' | 'error' | 'denied' | 'cancelled', summary?: string) {
  return { type: 'tool_state' as const, speaker, callId, state, summary };
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
