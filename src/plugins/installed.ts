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
