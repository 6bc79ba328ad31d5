// Folder trust, the one gate between a repository's files and code that runs. A folder nobody said yes to can
// still be worked in, but nothing it ships may run or widen what tandem may do:
//  - skipped: hooks, `env` (PATH, BASH_ENV, NODE_OPTIONS or ANTHROPIC_BASE_URL would be code or a key leak),
//    `allow` rules, `additionalDirectories`, a `defaultMode` wider than default, MCP servers (.mcp.json and
//    `mcpServers` in project settings, a committed settings.local.json included);
//  - kept: `deny` and `ask` rules and a stricter `defaultMode` (they only narrow), model choices.
// User-level files (~/.claude, $TANDEM_HOME) are never filtered. Project files are those of level project/local.
import path from 'node:path';
import type { RuleEntry } from '../permissions/policy';
import { atLeastAsStrict } from '../permissions/mode-order';
import type { PermissionMode } from '../permissions/types';
import type { LoadedSettings, MergedSettings, SettingsFileEntry, SettingsLevel } from '../settings/load';
import { mergeSettingsFiles, readSettingsFile } from '../settings/load';
import type { SettingsFileData } from '../settings/read-file';
import { readProjectMcpFile } from '../mcp/config';
import { TrustStore } from './store';

/** What a project ships that would run or widen permissions once trusted. */
export interface ProjectContent {
  hooks: Array<{ event: string; command: string; file: string }>;
  mcpServers: Array<{ name: string; file: string }>;
  allowRules: RuleEntry[];
  env: Array<{ key: string; file: string }>;
  additionalDirectories: Array<{ dir: string; file: string }>;
  /** A defaultMode wider than default (acceptEdits, bypassPermissions, or one tandem does not know). */
  widerMode?: { mode: string; file: string };
  /** Settings keys the gate does not know to be harmless (statusLine, apiKeyHelper... once tandem reads them). */
  other: Array<{ key: string; file: string }>;
}

/**
 * Settings keys whose handling the gate knows. The first group is filtered above; the second cannot run anything
 * or widen a permission, so a project's value is kept. Any other key (added to the settings later: a status-line
 * command, an API key helper) comes from the user's own files only: unknown means untrusted.
 */
const FILTERED_KEYS = new Set(['permissions', 'env', 'hooks', 'hookLines', 'mcpServers']);
const HARMLESS_KEYS = new Set(['model', 'fallbackModel', 'modelAliases', 'pricing', 'compactThreshold', 'disableAllHooks', 'disabledMcpjsonServers', 'allowManagedPermissionRulesOnly']);

export interface FolderTrust {
  trusted: boolean;
  /** The settings to build the session from: everything when trusted, the narrowing part of the project when not. */
  settings: MergedSettings;
  /** What untrusted mode left out (empty lists when trusted). */
  skipped: ProjectContent;
}

export interface TrustDecisionInput {
  projectRoot: string;
  tandemHome: string;
  /** --trust for this run only. */
  trustFlag?: boolean;
  /** The answer the interactive dialog got, when it asked. */
  answered?: boolean;
}

/** Trusted when the user said so now (dialog, --trust) or once before (remembered in $TANDEM_HOME). */
export function isFolderTrusted(input: TrustDecisionInput): boolean {
  if (input.answered !== undefined) return input.answered;
  if (input.trustFlag) return true;
  return TrustStore.forHome(input.tandemHome).isTrusted(input.projectRoot);
}

function isProjectLevel(level: SettingsLevel): boolean {
  return level === 'project' || level === 'local';
}

function emptyContent(): ProjectContent {
  return { hooks: [], mcpServers: [], allowRules: [], env: [], additionalDirectories: [], other: [] };
}

/** Each loaded settings file with its level and parsed content (the loader merged them; the gate needs them apart). */
function readSources(loaded: LoadedSettings): SettingsFileEntry[] {
  const out: SettingsFileEntry[] = [];
  for (const source of loaded.sources) {
    if (!source.loaded) continue;
    const result = readSettingsFile(source.path);
    if (result.kind === 'ok') out.push({ file: source.path, level: source.level, data: result.data });
  }
  return out;
}

/** A key of a settings file that says something (an empty list or object says nothing). */
function isSet(value: unknown): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return true;
}

/** The part of a project file that can only narrow: deny and ask rules, a mode at least as strict as default. */
function narrowingPart(data: SettingsFileData): SettingsFileData {
  const mode = data.permissions.defaultMode;
  const narrowed: SettingsFileData = {
    permissions: {
      allow: [],
      ask: data.permissions.ask,
      deny: data.permissions.deny,
      additionalDirectories: [],
      ...(mode !== undefined && atLeastAsStrict(mode.mode, 'default') ? { defaultMode: mode } : {}),
      ...(data.permissions.disableBypassPermissionsMode ? { disableBypassPermissionsMode: true } : {}),
    },
    modelAliases: data.modelAliases,
    env: {},
    hooks: {},
    hookLines: [],
    mcpServers: {},
    pricing: data.pricing,
  };
  const loose = narrowed as unknown as Record<string, unknown>;
  for (const key of HARMLESS_KEYS) {
    const value = (data as unknown as Record<string, unknown>)[key];
    if (value !== undefined) loose[key] = value;
  }
  return narrowed;
}

/** Everything the project would run or widen: for the trust dialog, and for what an untrusted session says it skipped. */
export function projectContent(loaded: LoadedSettings, projectRoot: string): ProjectContent {
  const content = emptyContent();
  const levelOf = new Map(loaded.sources.map((s) => [s.path, s.level] as const));
  for (const { file, level, data } of readSources(loaded)) {
    if (!isProjectLevel(level)) continue;
    for (const [event, matchers] of Object.entries(data.hooks)) {
      for (const matcher of matchers ?? []) for (const hook of matcher.hooks) content.hooks.push({ event, command: hook.command, file });
    }
    for (const name of Object.keys(data.mcpServers)) content.mcpServers.push({ name, file });
    for (const key of Object.keys(data.env)) content.env.push({ key, file });
    for (const dir of data.permissions.additionalDirectories) content.additionalDirectories.push({ dir, file });
    const mode = data.permissions.defaultMode?.mode;
    if (mode !== undefined && !atLeastAsStrict(mode, 'default')) content.widerMode = { mode, file };
    for (const [key, value] of Object.entries(data)) if (!FILTERED_KEYS.has(key) && !HARMLESS_KEYS.has(key) && isSet(value)) content.other.push({ key, file });
  }
  const mcpFile = readProjectMcpFile(projectRoot);
  if (mcpFile.source && mcpFile.source.servers && typeof mcpFile.source.servers === 'object') {
    for (const name of Object.keys(mcpFile.source.servers as Record<string, unknown>)) content.mcpServers.push({ name, file: mcpFile.source.file });
  }
  content.allowRules = loaded.settings.permissions.allow.filter((rule) => {
    const level = levelOf.get(rule.source);
    // A rule whose file the gate cannot place is treated as the project's: it is left out, never let in.
    return level === undefined || isProjectLevel(level);
  });
  return content;
}

export function isEmptyContent(c: ProjectContent): boolean {
  return c.hooks.length + c.mcpServers.length + c.allowRules.length + c.env.length + c.additionalDirectories.length + c.other.length === 0 && !c.widerMode;
}

/**
 * The settings a session may use in this folder. Trusted: the loader's merge as is. Untrusted: user-level files
 * in full, project files only where they narrow (deny and ask rules, a stricter defaultMode).
 */
export function applyFolderTrust(loaded: LoadedSettings, opts: { trusted: boolean; projectRoot: string; homeDir: string }): FolderTrust {
  if (opts.trusted) return { trusted: true, settings: loaded.settings, skipped: emptyContent() };
  const skipped = projectContent(loaded, opts.projectRoot);
  // The same merge as the loader's, over user and managed files in full and the narrowing part of project files.
  const files = readSources(loaded).map((f) => (isProjectLevel(f.level) ? { ...f, data: narrowingPart(f.data) } : f));
  const settings = mergeSettingsFiles(files, opts);
  return { trusted: false, settings, skipped };
}

/**
 * Said when an allow rule is saved in a folder that is not trusted: it goes to the project's settings.local.json,
 * whose allow rules the gate leaves out until the folder is trusted, so without this the save would do nothing.
 */
export const UNTRUSTED_SAVED_ALLOW_NOTE =
  'this folder is not trusted, so tandem does not use allow rules from its settings files: the rule holds for this session only, and later sessions will ask again. Trust the folder (/trust, or `tandem trust`) to use it';

/** One line per kind of skipped content, for the notice and for headless stderr. */
export function describeSkipped(c: ProjectContent): string[] {
  const lines: string[] = [];
  const files = (items: Array<{ file: string }>) => [...new Set(items.map((i) => i.file))].join(', ');
  if (c.hooks.length > 0) lines.push(`${c.hooks.length} project hook${c.hooks.length === 1 ? '' : 's'} (${[...new Set(c.hooks.map((h) => h.event))].join(', ')}) from ${files(c.hooks)}`);
  if (c.mcpServers.length > 0) lines.push(`MCP server${c.mcpServers.length === 1 ? '' : 's'} ${c.mcpServers.map((s) => `"${s.name}"`).join(', ')} from ${files(c.mcpServers)}`);
  if (c.allowRules.length > 0) lines.push(`allow rule${c.allowRules.length === 1 ? '' : 's'} ${c.allowRules.map((r) => r.rule).join(', ')} from ${files(c.allowRules.map((r) => ({ file: r.source })))}`);
  if (c.env.length > 0) lines.push(`env ${c.env.map((e) => e.key).join(', ')} from ${files(c.env)}`);
  if (c.additionalDirectories.length > 0) lines.push(`additionalDirectories ${c.additionalDirectories.map((d) => d.dir).join(', ')} from ${files(c.additionalDirectories)}`);
  if (c.widerMode) lines.push(`defaultMode "${c.widerMode.mode}" from ${c.widerMode.file}`);
  if (c.other.length > 0) lines.push(`settings ${c.other.map((o) => o.key).join(', ')} from ${files(c.other)}`);
  return lines;
}

/** The message an untrusted session gives (stderr in headless mode, a notice in the shell). */
export function untrustedNotice(projectRoot: string, c: ProjectContent, how: 'headless' | 'interactive'): string | undefined {
  const lines = describeSkipped(c);
  if (lines.length === 0) return undefined;
  const later = how === 'headless' ? 'pass --trust for this run, or run `tandem trust` in this folder to trust it' : 'type /trust (or run `tandem trust`) and restart tandem to use them';
  return `folder ${projectRoot} is not trusted, so tandem skipped: ${lines.join('; ')}. Deny and ask rules still apply. To trust it: ${later}.`;
}
