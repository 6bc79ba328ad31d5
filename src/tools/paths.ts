// Where a tool's path argument points, and whether that place is inside the project. Both questions are answered
// by the permission layer's resolver (src/permissions/resolve-path.ts), so a tool opens exactly the place the
// policy judged: symlinks on every existing prefix, `..` after a link, every `~` form.
import os from 'node:os';
import path from 'node:path';
import { insideWorkspace, isInside, osPathOf, realPathOf, resolvePath } from '../permissions/resolve-path';
import type { ToolContext } from './types';

/**
 * Absolute path for a tool argument, the one the tool opens: `~` forms expanded, relative paths start at ctx.cwd,
 * and a `..` after a symlink steps up from the link's target, as the OS does.
 */
export function resolveToolPath(p: string, ctx: Pick<ToolContext, 'cwd'>): string {
  return osPathOf(p.trim(), ctx.cwd, os.homedir());
}

/**
 * Real path of a file that may not exist yet: every existing prefix is resolved through symlinks and the missing
 * tail is appended, so `link-to-outside/new.txt` is judged by where it would really be written.
 */
export function realPathOfMaybeMissing(absPath: string): string {
  return realPathOf(path.resolve(absPath));
}

/** True when absPath (after `..` and symlinks) lies outside the project root and every additional directory. */
export function isOutsideProject(
  absPath: string,
  ctx: Pick<ToolContext, 'projectRoot' | 'additionalDirectories'>,
): boolean {
  return !insideWorkspace(resolvePath(absPath, '/'), [ctx.projectRoot, ...ctx.additionalDirectories]);
}

/** Short form for summaries: relative to the project root when inside it, else absolute. */
export function displayPath(absPath: string, ctx: Pick<ToolContext, 'projectRoot'>): string {
  const rel = path.relative(ctx.projectRoot, absPath);
  if (rel === '') return '.';
  if (!isInside(absPath, ctx.projectRoot)) return absPath;
  return rel;
}
