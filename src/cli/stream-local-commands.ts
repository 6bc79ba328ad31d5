// Slash commands a stream-json program may send as a user message that tandem runs itself instead of sending
// them to the model, as Claude Code does: today `/compact [focus]`. Its result line says `local_command`.
import { randomUUID } from 'node:crypto';
import type { Bootstrapped } from './bootstrap';
import type { WriteLine } from './event-lines';
import { withLimits } from './stream-json';
import { modelUsageOf } from '../session/cost-tracker';

const COMPACT = /^\/compact(?:\s+([\s\S]*))?$/;

/** Runs `text` when it is a local command and writes its result line; false when it is a prompt for the model. */
export async function runLocalCommand(boot: Bootstrapped, text: string, write: WriteLine): Promise<{ handled: boolean; isError: boolean }> {
  const match = COMPACT.exec(text.trim());
  if (!match) return { handled: false, isError: false };
  const started = Date.now();
  const focus = match[1]?.trim() || undefined;
  let error: string | undefined;
  try {
    if (!(await boot.session.compactNow(focus))) error = 'Not enough conversation to compact yet: send a message first.';
  } catch (e) {
    error = `Compaction failed: ${(e as Error).message}`;
  }
  write(localResult(boot, 'compact', started, error));
  return { handled: true, isError: error !== undefined };
}

function localResult(boot: Bootstrapped, command: string, started: number, error: string | undefined): Record<string, unknown> {
  const total = boot.costs.total();
  const modelUsage = modelUsageOf(boot.costs.byModel());
  return {
    type: 'result',
    subtype: error ? 'error_during_execution' : 'success',
    is_error: error !== undefined,
    result: '',
    local_command: command,
    num_turns: 0,
    duration_ms: Date.now() - started,
    duration_api_ms: 0,
    total_cost_usd: total.costUsd,
    // No model turn ran: the turn's own usage is nothing; modelUsage is the session's running total, as in Claude Code.
    usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    modelUsage: withLimits(modelUsage),
    permission_denials: [],
    stop_reason: null,
    ...(error ? { errors: [error] } : {}),
    session_id: boot.session.sessionId,
    uuid: randomUUID(),
  };
}
