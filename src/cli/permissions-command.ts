// `/permissions`: the rules in force and where each was written; `remove RULE` drops a session rule and `keep RULE`
// saves one to .tandem/settings.local.json. Both changes go to the transcript, so a resumed session has exactly
// the rules this one ended with (see permissions/session-rules.ts).
import type { TranscriptLike } from '../engine/services';
import type { RuleEntry } from '../permissions/policy';
import type { SessionRuleChange } from '../permissions/session-rules';
import { ruleLocation, type RuleIssue } from '../settings/rule-check';
import { saveLocalRule } from '../settings/save';
import { sanitizeLine } from '../text/sanitize';

export interface PermissionsCommandDeps {
  policy: {
    listRules(): RuleEntry[];
    removeSessionRule(rule: string): boolean;
  };
  transcript: TranscriptLike;
  projectRoot: string;
  mode: () => string;
  modeSource: string;
  ruleIssues: readonly RuleIssue[];
  /** Settings values about permissions that were left out or read differently (unknown mode...), and mode notices. */
  permissionWarnings?: readonly string[];
  /** Managed settings files: their rules are marked, since no other file or command can remove them. */
  managedFiles?: ReadonlySet<string>;
  /** Set when saved allow rules will not be used (the folder is not trusted): said when one is kept. */
  savedAllowNote?: string;
}

export async function runPermissionsCommand(args: string, deps: PermissionsCommandDeps): Promise<string> {
  const trimmed = args.trim();
  const space = trimmed.search(/\s/);
  const verb = space < 0 ? trimmed : trimmed.slice(0, space);
  const rule = space < 0 ? '' : trimmed.slice(space + 1).trim();
  const sessionRules = deps.policy.listRules().filter((r) => r.source === 'session' && r.rule === rule);
  if (verb === 'remove' || verb === 'keep') {
    if (!rule) return `Usage: /permissions ${verb} RULE (one of this session's rules; /permissions lists them)`;
    if (sessionRules.length === 0) return `no session rule ${rule}: only rules added this session can be ${verb === 'remove' ? 'removed' : 'kept'} here (rules from files are changed in the file)`;
  }
  if (verb === 'remove') {
    deps.policy.removeSessionRule(rule);
    for (const r of sessionRules) await record(deps, { type: 'session_rule', rule, behavior: r.behavior, change: 'remove' });
    return `removed the session rule ${rule}`;
  }
  if (verb === 'keep') {
    const saved: string[] = [];
    for (const r of sessionRules) {
      const file = saveLocalRule(deps.projectRoot, rule, r.behavior);
      await record(deps, { type: 'session_rule', rule, behavior: r.behavior, change: 'keep', file });
      saved.push(`${r.behavior} ${rule} to ${file}`);
    }
    const unused = deps.savedAllowNote !== undefined && sessionRules.some((r) => r.behavior === 'allow');
    return `saved ${saved.join(', ')}${unused ? `; but ${deps.savedAllowNote}` : ''}`;
  }
  if (verb !== '') return `Unknown /permissions ${verb}: use /permissions, /permissions remove RULE or /permissions keep RULE`;
  return listRules(deps);
}

function listRules(deps: PermissionsCommandDeps): string {
  const lines = [`Permission mode: ${deps.mode()} (started as set by ${deps.modeSource})`];
  const rules = deps.policy.listRules();
  if (rules.length === 0) lines.push('No permission rules: the mode decides (shift+tab or /mode to change it).');
  for (const behavior of ['deny', 'ask', 'allow'] as const) {
    for (const r of rules.filter((x) => x.behavior === behavior)) {
      const managed = deps.managedFiles?.has(r.source) ? 'managed: ' : '';
      lines.push(`${r.behavior.padEnd(5)} ${r.rule}  (${managed}${sourceText(r)})`);
    }
  }
  if (deps.ruleIssues.length > 0) {
    lines.push('', 'Rules with problems:');
    for (const issue of deps.ruleIssues) lines.push(`  ! ${issue.message}`);
  }
  if (deps.permissionWarnings && deps.permissionWarnings.length > 0) {
    lines.push('', 'Permission settings with problems:');
    for (const warning of deps.permissionWarnings) lines.push(`  ! ${warning}`);
  }
  lines.push('', 'Where every setting comes from: /doctor');
  // Rules and their sources come from files a repository can ship: through the one sanitiser, line by line.
  return lines.map(sanitizeLine).join('\n');
}

/** `file:line`, `--allowedTools`, `this session`, or `managed: file:line`. */
export function sourceText(r: RuleEntry): string {
  return ruleLocation(r);
}

async function record(deps: PermissionsCommandDeps, change: SessionRuleChange): Promise<void> {
  await deps.transcript.append(change);
}
