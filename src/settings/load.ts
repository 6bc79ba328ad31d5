// Reads every settings file and merges them. Managed files (an administrator's) are listed first and win; then
// user, project and local files, lowest precedence first. Lists merge (union) across files; single values: the
// higher file wins, and a managed file's value beats them all.
// One bad value costs only that value (read-file.ts reports it with file, line and key). Only a file that cannot
// be read at all, or is not JSON, is left out; the caller decides what that means (headless refuses to start).
import { mergeSandboxBlocks } from '../sandbox/settings';
import path from 'node:path';
import type { PermissionMode } from '../permissions/types';
import type { RuleBehavior, RuleEntry } from '../permissions/policy';
import { managedSettingsPaths } from './managed';
import { readSettingsFile, type RuleText, type SettingsFileData, type SettingsProblem } from './read-file';
import type { HookEventName, HooksConfig } from './schema';

export { readSettingsFile, type SettingsProblem } from './read-file';

export type SettingsLevel = 'managed' | 'user' | 'project' | 'local';

export interface SettingsSource {
  path: string;
  level: SettingsLevel;
  /** False when the file is missing or could not be read as JSON. */
  loaded: boolean;
  /** What became of the file: `warnings` means loaded, with values left out (see LoadedSettings.problems). */
  status: 'loaded' | 'missing' | 'warnings' | 'error';
}

/** A file that could not be used at all (unreadable, not JSON, not an object). */
export type SettingsError = SettingsProblem;

/** Where a single value came from: `file:line`, or the file. */
export type ValueSource = string;

export interface HookSource {
  event: HookEventName;
  matcher?: string;
  command: string;
  source: string;
  line?: number;
}

export interface MergedSettings {
  permissions: {
    allow: RuleEntry[];
    ask: RuleEntry[];
    deny: RuleEntry[];
    defaultMode?: PermissionMode;
    defaultModeSource?: ValueSource;
    /** The level of the file the mode came from (a repository's shared file may not turn on bypassPermissions). */
    defaultModeLevel?: SettingsLevel;
    /** Absolute paths. */
    additionalDirectories: string[];
    /** Set by `"disableBypassPermissionsMode": "disable"`: the file that said so. */
    bypassDisabledBy?: ValueSource;
  };
  model?: string;
  fallbackModel?: string;
  modelAliases: Record<string, string>;
  env: Record<string, string>;
  /** Matchers of every file, concatenated per event. */
  hooks: HooksConfig;
  /** Each hook command kept, with its file and line (for doctor). */
  hookSources: HookSource[];
  mcpServers: Record<string, unknown>;
  pricing: Record<string, unknown>;
  compactThreshold?: number;
  // Claude Code settings tandem keeps for features that read them; typed loosely, validated by their users.
  sandbox?: unknown;
  /** The file whose `sandbox.enabled` decided (the last one that set it), for /doctor. */
  sandboxEnabledSource?: ValueSource;
  enabledPlugins: Record<string, unknown>;
  enableAllProjectMcpServers?: boolean;
  enabledMcpjsonServers: string[];
  disabledMcpjsonServers: string[];
  disableAllHooks?: boolean;
  /** The file whose `disableAllHooks: true` is in force. */
  disableAllHooksSource?: ValueSource;
}

export interface LoadSettingsOptions {
  cwd: string;
  projectRoot: string;
  tandemHome: string;
  homeDir: string;
  /** Managed settings files; default: managedSettingsPaths(process.env). */
  managedPaths?: string[];
  /** `--settings`: read last, so above every other file; user level (the caller chose it, not a repository). */
  extraFiles?: string[];
  /**
   * `--setting-sources`: the file levels to read (undefined: all). Managed files and `--settings` are read whatever
   * it says: an administrator's policy is not the user's to switch off, and `--settings` was asked for by name.
   */
  levels?: readonly FileSettingsLevel[];
}

/** The levels `--setting-sources` chooses among (Claude Code's names). */
export type FileSettingsLevel = Exclude<SettingsLevel, 'managed'>;

export interface LoadedSettings {
  settings: MergedSettings;
  /** Every file looked at, managed first, then lowest precedence first. */
  sources: SettingsSource[];
  /** Files left out entirely. */
  errors: SettingsError[];
  /** One line per problem (values left out or read differently), each naming file, line and key. */
  warnings: string[];
  /** The same problems, structured. */
  problems: SettingsProblem[];
}

/** The files, managed first, then lowest precedence first. Claude Code's file sits just below tandem's at each level. */
export function settingsPaths(opts: LoadSettingsOptions): Array<{ path: string; level: SettingsLevel }> {
  const files: Array<{ path: string; level: SettingsLevel }> = [
    ...(opts.managedPaths ?? managedSettingsPaths()).map((p) => ({ path: p, level: 'managed' as const })),
    { path: path.join(opts.homeDir, '.claude', 'settings.json'), level: 'user' },
    { path: path.join(opts.tandemHome, 'settings.json'), level: 'user' },
    { path: path.join(opts.projectRoot, '.claude', 'settings.json'), level: 'project' },
    { path: path.join(opts.projectRoot, '.tandem', 'settings.json'), level: 'project' },
    { path: path.join(opts.projectRoot, '.claude', 'settings.local.json'), level: 'local' },
    { path: path.join(opts.projectRoot, '.tandem', 'settings.local.json'), level: 'local' },
  ];
  const levels = opts.levels;
  const chosen = levels ? files.filter((f) => f.level === 'managed' || levels.includes(f.level)) : files;
  return [...chosen, ...(opts.extraFiles ?? []).map((p) => ({ path: p, level: 'user' as const }))];
}

export function emptySettings(): MergedSettings {
  return {
    permissions: { allow: [], ask: [], deny: [], additionalDirectories: [] },
    modelAliases: {},
    env: {},
    hooks: {},
    hookSources: [],
    mcpServers: {},
    pricing: {},
    enabledPlugins: {},
    enabledMcpjsonServers: [],
    disabledMcpjsonServers: [],
  };
}

export function loadSettings(opts: LoadSettingsOptions): LoadedSettings {
  const sources: SettingsSource[] = [];
  const errors: SettingsError[] = [];
  const problems: SettingsProblem[] = [];
  const seen = new Set<string>();
  const read: SettingsFileEntry[] = [];
  for (const { path: file, level } of settingsPaths(opts)) {
    // TANDEM_HOME may point at ~/.claude: read each file once.
    if (seen.has(path.resolve(file))) continue;
    seen.add(path.resolve(file));
    const result = readSettingsFile(file);
    switch (result.kind) {
      case 'missing':
        sources.push({ path: file, level, loaded: false, status: 'missing' });
        break;
      case 'error':
        errors.push(result.error);
        sources.push({ path: file, level, loaded: false, status: 'error' });
        break;
      case 'ok':
        problems.push(...result.problems);
        sources.push({ path: file, level, loaded: true, status: result.problems.length > 0 ? 'warnings' : 'loaded' });
        read.push({ data: result.data, file, level });
        break;
      default: {
        const never: never = result;
        void never;
      }
    }
  }
  const settings = mergeSettingsFiles(read, opts, problems);
  return { settings, sources, errors, warnings: problems.map((p) => p.message), problems };
}

/** One file's content with where it came from, as the merge takes it. */
export interface SettingsFileEntry {
  data: SettingsFileData;
  file: string;
  level: SettingsLevel;
}

/**
 * Merges files given lowest precedence first. Managed files are merged last, so that their single values win;
 * their rules go first in each list. The folder-trust gate merges a narrowed copy of the same files through here.
 */
export function mergeSettingsFiles(files: readonly SettingsFileEntry[], opts: Pick<LoadSettingsOptions, 'projectRoot' | 'homeDir'>, problems: SettingsProblem[] = []): MergedSettings {
  const settings = emptySettings();
  for (const { data, file, level } of files) if (level !== 'managed') mergeInto(settings, data, file, level, opts);
  const managed = files.filter((f) => f.level === 'managed');
  for (const { data, file } of managed) mergeInto(settings, data, file, 'managed', opts);
  const restrictedBy = managed.find((m) => m.data.allowManagedPermissionRulesOnly)?.file;
  if (restrictedBy) {
    // Only managed allow rules count; deny and ask rules from any file stay (they can only narrow).
    const managedFiles = new Set(managed.map((m) => m.file));
    const dropped = settings.permissions.allow.filter((r) => !managedFiles.has(r.source));
    settings.permissions.allow = settings.permissions.allow.filter((r) => managedFiles.has(r.source));
    for (const r of dropped) {
      problems.push({ path: r.source, ...(r.line !== undefined ? { line: r.line } : {}), key: 'permissions.allow', message: `${r.source}${r.line !== undefined ? `:${r.line}` : ''}: allow rule ${r.rule} is not used: ${restrictedBy} allows only managed permission rules (allowManagedPermissionRulesOnly)` });
    }
  }
  return settings;
}

function mergeInto(target: MergedSettings, file: SettingsFileData, source: string, level: SettingsLevel, opts: Pick<LoadSettingsOptions, 'projectRoot' | 'homeDir'>): void {
  const managed = level === 'managed';
  const p = file.permissions;
  for (const behavior of ['allow', 'ask', 'deny'] as const) {
    const entries = p[behavior].map((r) => ruleEntry(r, behavior, source));
    const list = target.permissions[behavior];
    if (managed) {
      // A managed rule is listed first and under its managed source, even when another file has the same rule.
      target.permissions[behavior] = [...entries, ...list.filter((r) => !entries.some((e) => e.rule === r.rule))];
      target.permissions[behavior] = dedupe(target.permissions[behavior]);
    } else {
      for (const entry of entries) if (!list.some((r) => r.rule === entry.rule)) list.push(entry);
    }
  }
  if (p.defaultMode) {
    target.permissions.defaultMode = p.defaultMode.mode;
    target.permissions.defaultModeSource = p.defaultMode.line === undefined ? source : `${source}:${p.defaultMode.line}`;
    target.permissions.defaultModeLevel = level;
  }
  if (p.disableBypassPermissionsMode) target.permissions.bypassDisabledBy ??= source;
  for (const dir of p.additionalDirectories) {
    const abs = dir.startsWith('~/') || dir === '~' ? path.join(opts.homeDir, dir.slice(2)) : path.resolve(opts.projectRoot, dir);
    if (!target.permissions.additionalDirectories.includes(abs)) target.permissions.additionalDirectories.push(abs);
  }
  if (file.model !== undefined) target.model = file.model;
  if (file.fallbackModel !== undefined) target.fallbackModel = file.fallbackModel;
  if (file.compactThreshold !== undefined) target.compactThreshold = file.compactThreshold;
  Object.assign(target.modelAliases, file.modelAliases);
  Object.assign(target.env, file.env);
  Object.assign(target.mcpServers, file.mcpServers);
  Object.assign(target.pricing, file.pricing);
  Object.assign(target.enabledPlugins, file.enabledPlugins ?? {});
  // Merged key by key, lists joined: a project turning the sandbox on keeps the user's domains and deny-read paths.
  if (file.sandbox !== undefined) target.sandbox = mergeSandboxBlocks(target.sandbox, file.sandbox);
  if (typeof file.sandbox === 'object' && file.sandbox !== null && 'enabled' in file.sandbox) target.sandboxEnabledSource = source;
  if (file.enableAllProjectMcpServers !== undefined) target.enableAllProjectMcpServers = file.enableAllProjectMcpServers;
  mergeDisableAllHooks(target, file.disableAllHooks, source, level);
  for (const name of file.enabledMcpjsonServers ?? []) if (!target.enabledMcpjsonServers.includes(name)) target.enabledMcpjsonServers.push(name);
  for (const name of file.disabledMcpjsonServers ?? []) if (!target.disabledMcpjsonServers.includes(name)) target.disabledMcpjsonServers.push(name);
  for (const [event, matchers] of Object.entries(file.hooks)) {
    const key = event as HookEventName;
    target.hooks[key] = [...(target.hooks[key] ?? []), ...(matchers ?? [])];
  }
  for (const hook of file.hookLines) target.hookSources.push({ ...hook, source });
}

/**
 * Hooks may be switched off by any file but switched back on only by the user's own: a managed `true` stands, and
 * a repository's `false` (project or local file) never undoes a `true` from the user or an administrator.
 */
function mergeDisableAllHooks(target: MergedSettings, value: boolean | undefined, source: string, level: SettingsLevel): void {
  if (value === undefined) return;
  if (value) {
    if (!target.disableAllHooks || level === 'managed') {
      target.disableAllHooks = true;
      target.disableAllHooksSource ??= source;
      if (level === 'managed') target.disableAllHooksSource = source;
    }
    return;
  }
  if (level !== 'user') return;
  target.disableAllHooks = false;
  delete target.disableAllHooksSource;
}

function ruleEntry(r: RuleText, behavior: RuleBehavior, source: string): RuleEntry {
  return { rule: r.rule, behavior, source, ...(r.line !== undefined ? { line: r.line } : {}) };
}

function dedupe(entries: RuleEntry[]): RuleEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => (seen.has(e.rule) ? false : (seen.add(e.rule), true)));
}

/**
 * The sources as the MCP config reads them: a managed file counts as the user's own (its servers need no project
 * approval), files that were not loaded are left out by the reader.
 */
export function mcpSettingsSources(sources: readonly SettingsSource[]): Array<{ path: string; level: 'user' | 'project' | 'local'; loaded: boolean }> {
  return sources.map((s) => ({ path: s.path, level: s.level === 'managed' ? 'user' : s.level, loaded: s.loaded }));
}
