// Path resolution and gitignore-style path rules (`Edit(src/**)`, `Read(./.env)`, `Read(~/secrets/**)`,
// `Edit(//etc/**)`).
//
// Semantics, decided here:
//  - `//abs/path`  an absolute path.
//  - `~/x`         under the user's home directory.
//  - `/x`, `./x`, `x/y`  relative to the project root (the root is stable; the shell's cwd moves with `cd`).
//  - `x` (no slash at all, e.g. `.env`, `*.pem`) matches that name at any depth below the project root, as in
//    .gitignore.
//  - A pattern that matches a directory covers everything inside it (`Read(secrets)` covers `secrets/key`).
//  - Globs are picomatch globs with dotfiles included (`**` crosses directories, `*` does not).
// Paths are resolved (`~`, `..`, symlinks of the longest existing ancestor) before matching. Deny and ask rules
// match if either the path as written or its real path matches; allow rules need the real path to match.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';

export interface ResolvedPath {
  /** Absolute, normalised, `~` expanded, symlinks not followed. */
  lexical: string;
  /** With symlinks resolved as far as the path exists. */
  real: string;
}

export function expandHome(p: string, homeDir = os.homedir()): string {
  if (p === '~') return homeDir;
  if (p.startsWith('~/')) return path.join(homeDir, p.slice(2));
  return p;
}

/** Follows symlinks for the part of the path that exists; the rest is appended as written. */
export function realPathOf(abs: string): string {
  let current = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = fs.realpathSync.native(current);
      return rest.length ? path.join(real, ...rest.reverse()) : real;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return abs;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

export function resolvePath(p: string, cwd: string, homeDir = os.homedir()): ResolvedPath {
  const lexical = path.resolve(cwd, expandHome(p, homeDir));
  return { lexical, real: realPathOf(lexical) };
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Inside the project root or one of the additional directories, judged on the real path. */
export function insideWorkspace(p: ResolvedPath, roots: string[]): boolean {
  return roots.some((root) => isInside(p.real, realPathOf(path.resolve(root))));
}

export interface PathPattern {
  /** Absolute directory the pattern is relative to. */
  base: string;
  /** Glob relative to base (no leading slash). */
  glob: string;
  /** No slash in the pattern: matches the name at any depth. */
  anyDepth: boolean;
}

export function parsePathPattern(spec: string, projectRoot: string, homeDir = os.homedir()): PathPattern {
  let s = spec.trim();
  let base = projectRoot;
  if (s.startsWith('//')) {
    base = '/';
    s = s.slice(2);
  } else if (s === '~' || s.startsWith('~/')) {
    base = homeDir;
    s = s.slice(2);
  } else if (s.startsWith('/')) {
    s = s.slice(1);
  } else if (s.startsWith('./')) {
    s = s.slice(2);
  } else if (!s.replace(/\/+$/, '').includes('/')) {
    return { base, glob: s.replace(/\/+$/, ''), anyDepth: true };
  }
  s = s.replace(/\/+$/, '');
  return { base, glob: s === '' ? '**' : s, anyDepth: false };
}

function matchesRelative(pattern: PathPattern, rel: string): boolean {
  if (rel === '' ) return pattern.glob === '**';
  const isMatch = picomatch(pattern.glob, { dot: true });
  const parts = rel.split('/');
  // The path itself or any of its ancestors (a matched directory covers its contents).
  for (let n = parts.length; n >= 1; n--) {
    if (pattern.anyDepth) {
      if (isMatch(parts[n - 1]!)) return true;
    } else if (isMatch(parts.slice(0, n).join('/'))) {
      return true;
    }
  }
  return false;
}

function matchesAgainst(pattern: PathPattern, absPath: string, base: string): boolean {
  const rel = path.relative(base, absPath).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  return matchesRelative(pattern, rel);
}

/** `which`: 'any' for deny/ask rules (as written or real), 'real' for allow rules. */
export function pathMatches(pattern: PathPattern, p: ResolvedPath, which: 'any' | 'real'): boolean {
  const realBase = realPathOf(pattern.base);
  const real = matchesAgainst(pattern, p.real, realBase);
  if (which === 'real') return real;
  return real || matchesAgainst(pattern, p.lexical, path.resolve(pattern.base));
}
