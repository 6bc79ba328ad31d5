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
// Paths are resolved by resolve-path.ts (the OS's own lookup: symlinks on every existing prefix, `..` after a link,
// every `~` form) before matching. Deny and ask rules match if either the path as written or its real path
// matches; allow rules need the real path to match, and never match a path that cannot be resolved. Where the
// file system folds case, names match without case.
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { caseInsensitiveAt, realPathOf, type ResolvedPath } from './resolve-path';
import { foldName } from './case-fold';

// The resolver lives in resolve-path.ts; these names stay importable from here for existing callers.
export { resolvePath, realPathOf, isInside, insideWorkspace, type ResolvedPath } from './resolve-path';

/** `~` and `~/x` only (kept for callers that want no other tilde form); resolvePath knows them all. */
export function expandHome(p: string, homeDir = os.homedir()): string {
  if (p === '~') return homeDir;
  if (p.startsWith('~/')) return path.join(homeDir, p.slice(2));
  return p;
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

function matchesRelative(pattern: PathPattern, rel: string, nocase: boolean): boolean {
  if (rel === '') return pattern.glob === '**';
  const isMatch = picomatch(nocase ? foldName(pattern.glob) : pattern.glob, { dot: true, nocase });
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

function matchesAgainst(pattern: PathPattern, absPath: string, base: string, nocase: boolean): boolean {
  const fold = (s: string) => (nocase ? foldName(s) : s);
  const rel = path.relative(fold(base), fold(absPath)).split(path.sep).join('/');
  if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return false;
  return matchesRelative(pattern, rel, nocase);
}

/**
 * `which`: 'any' for deny/ask rules (as written or real), 'real' for allow rules. An unresolvable path never
 * matches an allow rule. On a case-insensitive file system names match without case.
 */
export function pathMatches(pattern: PathPattern, p: ResolvedPath, which: 'any' | 'real'): boolean {
  if (which === 'real' && p.unresolvable !== undefined) return false;
  const realBase = realPathOf(pattern.base);
  const nocase = caseInsensitiveAt(p.real);
  const real = matchesAgainst(pattern, p.real, realBase, nocase);
  if (which === 'real') return real;
  return real || matchesAgainst(pattern, p.lexical, path.resolve(pattern.base), nocase || caseInsensitiveAt(p.lexical));
}
