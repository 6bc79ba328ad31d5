// Runs the command hooks configured for an event (in parallel) and folds their answers into one HookOutcome.
// Contract, as hook scripts written for Claude Code expect it:
//  - exit 0: go on; for UserPromptSubmit and SessionStart plain stdout is added to the model's context.
//  - exit 2: block; stderr is the reason given to the model.
//  - any other exit, a crash, a timeout: an error shown to the user, never a block.
//  - JSON on stdout (exit 0): decision "block"/"approve", reason, continue:false + stopReason, systemMessage,
//    suppressOutput, hookSpecificOutput {permissionDecision, permissionDecisionReason, updatedInput, additionalContext}.
// Combined: any deny/block wins, then ask, then allow.
import type { HookBase, HookEventName, HookOutcome, HooksConfig } from './types';
import { matcherMatches } from './matcher';
import { runCommandHook, type CommandHookResult } from './run-command';

const DEFAULT_TIMEOUT_S = 60;
const CONTEXT_EVENTS = new Set<HookEventName>(['UserPromptSubmit', 'SessionStart']);

interface SingleResult {
  command: string;
  blocked?: string;
  decision?: 'allow' | 'deny' | 'ask';
  decisionReason?: string;
  updatedInput?: Record<string, unknown>;
  context?: string;
  systemMessage?: string;
  error?: string;
  stop?: { reason?: string };
}

export class HookRunner {
  constructor(
    private readonly hooks: HooksConfig,
    private readonly base: HookBase,
  ) {}

  /** True when at least one hook is configured for the event (lets callers skip building payloads). */
  has(event: HookEventName): boolean {
    return (this.hooks[event]?.length ?? 0) > 0;
  }

  async run(
    event: HookEventName,
    payload: Record<string, unknown>,
    opts: { toolName?: string; signal?: AbortSignal } = {},
  ): Promise<HookOutcome> {
    const errors: string[] = [];
    const commands: Array<{ command: string; timeout: number }> = [];
    const target = opts.toolName ?? (typeof payload.tool_name === 'string' ? payload.tool_name : undefined);
    for (const m of this.hooks[event] ?? []) {
      const match = matcherMatches(m.matcher, target);
      if (match.error) errors.push(match.error);
      if (!match.matches) continue;
      for (const h of m.hooks) {
        if (h.type === 'command') commands.push({ command: h.command, timeout: h.timeout ?? DEFAULT_TIMEOUT_S });
      }
    }
    const outcome: HookOutcome = { blocked: false, systemMessages: [], errors };
    if (commands.length === 0) return outcome;

    const input = JSON.stringify({
      session_id: this.base.sessionId,
      transcript_path: this.base.transcriptPath,
      cwd: this.base.cwd,
      hook_event_name: event,
      ...payload,
    });
    const env = { ...process.env, CLAUDE_PROJECT_DIR: this.base.projectRoot, TANDEM_PROJECT_DIR: this.base.projectRoot };
    const results = await Promise.all(
      commands.map(async ({ command, timeout }) => {
        const r = await runCommandHook({ command, input, cwd: this.base.projectRoot, env, timeoutMs: timeout * 1000, signal: opts.signal });
        return interpret(event, command, timeout, r);
      }),
    );
    return combine(outcome, results);
  }
}

function short(command: string): string {
  return command.length > 60 ? `${command.slice(0, 57)}...` : command;
}

function interpret(event: HookEventName, command: string, timeoutS: number, r: CommandHookResult): SingleResult {
  const name = `hook "${short(command)}"`;
  if (r.spawnError) return { command, error: `${name} could not start: ${r.spawnError}` };
  if (r.aborted) return { command, error: `${name} was cancelled` };
  if (r.timedOut) return { command, error: `${name} took longer than ${timeoutS} s and was stopped; raise its "timeout" (seconds) or make it faster` };
  if (r.exitCode === 2) return { command, blocked: r.stderr.trim() || `${name} blocked this without giving a reason` };
  if (r.exitCode !== 0) {
    const detail = r.stderr.trim() || r.stdout.trim();
    return { command, error: `${name} failed with exit code ${r.exitCode ?? 'unknown'}${detail ? `: ${detail.slice(0, 500)}` : ''}` };
  }
  const out = r.stdout.trim();
  if (out.startsWith('{')) {
    let json: Record<string, unknown> | null = null;
    try {
      const v: unknown = JSON.parse(out);
      if (v && typeof v === 'object' && !Array.isArray(v)) json = v as Record<string, unknown>;
    } catch {
      json = null;
    }
    if (json) return fromJson(event, command, json);
  }
  if (CONTEXT_EVENTS.has(event) && out !== '') return { command, context: out };
  return { command };
}

function fromJson(event: HookEventName, command: string, j: Record<string, unknown>): SingleResult {
  const res: SingleResult = { command };
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  if (j.continue === false) res.stop = { reason: str(j.stopReason) };
  if (str(j.systemMessage)) res.systemMessage = str(j.systemMessage);
  if (j.decision === 'block') res.blocked = str(j.reason) ?? `hook "${short(command)}" blocked this`;
  if (j.decision === 'approve' && event === 'PreToolUse') {
    res.decision = 'allow';
    res.decisionReason = str(j.reason);
  }
  const specific = j.hookSpecificOutput;
  if (specific && typeof specific === 'object' && !Array.isArray(specific)) {
    const s = specific as Record<string, unknown>;
    const pd = s.permissionDecision;
    if (event === 'PreToolUse' && (pd === 'allow' || pd === 'deny' || pd === 'ask')) {
      res.decision = pd;
      res.decisionReason = str(s.permissionDecisionReason) ?? res.decisionReason;
    }
    if (event === 'PreToolUse' && s.updatedInput && typeof s.updatedInput === 'object' && !Array.isArray(s.updatedInput)) {
      res.updatedInput = s.updatedInput as Record<string, unknown>;
    }
    if (str(s.additionalContext)) res.context = str(s.additionalContext);
  }
  return res;
}

function combine(outcome: HookOutcome, results: SingleResult[]): HookOutcome {
  const blockReasons: string[] = [];
  const context: string[] = [];
  let decision: 'allow' | 'ask' | undefined;
  const decisionReasons: { allow: string[]; ask: string[] } = { allow: [], ask: [] };
  for (const r of results) {
    if (r.error) outcome.errors.push(r.error);
    if (r.systemMessage) outcome.systemMessages.push(r.systemMessage);
    if (r.context) context.push(r.context);
    if (r.stop && !outcome.stop) outcome.stop = r.stop;
    if (r.blocked !== undefined) blockReasons.push(r.blocked);
    if (r.decision === 'deny') blockReasons.push(r.decisionReason ?? `hook "${short(r.command)}" denied this`);
    if (r.decision === 'ask' || r.decision === 'allow') {
      if (r.decision === 'ask' || decision === undefined) decision = r.decision;
      if (r.decisionReason) decisionReasons[r.decision].push(r.decisionReason);
    }
    if (r.updatedInput) outcome.updatedInput = { ...(outcome.updatedInput ?? {}), ...r.updatedInput };
  }
  if (context.length > 0) outcome.additionalContext = context;
  if (blockReasons.length > 0) {
    outcome.blocked = true;
    outcome.reason = blockReasons.join('\n');
    if (results.some((r) => r.decision !== undefined || r.blocked !== undefined)) outcome.permissionDecision = 'deny';
    delete outcome.updatedInput; // a blocked call runs with no input at all
  } else if (decision) {
    outcome.permissionDecision = decision;
    const reasons = decisionReasons[decision];
    if (reasons.length > 0) outcome.reason = reasons.join('\n');
  }
  return outcome;
}
