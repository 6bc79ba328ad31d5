// Where a project's shadow repository lives, and how a project root is found from a working directory.
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** Stable short hash of the project's real path: the shadow repository's folder name. */
export function projectHash(projectRoot: string): string {
  let real = projectRoot;
  try {
    real = realpathSync(projectRoot);
  } catch {
    // A missing folder still gets a stable name; opening it fails later with a clear error.
  }
  return createHash('sha256').update(real).digest('hex').slice(0, 16);
}

export function shadowDirFor(tandemHome: string, projectRoot: string): string {
  return path.join(tandemHome, 'checkpoints', projectHash(projectRoot));
}

/** The project root: the nearest folder at or above cwd that holds a `.git`, else cwd (one finder for all). */
export { findProjectRoot } from '../settings/paths';
