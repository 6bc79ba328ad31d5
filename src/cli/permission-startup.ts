// The permission checks of start-up, before anything runs (MCP servers, hooks, the model): every rule from files
// and flags is checked (headless refuses a deny or ask rule it cannot read), and the mode is chosen (a refused
// mode stops the run just as early).
import type { RuleEntry } from '../permissions/policy';
import type { LoadedSettings } from '../settings/load';
import { choosePermissionMode, type ModeChoice } from '../settings/permission-mode';
import { blockingRuleIssues, checkRules, type RuleIssue } from '../settings/rule-check';
import type { CliOptions } from './args';
import { StartupError } from './bootstrap-errors';

export interface PermissionStartup {
  modeChoice: ModeChoice;
  ruleIssues: RuleIssue[];
  /** Warnings to show (rule problems, mode notices). */
  warnings: string[];
}

/** Throws StartupError when the run must not start. */
export function checkPermissionsAtStart(cli: CliOptions, settings: LoadedSettings, interactive: boolean): PermissionStartup {
  const p = settings.settings.permissions;
  const ruleIssues = checkRules([...p.allow, ...p.ask, ...p.deny, ...cliRuleEntries(cli)]);
  const blocking = blockingRuleIssues(ruleIssues);
  if (!interactive && blocking.length > 0) {
    throw new StartupError(`a deny or ask rule cannot be read; fix it and run again (tandem will not run without the protection it was meant to give):\n  ${blocking.map((i) => i.message).join('\n  ')}`);
  }
  let modeChoice: ModeChoice;
  try {
    const managedFiles = settings.sources.filter((s) => s.level === 'managed' && s.loaded).map((s) => s.path);
    modeChoice = choosePermissionMode({ cliMode: cli.permissionMode, dangerouslySkipPermissions: cli.dangerouslySkipPermissions, settings: settings.settings, managedFiles });
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  return { modeChoice, ruleIssues, warnings: [...ruleIssues.map((i) => i.message), ...modeChoice.notices] };
}

/** `--allowedTools` / `--disallowedTools` as rule entries. */
function cliRuleEntries(cli: CliOptions): RuleEntry[] {
  return [
    ...cli.allowedTools.map((rule): RuleEntry => ({ rule, behavior: 'allow', source: 'cli' })),
    ...cli.disallowedTools.map((rule): RuleEntry => ({ rule, behavior: 'deny', source: 'cli' })),
  ];
}
