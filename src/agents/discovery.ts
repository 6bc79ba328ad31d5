// Where agent files live, lowest precedence first, and the markdown files inside those folders.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentSourceKind } from './types';

export interface AgentSourceDir {
  kind: AgentSourceKind;
  dir: string;
  /** A folder the user named (--agents-dir): its absence is an error, not a silent skip. */
  required: boolean;
}

export interface DiscoveryOptions {
  cwd: string;
  tandemHome: string;
  homeDir: string;
  agentsDirs?: string[];
  builtinDir?: string;
}

let builtinCache: string | undefined;

/**
 * The agents/ folder shipped with the package. The code runs bundled from dist/ (one level below the package
 * root) or, in tests, from src/agents/ (two levels below), so both are tried.
 */
export function defaultBuiltinDir(): string {
  if (builtinCache) return builtinCache;
  const candidates = ['../agents/', '../../agents/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  builtinCache = candidates.find((d) => existsSync(join(d, 'general-purpose.md'))) ?? candidates[0]!;
  return builtinCache;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** The folders from the repository root (the nearest one holding .git) down to cwd; just cwd outside a repo. */
export async function projectChain(cwd: string): Promise<string[]> {
  const chain: string[] = [];
  let dir = resolve(cwd);
  for (;;) {
    chain.unshift(dir);
    if (await exists(join(dir, '.git'))) return chain;
    const parent = dirname(dir);
    if (parent === dir) return [resolve(cwd)];
    dir = parent;
  }
}

/**
 * Lowest precedence first: built-in, ~/.claude/agents, $TANDEM_HOME/agents, then per project folder from the
 * repository root down to cwd (.claude/agents, then .tandem/agents), then each --agents-dir in the order given.
 * A folder reached twice (cwd = home) counts once, at its higher place.
 */
export async function agentSourceDirs(opts: DiscoveryOptions): Promise<AgentSourceDir[]> {
  const dirs: AgentSourceDir[] = [
    { kind: 'builtin', dir: resolve(opts.builtinDir ?? defaultBuiltinDir()), required: false },
    { kind: 'user', dir: join(resolve(opts.homeDir), '.claude', 'agents'), required: false },
    { kind: 'user', dir: join(resolve(opts.tandemHome), 'agents'), required: false },
  ];
  for (const level of await projectChain(opts.cwd)) {
    dirs.push({ kind: 'project', dir: join(level, '.claude', 'agents'), required: false });
    dirs.push({ kind: 'project', dir: join(level, '.tandem', 'agents'), required: false });
  }
  for (const d of opts.agentsDirs ?? []) dirs.push({ kind: 'flag', dir: resolve(opts.cwd, d), required: true });
  return dirs.filter((d, i) => !dirs.slice(i + 1).some((later) => later.dir === d.dir));
}

/**
 * Every *.md below dir, sorted so results do not depend on the file system's order. Symlinks are followed;
 * dot-folders (.git) and node_modules are skipped. Throws ENOENT/ENOTDIR when dir itself is missing.
 */
export async function listMarkdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (e): Promise<string[]> => {
      const p = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const s = await stat(p).catch(() => undefined);
        isDir = s?.isDirectory() ?? false;
        isFile = s?.isFile() ?? false;
      }
      if (isDir) return e.name.startsWith('.') || e.name === 'node_modules' ? [] : listMarkdownFiles(p).catch(() => []);
      return isFile && e.name.toLowerCase().endsWith('.md') ? [p] : [];
    }),
  );
  return nested.flat().sort();
}
