// Puts the work tree back to a snapshot tree: decides exactly which files change, then changes only those.
import { randomBytes } from 'node:crypto';
import { lstat, readdir, rm, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { diffTrees, type TreeDelta } from './tree-diff';
import type { ShadowGit } from './shadow-git';

export interface RestorePlan {
  changes: TreeDelta[];
  /** Ignored by the project's rules now. */
  skipped: string[];
  /** On disk but over the size limit, so never in a snapshot: overwriting them could not be undone. */
  tooLarge: string[];
  /** Outside the restore's scope (changed by no turn of the checkpoint's session since). */
  otherChanges: string[];
}

/** A file on disk over the size limit (the snapshots leave such files out). */
export async function isTooLarge(root: string, rel: string, maxBytes: number): Promise<boolean> {
  try {
    const st = await lstat(path.join(root, rel));
    return st.isFile() && st.size > maxBytes;
  } catch {
    return false;
  }
}

async function ignoredNow(git: ShadowGit, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  // --no-index: judge by the rules alone, not by what the shadow index happens to hold. Exit 1 = none ignored.
  const out = await git.run(['check-ignore', '--no-index', '-z', '--stdin'], {
    input: paths.join('\0') + '\0',
    okCodes: [0, 1],
  });
  return new Set(out.stdout.toString('utf8').split('\0').filter(Boolean));
}

async function isFileOnDisk(abs: string): Promise<boolean> {
  try {
    return !(await lstat(abs)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Which files going from `currentTree` back to `targetTree` changes, and which it must leave alone. `scope`: the
 * only paths it may touch (undefined: all).
 */
export async function planRestore(
  git: ShadowGit,
  currentTree: string,
  targetTree: string,
  opts: { scope?: Set<string>; maxFileBytes?: number } = {},
): Promise<RestorePlan> {
  const deltas = await diffTrees(git, currentTree, targetTree);
  const ignored = await ignoredNow(git, deltas.map((d) => d.path));
  const plan: RestorePlan = { changes: [], skipped: [], tooLarge: [], otherChanges: [] };
  for (const delta of deltas) {
    const abs = path.join(git.workTree, delta.path);
    if (ignored.has(delta.path)) plan.skipped.push(delta.path);
    // A file on disk that the current snapshot lacks was left out on purpose (too large): it stays.
    else if (delta.status === 'added' && (await isFileOnDisk(abs))) {
      if (opts.maxFileBytes === undefined || (await isTooLarge(git.workTree, delta.path, opts.maxFileBytes))) plan.tooLarge.push(delta.path);
      else plan.skipped.push(delta.path);
    } else if (opts.scope && !opts.scope.has(delta.path)) plan.otherChanges.push(delta.path);
    else plan.changes.push(delta);
  }
  return plan;
}

/** Removes now-empty folders from `dir` up to (not including) the project root. */
async function pruneEmptyParents(root: string, dir: string): Promise<void> {
  let current = dir;
  while (current.startsWith(root + path.sep) && current !== root) {
    try {
      if ((await readdir(current)).length > 0) return;
      await rmdir(current);
    } catch {
      return;
    }
    current = path.dirname(current);
  }
}

export async function applyRestore(git: ShadowGit, targetTree: string, plan: RestorePlan): Promise<void> {
  const root = git.workTree;
  // Deletions first: a folder that replaced a file must be gone before the file comes back.
  const removed = plan.changes.filter((c) => c.status === 'deleted');
  for (const change of removed) {
    await unlink(path.join(root, change.path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  const parents = [...new Set(removed.map((c) => path.dirname(path.join(root, c.path))))];
  parents.sort((a, b) => b.length - a.length); // deepest first
  for (const dir of parents) await pruneEmptyParents(root, dir);

  const written = plan.changes.filter((c) => c.status !== 'deleted').map((c) => c.path);
  if (written.length === 0) return;
  // A scratch index holding the target tree lets git write content, mode and symlinks exactly as recorded.
  const scratch = path.join(git.gitDir, `restore-index-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await git.run(['read-tree', targetTree], { indexFile: scratch });
    await git.run(['checkout-index', '--force', '-z', '--stdin'], {
      indexFile: scratch,
      input: written.join('\0') + '\0',
    });
  } finally {
    await rm(scratch, { force: true });
  }
}
