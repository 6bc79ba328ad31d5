// Where a tool's path argument points, and whether that place is inside the project. The permission layer uses
// isOutsideProject too, so both must agree on symlinks and `..`: we compare real paths, never the raw strings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ToolContext } from './types';

/** Absolute, normalised path for a tool argument: `~` is the home folder, relative paths start at ctx.cwd. */
export function resolveToolPath(p: string, ctx: Pick<ToolContext, 'cwd'>): string {
  let raw = p.trim();
  if (raw === '~') raw = os.homedir();
  else if (raw.startsWith('~/') || raw.startsWith('~' + path.sep)) raw = path.join(os.homedir(), raw.slice(2));
  return path.resolve(ctx.cwd, raw);
}

/**
 * Real path of a file that may not exist yet: the deepest existing ancestor is resolved through symlinks and the
 * missing tail is appended, so `link-to-outside/new.txt` is judged by where it would really be written.
 */
export function realPathOfMaybeMissing(absPath: string): string {
  const missing: string[] = [];
  let current = path.resolve(absPath);
  for (;;) {
    try {
      const real = fs.realpathSync.native(current);
      return missing.length ? path.join(real, ...missing.reverse()) : real;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(absPath);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

/** True when absPath (after `..` and symlinks) lies outside the project root and every additional directory. */
export function isOutsideProject(
  absPath: string,
  ctx: Pick<ToolContext, 'projectRoot' | 'additionalDirectories'>,
): boolean {
  const target = realPathOfMaybeMissing(absPath);
  const roots = [ctx.projectRoot, ...ctx.additionalDirectories].map(realPathOfMaybeMissing);
  return !roots.some((root) => isWithin(target, root));
}

/** Short form for summaries: relative to the project root when inside it, else absolute. */
export function displayPath(absPath: string, ctx: Pick<ToolContext, 'projectRoot'>): string {
  const rel = path.relative(ctx.projectRoot, absPath);
  if (rel === '') return '.';
  if (!isWithin(absPath, ctx.projectRoot)) return absPath;
  return rel;
}
