// What git runs or obeys from a repository's git folder without being asked again: hooks, config (aliases,
// core.fsmonitor, core.hooksPath, filter drivers), a worktree's own config and the pointer to its common folder,
// and the same for every submodule, whose git folders live under `.git/modules/NAME` (names may hold slashes).
// git runs all of it unsandboxed at the user's next commit, so a sandboxed command must not be able to change it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DirListings } from './dir-listings';
import { mapConfigLines } from './git-config';

/** Submodules inside submodules inside...: git allows any depth; past this one a folder is not looked into. */
const MODULE_DEPTH = 6;

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The folder a `.git` file (worktree or submodule) points to, when there is one. */
export function gitDirOfPointer(dotGitFile: string): string | undefined {
  let text: string;
  try {
    const fd = fs.openSync(dotGitFile, 'r');
    try {
      const buf = Buffer.alloc(4096);
      text = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const m = /^gitdir:\s*(.+?)\s*$/m.exec(text);
  return m ? path.resolve(path.dirname(dotGitFile), m[1]!) : undefined;
}

/**
 * Paths a repository's config names that git reads or runs: `core.hooksPath` and `include.path` /
 * `includeIf.*.path`. A relative hooksPath is relative to the worktree (the folder holding `.git`); a relative
 * include, to the config file. husky's `.husky/_` hooks only call the scripts one level up, so for a hooks folder
 * named `_` its parent is protected too.
 */
export function pathsNamedByConfig(configFile: string, worktree: string | undefined): string[] {
  let text: string;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  mapConfigLines(text, (section, raw) => {
    const line = raw.replace(/(^|\s)[#;].*$/, '').trim();
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)$/.exec(line);
    if (!kv) return;
    const key = kv[1]!.toLowerCase();
    const value = kv[2]!.replace(/^"(.*)"$/, '$1');
    if (!value) return;
    const expanded = value.startsWith('~/') ? path.join(os.homedir(), value.slice(2)) : value;
    if (section.head === 'core' && key === 'hookspath') {
      const dir = path.resolve(worktree ?? path.dirname(configFile), expanded);
      out.push(dir);
      if (path.basename(dir) === '_') out.push(path.dirname(dir));
    } else if ((section.head === 'include' || section.head === 'includeif') && key === 'path') {
      out.push(path.resolve(path.dirname(configFile), expanded));
    }
  });
  return out;
}

/**
 * The protected paths of one git folder (`.git`, a submodule's `modules/NAME`, a worktree's `worktrees/NAME`).
 * `hooks` and `config` are listed even when absent, so a command cannot create them; the rest only when there.
 */
export function gitFolderGuards(gitDir: string, worktree: string | undefined, listings: DirListings, out: string[], depth = 0): void {
  const config = path.join(gitDir, 'config');
  // config.worktree is read once extensions.worktreeConfig is on (git sparse-checkout turns it on): listed even when
  // absent (an empty placeholder reads as an empty config). commondir cannot be: see after-call.ts.
  out.push(path.join(gitDir, 'hooks'), config, path.join(gitDir, 'config.worktree'));
  for (const name of ['commondir']) {
    const p = path.join(gitDir, name);
    if (isFile(p)) out.push(p);
  }
  out.push(...pathsNamedByConfig(config, worktree));
  if (depth >= MODULE_DEPTH) return;
  moduleFolders(path.join(gitDir, 'modules'), listings, out, depth);
  const worktrees = listings.list(path.join(gitDir, 'worktrees'));
  if (worktrees.kind === 'entries') {
    for (const e of worktrees.entries) {
      if (e.kind !== 'dir') continue;
      const dir = path.join(gitDir, 'worktrees', e.name);
      for (const name of ['config.worktree', 'commondir', 'gitdir']) {
        const p = path.join(dir, name);
        if (isFile(p)) out.push(p);
      }
    }
  }
}

/** Submodule git folders below `modules/`: a folder holding HEAD is one; others are parts of a slashed name. */
function moduleFolders(dir: string, listings: DirListings, out: string[], depth: number): void {
  const listing = listings.list(dir);
  if (listing.kind === 'unreadable') out.push(dir);
  if (listing.kind !== 'entries') return;
  for (const e of listing.entries) {
    if (e.kind !== 'dir') continue;
    const sub = path.join(dir, e.name);
    if (isFile(path.join(sub, 'HEAD'))) gitFolderGuards(sub, undefined, listings, out, depth + 1);
    else if (depth + 1 < MODULE_DEPTH) moduleFolders(sub, listings, out, depth + 1);
  }
}
