// Hooks the Agent SDK registers in `initialize` (callbacks living in the controlling program): at each event they
// match, tandem sends a hook_callback request and applies the answer like a command hook's JSON output.
import type { HookEventName, HookOutcome } from '../hooks/types';
import { matcherMatches } from '../hooks/matcher';
import type { HooksLike } from '../engine/services';
import type { ControlChannel } from './control-protocol';

export type SdkHookMatchers = Partial<Record<string, Array<{ matcher?: string; hookCallbackIds?: unknown; timeout?: number }>>>;

const DEFAULT_TIMEOUT_MS = 60_000;

export class SdkHooks {
  /** Filled in once the session exists: the fields every hook input carries. */
  base: Record<string, unknown> = {};

  constructor(
    private readonly control: ControlChannel,
    private readonly matchers: SdkHookMatchers,
  ) {}

  wrap(inner: HooksLike): HooksLike {
    return {
      run: async (event, payload, opts) => {
        const first = await inner.run(event, payload, opts);
        if (first.blocked) return first;
        return this.run(event, payload, opts ?? {}, first);
      },
    };
  }

  private async run(event: HookEventName, payload: Record<string, unknown>, opts: { toolName?: string; signal?: AbortSignal }, outcome: HookOutcome): Promise<HookOutcome> {
    for (const entry of this.matchers[event] ?? []) {
      if (!matcherMatches(entry.matcher, opts.toolName).matches) continue;
      const ids = Array.isArray(entry.hookCallbackIds) ? entry.hookCallbackIds.filter((id): id is string => typeof id === 'string') : [];
      for (const id of ids) {
        const timeout = AbortSignal.timeout(typeof entry.timeout === 'number' && entry.timeout > 0 ? entry.timeout * 1000 : DEFAULT_TIMEOUT_MS);
        const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
        let answer: Record<string, unknown>;
        try {
          answer = await this.control.request({ subtype: 'hook_callback', callback_id: id, input: { ...this.base, hook_event_name: event, ...payload } }, signal);
        } catch (error) {
          // Like a command hook that failed: PreToolUse fails closed (see hooks/runner.ts), other events go on.
          const message = `SDK hook ${id} failed: ${(error as Error).message}`;
          if (event === 'PreToolUse') return { ...outcome, blocked: true, reason: message };
          outcome = { ...outcome, errors: [...outcome.errors, message] };
          continue;
        }
        outcome = applyAnswer(outcome, answer);
        if (outcome.blocked) return outcome;
      }
    }
    return outcome;
  }
}

/** Merges one callback's JSON answer (the command-hook output shape) into the outcome so far. */
export function applyAnswer(outcome: HookOutcome, answer: Record<string, unknown>): HookOutcome {
  const next: HookOutcome = { ...outcome, systemMessages: [...outcome.systemMessages], errors: [...outcome.errors] };
  if (typeof answer.systemMessage === 'string') next.systemMessages.push(answer.systemMessage);
  const reason = typeof answer.reason === 'string' ? answer.reason : typeof answer.stopReason === 'string' ? answer.stopReason : undefined;
  if (answer.continue === false) next.stop = { reason };
  if (answer.decision === 'block') return { ...next, blocked: true, reason: reason ?? 'blocked by an SDK hook' };
  const specific = answer.hookSpecificOutput;
  if (specific && typeof specific === 'object' && !Array.isArray(specific)) {
    const s = specific as Record<string, unknown>;
    const decision = s.permissionDecision;
    const why = typeof s.permissionDecisionReason === 'string' ? s.permissionDecisionReason : reason;
    if (decision === 'deny') return { ...next, blocked: true, permissionDecision: 'deny', reason: why ?? 'denied by an SDK hook' };
    if (decision === 'ask' || (decision === 'allow' && next.permissionDecision !== 'ask')) next.permissionDecision = decision;
    if (s.updatedInput && typeof s.updatedInput === 'object' && !Array.isArray(s.updatedInput)) next.updatedInput = s.updatedInput as Record<string, unknown>;
    if (typeof s.additionalContext === 'string') next.additionalContext = [...(next.additionalContext ?? []), s.additionalContext];
  }
  return next;
}
