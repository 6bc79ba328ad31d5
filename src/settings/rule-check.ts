// Every permission rule in force, from files and flags, checked once at start: what cannot be parsed or names no
// known tool is reported with where it was written. A deny or ask rule that cannot be parsed stops a headless
// run before anything runs (nobody is there to read a warning, and the protection it meant is missing).
import type { RuleBehavior, RuleEntry } from '../permissions/policy';
import { ruleProblem } from '../permissions/rule';

export interface RuleIssue {
  rule: string;
  behavior: RuleBehavior;
  /** `file:line`, `file`, `--allowedTools` or `--disallowedTools`. */
  where: string;
  message: string;
  /** The rule cannot be parsed at all. */
  fatal: boolean;
}

/** Where a rule was written, as messages show it. */
export function ruleLocation(entry: Pick<RuleEntry, 'source' | 'line' | 'behavior'>): string {
  if (entry.source === 'cli') return entry.behavior === 'allow' ? '--allowedTools' : '--disallowedTools';
  if (entry.source === 'session') return 'this session';
  return entry.line !== undefined ? `${entry.source}:${entry.line}` : entry.source;
}

export function checkRules(entries: readonly RuleEntry[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const entry of entries) {
    const problem = ruleProblem(entry.rule);
    if (!problem) continue;
    const consequence = !problem.fatal
      ? 'it is kept, but matches no tool'
      : entry.behavior === 'allow'
        ? 'it is ignored (nothing is allowed by it)'
        : 'it is not applied as written: every call of the tool it names asks instead, and headless runs refuse to start';
    issues.push({
      rule: entry.rule,
      behavior: entry.behavior,
      where: ruleLocation(entry),
      message: `${ruleLocation(entry)}: ${entry.behavior} rule ${problem.message}; ${consequence}`,
      fatal: problem.fatal,
    });
  }
  return issues;
}

/** The issues that must stop a headless run. */
export function blockingRuleIssues(issues: readonly RuleIssue[]): RuleIssue[] {
  return issues.filter((i) => i.fatal && i.behavior !== 'allow');
}
