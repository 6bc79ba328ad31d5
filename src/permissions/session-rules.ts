// Rules added, removed or saved during a session, kept in the transcript so that --continue and --resume give
// the session back exactly the rules it had: a removed rule stays removed, a deny stays a deny, and a rule saved
// to a settings file comes back from that file (or not at all, if the user has taken it out since), never from
// the transcript.
import type { RuleBehavior } from './policy';
import { parseRule } from './rule';

/** The transcript line for a change (the session_rule entry). Without `change`, an entry is an addition. */
export type SessionRuleChange = {
  type: 'session_rule';
  rule: string;
  behavior: RuleBehavior;
  change?: 'add' | 'remove' | 'keep';
  /** Set when the rule was also saved to a settings file (the "always, and remember" answer). */
  persist?: boolean;
  /** keep: the settings file the rule was saved to. */
  file?: string;
};

export interface SessionRule {
  rule: string;
  behavior: RuleBehavior;
}

/** The session rules in force at the end of a transcript's rule changes, in the order they were added. */
export function sessionRulesAfter(changes: ReadonlyArray<Omit<SessionRuleChange, 'type'>>): SessionRule[] {
  let rules: SessionRule[] = [];
  for (const c of changes) {
    if (c.behavior !== 'allow' && c.behavior !== 'ask' && c.behavior !== 'deny') continue;
    const rule = c.rule.trim();
    switch (c.change ?? 'add') {
      case 'add':
        // Saved to a file at once: the file holds it from now on.
        if (c.persist) break;
        if (!rules.some((r) => r.rule === rule && r.behavior === c.behavior)) rules.push({ rule, behavior: c.behavior });
        break;
      case 'remove':
      case 'keep':
        rules = rules.filter((r) => r.rule !== rule);
        break;
    }
  }
  return rules;
}

/** What a policy must offer to take replayed rules. */
export interface SessionRuleTarget {
  addSessionRule(rule: string, behavior: RuleBehavior): void;
}

/** Adds the replayed rules with exactly their behavior; returns a warning for each rule that cannot be read. */
export function replaySessionRules(policy: SessionRuleTarget, rules: ReadonlyArray<SessionRule>): string[] {
  const warnings: string[] = [];
  for (const { rule, behavior } of rules) {
    try {
      parseRule(rule);
      policy.addSessionRule(rule, behavior);
    } catch (e) {
      warnings.push(`the resumed session's ${behavior} rule ${JSON.stringify(rule)} cannot be read and is not restored: ${(e as Error).message}`);
    }
  }
  return warnings;
}
