// The parts of one plugin folder: the standard layout (commands/, agents/, skills/, hooks/hooks.json, .mcp.json)
// plus the extra paths plugin.json names. Everything is checked to stay inside the plugin folder first.
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { readRegularTextSync } from '../tools/regular-file';
import { interpretSettings } from '../settings/read-file';
import type { HookEventName, HooksConfig } from '../settings/schema';
import { checkResolved, manifestPath, OutsideRoot } from './contain';
import type { ConfigSpec, Manifest } from './manifest';
import { expandRootInCommand } from './root-var';
import { emptyComponents, type PluginComponents } from './types';

const SKIP_DIRS = new Set(['.git', 'node_modules']);
const MAX_DEPTH = 8;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Regular files only: a FIFO named `x.md` would hang the read that follows. */
function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Every entry below `dir` resolves inside the plugin (a link out anywhere refuses the plugin). `maxDepth` bounds the
 * walk for loading (the loaders read no deeper); install walks the whole tree, each real folder once.
 */
export function checkTree(realRoot: string, root: string, dir: string, maxDepth = MAX_DEPTH, skip: ReadonlySet<string> = SKIP_DIRS, depth = 0, seen = new Set<string>()): void {
  checkResolved(realRoot, dir, path.relative(root, dir) || '.');
  if (depth > maxDepth || !isDir(dir)) return;
  const real = realpathSync(dir);
  if (seen.has(real)) return;
  seen.add(real);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    checkResolved(realRoot, full, path.relative(root, full));
    if (entry.isDirectory() || (entry.isSymbolicLink() && isDir(full))) checkTree(realRoot, root, full, maxDepth, skip, depth + 1, seen);
  }
}

export function markdownBelow(dir: string, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (isDir(full)) {
      if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) out.push(...markdownBelow(full, depth + 1));
    } else if (e.name.toLowerCase().endsWith('.md') && e.name.toLowerCase() !== 'readme.md' && isFile(full)) out.push(full);
  }
  return out;
}

export interface PartsResult {
  components: PluginComponents;
  /** Parts left out (a bad hooks file, a server entry...): the rest of the plugin still loads. */
  problems: string[];
}

/** Throws OutsideRoot when any part reaches outside the plugin folder: the caller refuses the whole plugin. */
export function readParts(root: string, manifest: Manifest): PartsResult {
  const realRoot = realpathSync(root);
  const c = emptyComponents();
  const problems: string[] = [];
  const std = (rel: string) => path.join(root, rel);
  const named = (field: string, list: string[]) => list.map((p, i) => manifestPath(root, p, list.length > 1 ? `${field}[${i}]` : field));

  // Commands: folders of markdown files, or single files.
  for (const p of [std('commands'), ...named('commands', manifest.commands)]) {
    if (!existsSync(p)) continue;
    checkTree(realRoot, root, p);
    if (isDir(p)) c.commandDirs.push(p);
    else if (p.endsWith('.md') && isFile(p)) c.commandFiles.push(p);
  }
  for (const p of [std('agents'), ...named('agents', manifest.agents)]) {
    if (!existsSync(p)) continue;
    checkTree(realRoot, root, p);
    c.agentFiles.push(...(isDir(p) ? markdownBelow(p) : p.endsWith('.md') && isFile(p) ? [p] : []));
  }
  // Skills: a path holding SKILL.md is one skill; any other folder holds skill folders.
  for (const p of [std('skills'), ...named('skills', manifest.skills)]) {
    if (!isDir(p)) continue;
    checkTree(realRoot, root, p);
    if (isFile(path.join(p, 'SKILL.md'))) c.skillDirs.push(p);
    else for (const e of readdirSync(p).sort()) if (isDir(path.join(p, e)) && isFile(path.join(p, e, 'SKILL.md'))) c.skillDirs.push(path.join(p, e));
  }
  c.agentFiles = [...new Set(c.agentFiles)];
  c.skillDirs = [...new Set(c.skillDirs)];

  for (const item of configItems(root, realRoot, std(path.join('hooks', 'hooks.json')), manifest.hooks, 'hooks', problems)) {
    const hooksValue = 'hooks' in item.json && typeof item.json.hooks === 'object' ? item.json.hooks : item.json;
    const read = interpretSettings({ hooks: hooksValue }, item.file);
    if (read.kind === 'error') problems.push(read.error.message);
    if (read.kind !== 'ok') continue;
    for (const p of read.problems) problems.push(p.message.startsWith(item.file) ? p.message : `${item.file}: ${p.message}`);
    c.hookCount += addHooks(c.hooks, read.data.hooks, root);
  }
  for (const item of configItems(root, realRoot, std('.mcp.json'), manifest.mcpServers, 'mcpServers', problems)) {
    const servers = 'mcpServers' in item.json ? item.json.mcpServers : item.json;
    if (!servers || typeof servers !== 'object' || Array.isArray(servers)) {
      problems.push(`${item.file}: "mcpServers" must be an object mapping server names to their settings; skipped`);
      continue;
    }
    const renamed = Object.fromEntries(Object.entries(servers as Record<string, unknown>).map(([name, entry]) => [`plugin_${manifest.name}_${name}`, entry]));
    c.mcpSources.push({ file: item.file, scope: 'user', userOwned: true, servers: renamed });
  }
  return { components: c, problems };
}

/** The JSON objects of a default file (if present) and of the manifest's entries (paths or inline objects). */
function configItems(root: string, realRoot: string, defaultFile: string, spec: ConfigSpec, field: string, problems: string[]): Array<{ file: string; json: Record<string, unknown> }> {
  const out: Array<{ file: string; json: Record<string, unknown> }> = [];
  const files: string[] = existsSync(defaultFile) ? [defaultFile] : [];
  const manifestFile = path.join(root, '.claude-plugin', 'plugin.json');
  spec.forEach((item, i) => {
    const label = spec.length > 1 ? `${field}[${i}]` : field;
    if ('inline' in item) out.push({ file: `${manifestFile} (${label})`, json: item.inline });
    else {
      const full = manifestPath(root, item.file, label);
      if (!files.includes(full)) files.push(full);
    }
  });
  for (const file of files) {
    checkResolved(realRoot, file, path.relative(root, file));
    let text: string;
    try {
      text = readRegularTextSync(file);
    } catch (error) {
      problems.push(`${file}: cannot read (${(error as Error).message}); skipped`);
      continue;
    }
    try {
      const json = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
      if (json && typeof json === 'object' && !Array.isArray(json)) out.push({ file, json: json as Record<string, unknown> });
      else problems.push(`${file}: must hold a JSON object; skipped`);
    } catch (error) {
      problems.push(`${file}: invalid JSON (${(error as Error).message}); skipped`);
    }
  }
  return out;
}

function addHooks(into: HooksConfig, from: HooksConfig, root: string): number {
  let count = 0;
  for (const [event, groups] of Object.entries(from)) {
    const expanded = (groups ?? []).map((g) => ({ ...g, hooks: g.hooks.map((h) => ({ ...h, command: expandRootInCommand(h.command, root) })) }));
    count += expanded.reduce((n, g) => n + g.hooks.length, 0);
    const key = event as HookEventName;
    into[key] = [...(into[key] ?? []), ...expanded];
  }
  return count;
}

export { OutsideRoot };
