// The permission mode a session starts in, and where it came from. Precedence: a managed settings file, then the
// command line, then the other settings files. No value can widen what is allowed by being unknown: Claude Code's
// `auto` and anything unreadable in a file mean default; an unknown mode on the command line is an error.
import { isPermissionMode } from '../permissions/modes';
import type { PermissionMode } from '../permissions/types';
import type { MergedSettings } from './load';

export interface ModeChoice {
  mode: PermissionMode;
  /** `--permission-mode`, `--dangerously-skip-permissions`, `file:line`, or `built-in default`. */
  source: string;
  notices: string[];
}

export interface ModeInput {
  cliMode?: string;
  dangerouslySkipPermissions: boolean;
  settings: MergedSettings;
  /** The managed settings files that were loaded. */
  managedFiles: readonly string[];
}

/** Throws an Error with the message to show when the command line asks for what is not allowed. */
export function choosePermissionMode(input: ModeInput): ModeChoice {
  const notices: string[] = [];
  const p = input.settings.permissions;
  const fromManaged = p.defaultModeSource !== undefined && input.managedFiles.some((f) => p.defaultModeSource === f || p.defaultModeSource!.startsWith(`${f}:`));
  let choice: ModeChoice;
  if (fromManaged && p.defaultMode) {
    choice = { mode: p.defaultMode, source: `${p.defaultModeSource} (managed)`, notices };
    if (input.cliMode !== undefined || input.dangerouslySkipPermissions) notices.push(`the permission mode is set by the managed settings ${p.defaultModeSource} (${p.defaultMode}); the command line's mode is not used`);
  } else if (input.dangerouslySkipPermissions) {
    choice = { mode: 'bypassPermissions', source: '--dangerously-skip-permissions', notices };
  } else if (input.cliMode !== undefined) {
    const asked = input.cliMode;
    if (asked === 'auto') {
      notices.push('--permission-mode auto: tandem has no auto mode; it uses default (asks before edits and commands)');
      choice = { mode: 'default', source: '--permission-mode auto (read as default)', notices };
    } else if (isPermissionMode(asked)) {
      choice = { mode: asked, source: '--permission-mode', notices };
    } else {
      throw new Error(`--permission-mode must be default, acceptEdits, plan, dontAsk or bypassPermissions (got "${asked}")`);
    }
  } else if (p.defaultMode === 'bypassPermissions' && p.defaultModeLevel === 'project') {
    // A repository's shared settings file is written by whoever wrote the repository: it may ask for any mode but
    // the one that asks nothing.
    notices.push(`${p.defaultModeSource}: a project's shared settings cannot turn on bypassPermissions (the repository's authors would decide for you); starting in default mode. Put it in .claude/settings.local.json or your user settings, or pass --permission-mode bypassPermissions`);
    choice = { mode: 'default', source: `${p.defaultModeSource} (bypassPermissions from a shared project file is refused)`, notices };
  } else if (p.defaultMode) {
    choice = { mode: p.defaultMode, source: p.defaultModeSource ?? 'settings', notices };
  } else {
    choice = { mode: 'default', source: 'built-in default', notices };
  }
  if (choice.mode === 'bypassPermissions' && p.bypassDisabledBy) {
    const why = `bypassPermissions mode is disabled by ${p.bypassDisabledBy} ("disableBypassPermissionsMode": "disable")`;
    if (choice.source.startsWith('--')) throw new Error(`${why}; run without ${choice.source}, or ask whoever manages that file`);
    notices.push(`${why}: starting in default mode instead`);
    choice = { mode: 'default', source: `${choice.source} (bypassPermissions refused)`, notices };
  }
  return choice;
}
