// The one place a path becomes a location: rules, "inside the project", acceptEdits, the tools' own checks and the
// sandbox's write list all ask here, so they cannot disagree.
//
// The walk copies the kernel: components are taken left to right, every existing prefix has its symlink followed
// (readlink chains included, at most MAX_LINKS hops), and `..` steps up from where the prefix really is, so
// `link/../x` lands beside the link's target, not beside the link. A dangling link is judged by its target. The
// first missing component ends the lookups: it and the rest are appended as written. On a case-insensitive folder
// an existing name is replaced by its stored spelling, so `.ENV` and `.env` resolve alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caseInsensitiveAt, foldName, isCaseInsensitiveDir, storedName } from './case-fold';
import { expandTilde } from './tilde';

/** The kernel's limit on symlinks followed in one lookup (Linux: 40). */
const MAX_LINKS = 40;

export interface ResolvedPath {
  /** Absolute, `..` removed as text, `~` expanded, symlinks not followed: the path as written. */
  lexical: string;
  /** Where the OS will resolve it: symlinks followed on every existing prefix, the missing tail appended. */
  real: string;
  /** Set when the location cannot be known (unknown `~user`, `~-`, a symlink loop): the policy asks, never allows. */
  unresolvable?: string;
}

interface Walk {
  real: string;
  loop: boolean;
}

function components(p: string): string[] {
  return p.split('/').filter((c) => c !== '' && c !== '.');
}

/** undefined when the entry cannot be looked up (missing, unreadable folder, name too long): judged as written. */
function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * The kernel's lookup of an absolute path (see the header). A path that exists all the way is asked of the OS
 * itself (realpath(3) resolves `..` after links as the kernel does); the walk below covers missing tails,
 * dangling links, loops and the stored spelling of names on case-insensitive folders.
 */
function walk(abs: string): Walk {
  try {
    const real = fs.realpathSync.native(abs);
    if (!isCaseInsensitiveDir(path.dirname(real))) return { real, loop: false };
  } catch {
    // Missing, dangling, a loop, or unreadable: the walk tells which.
  }
  return walkByComponent(abs);
}

function walkByComponent(abs: string): Walk {
  // Components still to visit, next one last (a stack, so a link's target can be pushed in front of the rest).
  const pending = components(abs).reverse();
  let current = '/';
  let links = 0;
  let missing = false;
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name === '..') {
      current = path.dirname(current);
      // Walking back up may reach folders that exist again (`missing/../link/x`): look them up.
      missing = false;
      continue;
    }
    const next = path.join(current, name);
    if (missing) {
      current = next;
      continue;
    }
    const st = lstatOrUndefined(next);
    if (!st) {
      missing = true;
      current = next;
      continue;
    }
    if (st.isSymbolicLink()) {
      if (++links > MAX_LINKS) {
        return { real: path.join(next, ...pending.reverse()), loop: true };
      }
      let target: string;
      try {
        target = fs.readlinkSync(next);
      } catch {
        missing = true;
        current = next;
        continue;
      }
      if (target.startsWith('/')) current = '/';
      pending.push(...components(target).reverse());
      continue;
    }
    current = path.join(current, storedName(current, name));
    // A file in the middle of a path: the OS fails with ENOTDIR; what follows is judged as written.
    if (!st.isDirectory() && pending.length > 0) missing = true;
  }
  return { real: current, loop: false };
}

/** Real path of an absolute path that may not exist yet (the missing tail appended, see the header). */
export function realPathOf(abs: string): string {
  return walk(path.isAbsolute(abs) ? abs : path.resolve(abs)).real;
}

/** The absolute path as the OS will look it up, joined without collapsing `..` (that would skip symlinks). */
function joinUnnormalised(cwd: string, p: string): string {
  return p.startsWith('/') ? p : `${cwd.replace(/\/+$/, '')}/${p}`;
}

export interface ResolveOptions {
  /** `~-`: the previous working directory, when the caller knows it. */
  oldPwd?: string;
  /** passwd file for `~user` (tests). */
  passwdFile?: string;
}

export function resolvePath(p: string, cwd: string, homeDir = os.homedir(), opts: ResolveOptions = {}): ResolvedPath {
  const tilde = expandTilde(p, { cwd, homeDir, oldPwd: opts.oldPwd, passwdFile: opts.passwdFile });
  const written = tilde.ok ? tilde.path : p;
  const joined = joinUnnormalised(cwd, written);
  const lexical = path.resolve(joined);
  const w = walk(joined);
  const out: ResolvedPath = { lexical, real: w.real };
  if (!tilde.ok) out.unresolvable = tilde.reason;
  else if (w.loop) out.unresolvable = `too many levels of symbolic links in ${p}`;
  return out;
}

/**
 * An absolute path without `.` or `..` that the OS resolves to the same place as `p` would from `cwd`: a `..` is
 * taken after resolving the prefix before it, so `link/../x` becomes `<link's target's parent>/x`. Paths without
 * `..` come back as written (joined and tidied), so tools keep showing the names the user knows.
 */
export function osPathOf(p: string, cwd: string, homeDir = os.homedir()): string {
  const tilde = expandTilde(p, { cwd, homeDir });
  const joined = joinUnnormalised(cwd, tilde.ok ? tilde.path : p);
  let current = '/';
  for (const name of components(joined)) {
    if (name === '..') current = path.dirname(realPathOf(current));
    else current = path.join(current, name);
  }
  return current;
}

/** `child` is `parent` or below it; without case where the parent's folder folds case. */
export function isInside(child: string, parent: string): boolean {
  const fold = caseInsensitiveAt(path.join(parent, 'x'));
  const c = fold ? foldName(child) : child;
  const p = fold ? foldName(parent) : parent;
  const rel = path.relative(p, c);
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !path.isAbsolute(rel));
}

/** Inside the project root or one of the additional directories, judged on the real path. Unresolvable: no. */
export function insideWorkspace(p: ResolvedPath, roots: string[]): boolean {
  if (p.unresolvable !== undefined) return false;
  return roots.some((root) => isInside(p.real, realPathOf(path.resolve(root))));
}

export { isCaseInsensitiveDir, caseInsensitiveAt };
