// Runs the command hooks configured for an event (in parallel) and folds their answers into one HookOutcome.
// Contract, as hook scripts written for Claude Code expect it:
//  - exit 0: go on; for UserPromptSubmit and SessionStart plain stdout is added to the model's context.
//  - exit 2: block; stderr is the reason given to the model.
//  - any other exit, a crash, a timeout, or stdout that starts with `{` but is not a JSON object:
//      PreToolUse: the call is BLOCKED with that failure as the reason (a guard that cannot answer must not let
//      the call through: fail closed), and the error is shown;
//      every other event: an error shown to the user, never a block (the turn goes on).
//  - JSON on stdout (exit 0): decision "block"/"approve", reason, continue:false + stopReason, systemMessage,
//    suppressOutput, hookSpecificOutput {permissionDecision, permissionDecisionReason, updatedInput, additionalContext}.
//    A PreToolUse decision tandem does not know ("permissionDecision": "alow") blocks too.
// Combined: any deny/block wins, then ask, then allow.
// A hook's `timeout` (seconds, default 60) is clamped to 1 s .. 10 min; text a hook sends the model (context,
// reasons) is cut at 10 KB with a note saying so.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HookBase, HookEventName, HookOutcome, HooksConfig } from './types';
import { matcherMatches } from './matcher';
import { runCommandHook, type CommandHookResult } from './run-command';

const DEFAULT_TIMEOUT_S = 60;
export const MIN_TIMEOUT_S = 1;
export const MAX_TIMEOUT_S = 600;
/** Hook text that reaches the model, per piece. */
export const MAX_MODEL_TEXT_BYTES = 10 * 1024;
/** Events whose hook failures block (see the contract above). */
const FAIL_CLOSED_EVENTS = new Set<HookEventName>(['PreToolUse']);
const CONTEXT_EVENTS = new Set<HookEventName>(['UserPromptSubmit', 'SessionStart']);

/** Cuts text for the model (capForModel, with the session's place to save the whole text). */
type Cap = (text: string) => string;

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
  /** Settings values tandem changed (a timeout out of range): shown once at start. */
  readonly warnings: string[] = [];

  private readonly hooks: HooksConfig;
  private saved = 0;

  /** `disabledBy`: the settings file whose `disableAllHooks` is in force; then no hook runs at all. */
  constructor(
    hooks: HooksConfig,
    private readonly base: HookBase,
    opts: { disabledBy?: string } = {},
  ) {
    this.hooks = opts.disabledBy === undefined ? hooks : {};
    if (opts.disabledBy !== undefined && Object.values(hooks).some((m) => (m?.length ?? 0) > 0)) {
      this.warnings.push(`hooks are off: disableAllHooks is set in ${opts.disabledBy}, so no configured hook runs this session`);
    }
    for (const [event, matchers] of Object.entries(this.hooks)) {
      for (const m of matchers ?? []) {
        for (const h of m.hooks) {
          if (h.timeout === undefined || clampTimeout(h.timeout) === h.timeout) continue;
          this.warnings.push(`${event} hook "${short(h.command)}": timeout ${h.timeout} s is outside ${MIN_TIMEOUT_S}..${MAX_TIMEOUT_S} s; using ${clampTimeout(h.timeout)} s`);
        }
      }
    }
  }

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
    // SessionStart matchers name the source (startup, resume, clear, compact), PreCompact ones the trigger.
    const key = event === 'SessionStart' ? payload.source : event === 'PreCompact' ? payload.trigger : payload.tool_name;
    const target = opts.toolName ?? (typeof key === 'string' ? key : undefined);
    for (const m of this.hooks[event] ?? []) {
      const match = matcherMatches(m.matcher, target);
      if (match.error) errors.push(match.error);
      if (!match.matches) continue;
      for (const h of m.hooks) {
        if (h.type === 'command') commands.push({ command: h.command, timeout: clampTimeout(h.timeout ?? DEFAULT_TIMEOUT_S) });
      }
    }
    const outcome: HookOutcome = { blocked: false, systemMessages: [], errors };
    if (commands.length === 0) return outcome;
    const cap = (text: string): string => capForModel(text, this.base.outputDir === undefined ? undefined : (full) => this.saveOutput(full, event));

    const input = JSON.stringify({
      session_id: this.base.sessionId,
      transcript_path: this.base.transcriptPath,
      cwd: this.base.cwd,
      permission_mode: this.base.permissionMode?.() ?? 'default',
      hook_event_name: event,
      ...payload,
    });
    const env = { ...process.env, CLAUDE_PROJECT_DIR: this.base.projectRoot, TANDEM_PROJECT_DIR: this.base.projectRoot };
    const results = await Promise.all(
      commands.map(async ({ command, timeout }) => {
        const r = await runCommandHook({ command, input, cwd: this.base.projectRoot, env, timeoutMs: timeout * 1000, signal: opts.signal });
        return interpret(event, command, timeout, r, cap);
      }),
    );
    return combine(outcome, results, cap);
  }

  /** Keeps a hook's whole text under the session folder when the model only gets its first 10 KB. */
  private saveOutput(full: string, event: HookEventName): string | null {
    try {
      const dir = path.join(this.base.outputDir!, 'hook-output');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, `${event}-${Date.now()}-${++this.saved}.txt`);
      writeFileSync(file, full, { mode: 0o600, flag: 'wx' });
      return file;
    } catch {
      return null;
    }
  }
}

function short(command: string): string {
  return command.length > 60 ? `${command.slice(0, 57)}...` : command;
}

export function clampTimeout(seconds: number): number {
  if (!Number.isFinite(seconds)) return seconds > 0 ? MAX_TIMEOUT_S : DEFAULT_TIMEOUT_S;
  return Math.min(MAX_TIMEOUT_S, Math.max(MIN_TIMEOUT_S, seconds));
}

/** Cuts text for the model at MAX_MODEL_TEXT_BYTES (on a character boundary) and says that it did; `save` keeps
 *  the whole text in a file (its path, or null when it could not be written) that the note then names. */
export function capForModel(text: string, save?: (full: string) => string | null): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= MAX_MODEL_TEXT_BYTES) return text;
  let cut = Buffer.from(text, 'utf8').subarray(0, MAX_MODEL_TEXT_BYTES).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1); // half a character at the cut
  const savedAt = save?.(text) ?? null;
  const where = savedAt === null ? '' : `; the whole output is saved at ${savedAt}: Read it for the rest`;
  return `${cut}\n[hook output cut: ${bytes - Buffer.byteLength(cut, 'utf8')} of ${bytes} bytes left out (limit 10 KB)${where}]`;
}

/** A hook that could not give an answer: for a fail-closed event it blocks, for the others it is only reported. */
function failure(event: HookEventName, command: string, message: string, cap: Cap): SingleResult {
  return FAIL_CLOSED_EVENTS.has(event)
    ? { command, error: message, blocked: cap(`${message} (a failing ${event} hook blocks the call)`) }
    : { command, error: message };
}

function interpret(event: HookEventName, command: string, timeoutS: number, r: CommandHookResult, cap: Cap): SingleResult {
  const name = `hook "${short(command)}"`;
  if (r.spawnError) return failure(event, command, `${name} could not start: ${r.spawnError}`, cap);
  if (r.aborted) return failure(event, command, `${name} was cancelled`, cap);
  if (r.timedOut) return failure(event, command, `${name} took longer than ${timeoutS} s and was stopped; raise its "timeout" (seconds, at most ${MAX_TIMEOUT_S}) or make it faster`, cap);
  if (r.exitCode === 2) return { command, blocked: cap(r.stderr.trim() || `${name} blocked this without giving a reason`) };
  if (r.exitCode !== 0) {
    const detail = r.stderr.trim() || r.stdout.trim();
    return failure(event, command, `${name} failed with exit code ${r.exitCode ?? 'unknown'}${detail ? `: ${detail.slice(0, 500)}` : ''}`, cap);
  }
  const out = r.stdout.trim();
  if (out.startsWith('{')) {
    let json: Record<string, unknown> | null = null;
    let problem = 'it is not a JSON object';
    try {
      const v: unknown = JSON.parse(out);
      if (v && typeof v === 'object' && !Array.isArray(v)) json = v as Record<string, unknown>;
    } catch (error) {
      problem = (error as Error).message;
    }
    if (json) return fromJson(event, command, json, cap);
    // Output that looks like JSON but is not: an answer was meant and cannot be read.
    if (FAIL_CLOSED_EVENTS.has(event)) return failure(event, command, `${name} printed invalid JSON (${problem})`, cap);
  }
  if (CONTEXT_EVENTS.has(event) && out !== '') return { command, context: cap(out) };
  return { command };
}

function fromJson(event: HookEventName, command: string, j: Record<string, unknown>, cap: Cap): SingleResult {
  const res: SingleResult = { command };
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  if (j.continue === false) res.stop = { reason: str(j.stopReason) };
  if (str(j.systemMessage)) res.systemMessage = str(j.systemMessage);
  if (j.decision === 'block') res.blocked = cap(str(j.reason) ?? `hook "${short(command)}" blocked this`);
  if (j.decision === 'approve' && event === 'PreToolUse') {
    res.decision = 'allow';
    res.decisionReason = str(j.reason);
  }
  if (event === 'PreToolUse' && j.decision !== undefined && j.decision !== 'block' && j.decision !== 'approve') {
    return { ...failure(event, command, `hook "${short(command)}" gave an unknown decision ${JSON.stringify(j.decision)} (block or approve)`, cap), stop: res.stop, systemMessage: res.systemMessage };
  }
  const specific = j.hookSpecificOutput;
  if (specific && typeof specific === 'object' && !Array.isArray(specific)) {
    const s = specific as Record<string, unknown>;
    const pd = s.permissionDecision;
    if (event === 'PreToolUse' && (pd === 'allow' || pd === 'deny' || pd === 'ask')) {
      res.decision = pd;
      res.decisionReason = str(s.permissionDecisionReason) ?? res.decisionReason;
      if (res.decisionReason !== undefined) res.decisionReason = cap(res.decisionReason);
    } else if (event === 'PreToolUse' && pd !== undefined) {
      const failed = failure(event, command, `hook "${short(command)}" gave an unknown permissionDecision ${JSON.stringify(pd)} (allow, deny or ask)`, cap);
      return { ...failed, stop: res.stop, systemMessage: res.systemMessage };
    }
    if (event === 'PreToolUse' && s.updatedInput && typeof s.updatedInput === 'object' && !Array.isArray(s.updatedInput)) {
      res.updatedInput = s.updatedInput as Record<string, unknown>;
    }
    if (str(s.additionalContext)) res.context = cap(str(s.additionalContext)!);
  }
  return res;
}

function combine(outcome: HookOutcome, results: SingleResult[], cap: Cap): HookOutcome {
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
    outcome.reason = cap(blockReasons.join('\n'));
    if (results.some((r) => r.decision !== undefined || r.blocked !== undefined)) outcome.permissionDecision = 'deny';
    delete outcome.updatedInput; // a blocked call runs with no input at all
  } else if (decision) {
    outcome.permissionDecision = decision;
    const reasons = decisionReasons[decision];
    if (reasons.length > 0) outcome.reason = reasons.join('\n');
  }
  return outcome;
}
