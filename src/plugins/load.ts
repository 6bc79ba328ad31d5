// Finds every plugin tandem can see and decides which are on:
//  1. each --plugin-dir (on for this run: the user named it), id `NAME@inline`;
//  2. $TANDEM_HOME/plugins/* (put there by `tandem plugin install`), id `NAME@local`;
//  3. Claude Code's installed plugins (~/.claude/plugins/installed_plugins.json), id as Claude Code wrote it.
// 2 and 3 are on when the settings' `enabledPlugins` says `"id": true` (the highest file that names the id decides,
// managed files above all). A plugin a repository's settings turned on in a folder the user has not trusted loads
// its commands, agents and skills (text) but not its hooks or MCP servers (code), like the repository's own.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readSettingsFile } from '../settings/read-file';
import type { SettingsLevel } from '../settings/load';
import { readManifest } from './manifest';
import { OutsideRoot, readParts } from './parts';
import { findInKnownMarketplace, readInstalledPlugins } from './installed';
import { emptyComponents, type Plugin, type PluginOrigin } from './types';

export interface LoadPluginsOptions {
  /** --plugin-dir, as given (relative to cwd). */
  pluginDirs: string[];
  /** --plugin-dir-no-mcp: loaded without their MCP servers. */
  pluginDirsWithoutMcp?: string[];
  cwd: string;
  projectRoot: string;
  tandemHome: string;
  homeDir: string;
  /** LoadedSettings.sources: managed first, then lowest precedence first. */
  settingsSources: ReadonlyArray<{ path: string; level: SettingsLevel; loaded: boolean }>;
  trusted: boolean;
}

export interface LoadedPlugins {
  plugins: Plugin[];
  /** For the user: refused plugins, enabled ids nothing provides, values tandem could not read. */
  notices: string[];
  /** Plugins whose MCP servers stay off (--plugin-dir-no-mcp). */
  withoutMcp: Set<string>;
}

interface Decision {
  enabled: boolean;
  file: string;
  level: SettingsLevel;
}

export function tandemPluginsDir(tandemHome: string): string {
  return path.join(tandemHome, 'plugins');
}

/** id -> the deciding file's value. Non-boolean values count as off (an unclear value never turns code on). */
export function enabledPluginDecisions(sources: LoadPluginsOptions['settingsSources'], notices: string[] = []): Map<string, Decision> {
  const decisions = new Map<string, Decision>();
  const ordered = [...sources.filter((s) => s.level !== 'managed'), ...sources.filter((s) => s.level === 'managed')];
  for (const source of ordered) {
    if (!source.loaded) continue;
    const read = readSettingsFile(source.path);
    if (read.kind !== 'ok') continue;
    for (const [id, value] of Object.entries(read.data.enabledPlugins ?? {})) {
      if (typeof value !== 'boolean') notices.push(`${source.path}: enabledPlugins "${id}": expected true or false (got ${JSON.stringify(value)}); the plugin stays off`);
      decisions.set(id, { enabled: value === true, file: source.path, level: source.level });
    }
  }
  return decisions;
}

interface Candidate {
  root: string;
  origin: PluginOrigin;
  /** The id for Claude Code's records (from installed_plugins.json); others are derived from the name. */
  id?: string;
}

function candidates(opts: LoadPluginsOptions, notices: string[], decisions: Map<string, Decision>): Candidate[] {
  const out: Candidate[] = [];
  for (const dir of [...opts.pluginDirs, ...(opts.pluginDirsWithoutMcp ?? [])]) out.push({ root: path.resolve(opts.cwd, dir), origin: 'flag' });
  const own = tandemPluginsDir(opts.tandemHome);
  try {
    for (const e of readdirSync(own, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!e.name.startsWith('.') && (e.isDirectory() || e.isSymbolicLink())) out.push({ root: path.join(own, e.name), origin: 'tandem' });
    }
  } catch {
    // no plugins installed
  }
  const installed = readInstalledPlugins(opts.homeDir, opts.projectRoot);
  notices.push(...installed.problems);
  for (const r of installed.records) out.push({ root: r.installPath, origin: 'claude', id: r.id });
  // An enabled id Claude Code has not installed yet, from a marketplace already checked out here.
  const seen = new Set(installed.records.map((r) => r.id));
  for (const [id, d] of decisions) {
    if (!d.enabled || seen.has(id) || id.endsWith('@inline') || id.endsWith('@local')) continue;
    const dir = findInKnownMarketplace(opts.homeDir, id);
    if (dir) out.push({ root: dir, origin: 'claude', id });
  }
  return out;
}

export function loadPlugins(opts: LoadPluginsOptions): LoadedPlugins {
  const notices: string[] = [];
  const decisions = enabledPluginDecisions(opts.settingsSources, notices);
  const noMcpRoots = new Set((opts.pluginDirsWithoutMcp ?? []).map((d) => path.resolve(opts.cwd, d)));
  const withoutMcp = new Set<string>();
  const plugins: Plugin[] = [];
  const loadedNames = new Map<string, string>();
  for (const cand of candidates(opts, notices, decisions)) {
    const plugin = readCandidate(cand, decisions, opts.trusted);
    if (cand.origin === 'flag' && noMcpRoots.has(cand.root)) withoutMcp.add(plugin.id);
    if (plugin.state === 'enabled') {
      const first = loadedNames.get(plugin.name);
      if (first !== undefined) {
        plugin.state = 'refused';
        plugin.problems.push(`another plugin named "${plugin.name}" is already loaded from ${first}; this copy is not loaded`);
      } else loadedNames.set(plugin.name, plugin.root);
    }
    if (plugin.state !== 'disabled' || cand.origin === 'flag') for (const p of plugin.problems) notices.push(`plugin ${plugin.name} (${plugin.root}): ${p}`);
    const hasCode = plugin.components.hookCount > 0 || plugin.components.mcpSources.length > 0;
    if (plugin.state === 'enabled' && plugin.codeSkipped && hasCode) notices.push(`plugin ${plugin.name}: ${plugin.codeSkipped}`);
    plugins.push(plugin);
  }
  const known = new Set(plugins.map((p) => p.id));
  for (const [id, d] of decisions) {
    if (d.enabled && !known.has(id)) {
      notices.push(`${d.file}: enabledPlugins "${id}" is on, but no installed plugin has that id; install it (tandem plugin install PATH, or Claude Code's /plugin) or remove the entry`);
    }
  }
  return { plugins, notices, withoutMcp };
}

function readCandidate(cand: Candidate, decisions: Map<string, Decision>, trusted: boolean): Plugin {
  const read = readManifest(cand.root);
  const fallbackName = cand.id?.split('@')[0] ?? path.basename(cand.root);
  const name = read.kind === 'ok' ? read.manifest.name : fallbackName;
  const id = cand.id ?? `${name}@${cand.origin === 'flag' ? 'inline' : 'local'}`;
  const decision = cand.origin === 'flag' ? undefined : decisions.get(id);
  const wanted = cand.origin === 'flag' || decision?.enabled === true;
  const plugin: Plugin = {
    id,
    name,
    root: cand.root,
    origin: cand.origin,
    state: wanted ? 'enabled' : 'disabled',
    ...(cand.origin === 'flag' ? { decidedBy: '--plugin-dir' } : decision ? { decidedBy: decision.file } : {}),
    problems: [],
    components: emptyComponents(),
  };
  if (read.kind === 'broken') {
    plugin.problems.push(...read.problems.map((p) => `${p}; the plugin is not loaded`));
    if (wanted) plugin.state = 'refused';
    return plugin;
  }
  if (read.manifest.version !== undefined) plugin.version = read.manifest.version;
  if (read.manifest.description !== undefined) plugin.description = read.manifest.description;
  for (const part of read.manifest.unsupported) plugin.problems.push(`${read.file}: "${part}" is not supported by tandem; ignored (the rest of the plugin loads)`);
  try {
    const parts = readParts(cand.root, read.manifest);
    plugin.components = parts.components;
    plugin.problems.push(...parts.problems);
  } catch (error) {
    if (!(error instanceof OutsideRoot) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const why = error instanceof OutsideRoot ? error.message : `the folder does not exist`;
    plugin.problems.push(`refused: ${why}`);
    plugin.state = wanted ? 'refused' : 'disabled';
    return plugin;
  }
  if (wanted && decision && (decision.level === 'project' || decision.level === 'local') && !trusted) {
    plugin.codeSkipped = `turned on by ${decision.file} and this folder is not trusted: its commands, agents and skills load, its hooks and MCP servers do not run (trust the folder with /trust or \`tandem trust\`)`;
  }
  return plugin;
}
