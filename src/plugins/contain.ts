// A plugin may only use files inside its own folder. Paths from plugin.json are checked as written (no absolute
// path, no `..` out), then every file and folder tandem would read is checked as the OS resolves it (symlinks on
// every part), so a link planted inside the plugin cannot reach ~/.ssh.
import { realpathSync } from 'node:fs';
import path from 'node:path';

export class OutsideRoot extends Error {}

/** True when `child` (already resolved) is `root` or below it. */
export function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * A path written in plugin.json, made absolute under `root`. Throws OutsideRoot for an absolute path, `~`, or one
 * that climbs out with `..`.
 */
export function manifestPath(root: string, written: string, field: string): string {
  if (path.isAbsolute(written) || /^[A-Za-z]:[\\/]/.test(written) || written.startsWith('~')) {
    throw new OutsideRoot(`${field}: "${written}" is an absolute path; plugin paths are relative to the plugin folder (write "./${path.basename(written)}")`);
  }
  const full = path.resolve(root, written);
  if (!isInside(path.resolve(root), full)) throw new OutsideRoot(`${field}: "${written}" points outside the plugin folder; a plugin may only use its own files`);
  return full;
}

/**
 * Throws OutsideRoot when `p` exists and resolves (through symlinks) outside `realRoot`. A missing path passes:
 * there is nothing to read.
 */
export function checkResolved(realRoot: string, p: string, label: string): void {
  let real: string;
  try {
    real = realpathSync(p);
  } catch {
    return;
  }
  if (!isInside(realRoot, real)) throw new OutsideRoot(`${label} is a link to ${real}, outside the plugin folder; a plugin may only use its own files`);
}
