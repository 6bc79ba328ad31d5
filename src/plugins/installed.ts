// Plugins Claude Code installed: ~/.claude/plugins/installed_plugins.json maps `name@marketplace` to where the plugin
// was put. Version 1 holds one record per id; version 2 a list of records, each with a scope, and project-scoped
// records carry the project they belong to. tandem reads the file and never writes it.
import fs from 'node:fs';
import path from 'node:path';

export interface InstalledRecord {
  id: string;
  installPath: string;
  version?: string;
}

export function claudePluginsDir(homeDir: string): string {
  return path.join(homeDir, '.claude', 'plugins');
}

/** The records that apply in `projectRoot` (user-scoped ones, and project-scoped ones of this project). */
export function readInstalledPlugins(homeDir: string, projectRoot: string): { records: InstalledRecord[]; problems: string[] } {
  const file = path.join(claudePluginsDir(homeDir), 'installed_plugins.json');
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], problems: [] };
    return { records: [], problems: [`${file}: cannot read (${(error as Error).message}); Claude Code's installed plugins are not loaded`] };
  }
  const plugins = json && typeof json === 'object' ? (json as Record<string, unknown>).plugins : undefined;
  if (!plugins || typeof plugins !== 'object' || Array.isArray(plugins)) return { records: [], problems: [`${file}: no "plugins" object; Claude Code's installed plugins are not loaded`] };
  const records: InstalledRecord[] = [];
  const problems: string[] = [];
  for (const [id, value] of Object.entries(plugins as Record<string, unknown>)) {
    const entries = Array.isArray(value) ? value : [value];
    const usable = entries.filter((e): e is Record<string, unknown> => Boolean(e) && typeof e === 'object' && typeof (e as Record<string, unknown>).installPath === 'string');
    if (usable.length === 0) {
      problems.push(`${file}: plugin "${id}" has no "installPath"; skipped`);
      continue;
    }
    const here = usable.filter((e) => {
      const scope = e.scope;
      if (scope !== 'project' && scope !== 'local') return true;
      return typeof e.projectPath === 'string' && path.resolve(e.projectPath) === path.resolve(projectRoot);
    });
    // A project's own record wins over the user's (it is the more specific install).
    const chosen = here.find((e) => e.scope === 'project' || e.scope === 'local') ?? here[0];
    if (!chosen) continue;
    records.push({ id, installPath: path.resolve(claudePluginsDir(homeDir), chosen.installPath as string), ...(typeof chosen.version === 'string' ? { version: chosen.version } : {}) });
  }
  return { records, problems };
}

/**
 * A plugin Claude Code has not copied into its cache but whose marketplace is checked out on this machine
 * (known_marketplaces.json: name -> installLocation): its folder inside the checkout, when marketplace.json lists it
 * with a relative `source`. Remote sources (git, url, npm) are not fetched: undefined.
 */
export function findInKnownMarketplace(homeDir: string, id: string): string | undefined {
  const at = id.lastIndexOf('@');
  if (at <= 0) return undefined;
  const name = id.slice(0, at);
  const marketplace = id.slice(at + 1);
  const known = readJson(path.join(claudePluginsDir(homeDir), 'known_marketplaces.json'));
  const entry = known && typeof known === 'object' ? (known as Record<string, unknown>)[marketplace] : undefined;
  const location = entry && typeof entry === 'object' ? (entry as Record<string, unknown>).installLocation : undefined;
  if (typeof location !== 'string') return undefined;
  const checkout = path.resolve(claudePluginsDir(homeDir), location);
  const listing = readJson(path.join(checkout, '.claude-plugin', 'marketplace.json'));
  if (!listing || typeof listing !== 'object') return undefined;
  const data = listing as Record<string, unknown>;
  const plugins = Array.isArray(data.plugins) ? data.plugins : [];
  const item = plugins.find((p): p is Record<string, unknown> => Boolean(p) && typeof p === 'object' && (p as Record<string, unknown>).name === name);
  if (!item || typeof item.source !== 'string') return undefined;
  const metadata = data.metadata && typeof data.metadata === 'object' ? (data.metadata as Record<string, unknown>) : {};
  const base = typeof metadata.pluginRoot === 'string' && !item.source.startsWith('./') ? path.resolve(checkout, metadata.pluginRoot) : checkout;
  const dir = path.resolve(base, item.source);
  // The listing is the marketplace's text: a source that climbs out of the checkout is not followed.
  try {
    const realCheckout = fs.realpathSync(checkout);
    const realDir = fs.realpathSync(dir);
    const rel = path.relative(realCheckout, realDir);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  } catch {
    return undefined;
  }
  return dir;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
