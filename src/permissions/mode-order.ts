// How strict each permission mode is, so an agent file or a project setting can narrow what a session may do and
// never widen it. Strictest first: plan (read-only) > dontAsk (what would ask is refused) > default (asks) >
// acceptEdits (edits go through) > bypassPermissions (nothing asks).
// A mode this table does not know is never taken as a narrowing: as a candidate it is refused (unless it is the
// mode already in force), and as the mode in force it counts as `default`, so only a known mode at least as strict
// as default replaces it.
const RANK: Record<string, number> = {
  bypassPermissions: 0,
  acceptEdits: 1,
  default: 2,
  dontAsk: 3,
  plan: 4,
};

function rankOf(mode: string): number | undefined {
  return Object.hasOwn(RANK, mode) ? RANK[mode] : undefined;
}

/** True when `candidate` allows no more than `reference` does. */
export function atLeastAsStrict(candidate: string, reference: string): boolean {
  if (candidate === reference) return true;
  const c = rankOf(candidate);
  if (c === undefined) return false;
  const r = rankOf(reference) ?? RANK.default!;
  return c >= r;
}

/**
 * The mode an agent runs in: its own `permissionMode` only when that is at least as strict as the session's,
 * else the session's. So plan stays plan, and bypassPermissions in an agent file applies only when the session is
 * already in bypassPermissions.
 */
export function narrowedMode<M extends string>(sessionMode: M, agentMode: string | undefined | null): M {
  if (agentMode === undefined || agentMode === null) return sessionMode;
  return atLeastAsStrict(agentMode, sessionMode) ? (agentMode as M) : sessionMode;
}
