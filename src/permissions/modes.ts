// What each permission mode does when no rule decided. Decisions, documented once:
//  - default:      reads inside the workspace (project root + additional directories) go through; everything that
//                  writes, runs or reaches the network asks (Bash, KillShell, edits, WebFetch, WebSearch, MCP).
//                  TodoWrite, ExitPlanMode and Task go through (a subagent's own calls are checked one by one).
//  - acceptEdits:  as default, plus file edits inside the workspace go through, and so do Bash lines made only of
//                  `mkdir`, `touch`, `cp`, `mv` whose every path argument is a plain path inside the workspace.
//                  Anything outside the workspace still asks.
//  - plan:         read-only. Edits, commands and MCP tools are denied with a message that tells the model to
//                  finish planning and call ExitPlanMode; ExitPlanMode asks the user to approve the plan.
//                  Plan mode is checked right after deny rules, so an allow rule cannot lift it.
//  - bypassPermissions: nothing asks, except explicit ask rules (the user wrote them on purpose); deny rules still
//                  apply. Refused for root unless explicitly allowed (checkBypassAllowed), and whenever a settings
//                  file says `"disableBypassPermissionsMode": "disable"` (it then decides as default).
//  - dontAsk:      never asks: whatever default mode would ask is denied (allow rules and in-workspace reads still
//                  go through). For unattended runs that must not block on a question and must not widen either.
// Claude Code's `auto` mode has no equivalent here; it is read as default, with a notice (settings/permission-mode.ts
// for the command line, settings/read-file.ts for a settings file).
import type { PermissionMode, RuleDecision } from './types';
import type { ToolKind } from '../tools/types';

export const PLAN_MODE_MESSAGE =
  'tandem is in plan mode, which is read-only: do not edit files or run commands yet. Finish researching, then ' +
  'call ExitPlanMode with your plan and wait for the user to approve it.';

export function isPermissionMode(value: unknown): value is PermissionMode {
  return value === 'default' || value === 'acceptEdits' || value === 'plan' || value === 'bypassPermissions' || value === 'dontAsk';
}

/** dontAsk: an `ask` becomes a denial that says why and how to allow it; other decisions pass unchanged. */
export function dontAskDecision(decision: RuleDecision): RuleDecision {
  if (decision.behavior !== 'ask') return decision;
  return {
    behavior: 'deny',
    reason: `${decision.reason}; dontAsk mode denies what would ask (add an allow rule, or change the mode with /mode)`,
    ...(decision.rule !== undefined ? { rule: decision.rule } : {}),
  };
}

/** Plan mode's verdict, or null when plan mode has nothing to say about this tool. */
export function planModeDecision(toolName: string, kind: ToolKind): RuleDecision | null {
  if (toolName === 'ExitPlanMode') return { behavior: 'ask', reason: 'the agent has finished planning: approve the plan to leave plan mode' };
  if (kind === 'edit' || kind === 'execute' || kind === 'mcp') return { behavior: 'deny', reason: PLAN_MODE_MESSAGE };
  return null;
}

export interface ModeFacts {
  toolName: string;
  kind: ToolKind;
  mode: PermissionMode;
  /** Every path the call touches is inside the workspace (true when it touches none). */
  inside: boolean;
  /** acceptEdits: the Bash line is only simple filesystem commands inside the workspace. */
  simpleFsCommand: boolean;
}

/** The mode's decision when no rule matched. */
export function modeDecision(f: ModeFacts): RuleDecision {
  const where = f.inside ? '' : ' outside the project';
  switch (f.kind) {
    case 'read':
      return f.inside
        ? { behavior: 'allow', reason: 'reading inside the project is allowed' }
        : { behavior: 'ask', reason: `${f.toolName} reads a path outside the project and its additional directories` };
    case 'edit':
      if (f.mode === 'acceptEdits' && f.inside) return { behavior: 'allow', reason: 'acceptEdits mode accepts edits inside the project' };
      return { behavior: 'ask', reason: `${f.toolName} changes a file${where} (${f.mode} mode asks before edits${f.inside ? '' : ' outside the project'})` };
    case 'execute':
      if (f.mode === 'acceptEdits' && f.simpleFsCommand) return { behavior: 'allow', reason: 'acceptEdits mode accepts mkdir/touch/cp/mv inside the project' };
      return { behavior: 'ask', reason: `${f.toolName} runs a command, and no allow rule covers it` };
    case 'web':
      return { behavior: 'ask', reason: `${f.toolName} reaches the network, and no allow rule covers it` };
    case 'plan':
      return { behavior: 'allow', reason: `${f.toolName} only updates the session's plan` };
    case 'agent':
      return { behavior: 'allow', reason: 'starting a subagent is allowed; each of its tool calls is checked' };
    case 'mcp':
      return { behavior: 'ask', reason: `${f.toolName} is an MCP tool, and no allow rule covers it` };
    default: {
      const never: never = f.kind;
      return never;
    }
  }
}

/**
 * bypassPermissions is refused for root: a root shell with no prompts can break the machine.
 * Returns null when allowed, else the message to show.
 */
export function checkBypassAllowed(opts: { allowRootBypass?: boolean; uid?: number } = {}): string | null {
  const uid = opts.uid ?? process.getuid?.();
  if (uid === 0 && !opts.allowRootBypass) {
    return 'bypassPermissions mode is refused when running as root, because nothing would stop a harmful command. ' +
      'Run tandem as a normal user, or pass --dangerously-skip-permissions if you really mean it.';
  }
  return null;
}
