// The paths inside the writable area that stay read-only for one sandboxed command, found just before it runs:
// files and folders that programs outside the sandbox later run or obey (see root-guards.ts for the names, and
// git-guards.ts for what a repository holds). The sandbox runtime looks for them itself only below the process's
// working directory, with a ripgrep run per command (20-400 ms, growing with the tree); tandem switches that scan
// off (runtime.ts) and does this one instead, for every writable root: the project,
// each additional directory, the folder tandem was started in and the command's own folder. Listings are kept
// between commands and only changed folders are read again (dir-listings.ts), so a scan costs a few stat calls.
//
// What is covered, per root (depth 0 is the root itself):
// - at the root: every protected name, present or not (an absent one gets a placeholder, so it cannot be created);
// - in every folder at depth 1 to 3 (a folder named node_modules is not entered, as the runtime does not):
//   protected names that are there, repositories (`.git` folders with their hooks, config, submodules and
//   worktrees; `.git` files and the git folder they point to; folders shaped as bare repositories), and folders
//   that cannot be read (kept read-only whole: a command could otherwise give their mode back and plant something
//   inside).
// A repository a command creates and attacks in the same call is not covered: nothing can be, before it exists.
import fs from 'node:fs';
import path from 'node:path';
import { DirListings, type Entry } from './dir-listings';
import { gitDirOfPointer, gitFolderGuards } from './git-guards';
import { GUARDED_FILES, GUARDED_FOLDERS } from './root-guards';

/** Folders below a root whose entries are looked at: the root (0) and three levels down. */
export const SCAN_DEPTH = 3;

const lower = (s: string) => s.toLowerCase();
/** Case-insensitive, as the runtime matches: on a case-insensitive file system `.VSCode` is `.vscode`. */
const GUARDED_NAMES = new Set([...GUARDED_FILES, ...GUARDED_FOLDERS].map(lower));

export interface ScanRoots {
  /** Where absent protected names get placeholders too: writable roots and the folder tandem started in. */
  roots: string[];
  /** Where only what is there is protected: the command's own folder. */
  nestedOnly?: string[];
}

interface Sorted {
  /** Entries with a protected name or named `.git`. */
  named: Entry[];
  /** Folders to look into (not node_modules, not .git). */
  subfolders: string[];
  /** The folder is shaped as a bare repository (HEAD, objects/, refs/): git run inside it obeys its config. */
  bare: boolean;
}

/** Per listing, computed once while the listing is kept: a scan then skips the folder's other entries. */
const sortedListings = new WeakMap<Entry[], Sorted>();

function sorted(entries: Entry[]): Sorted {
  let result = sortedListings.get(entries);
  if (result) return result;
  const has = (name: string, kind: Entry['kind']) => entries.some((e) => e.name === name && e.kind === kind);
  result = { named: [], subfolders: [], bare: has('HEAD', 'file') && has('objects', 'dir') && has('refs', 'dir') };
  for (const entry of entries) {
    const name = lower(entry.name);
    if (GUARDED_NAMES.has(name) || name === '.git') result.named.push(entry);
    if (entry.kind === 'dir' && name !== 'node_modules' && name !== '.git') result.subfolders.push(entry.name);
  }
  sortedListings.set(entries, result);
  return result;
}

function realDirectory(p: string): string | undefined {
  try {
    const real = fs.realpathSync.native(p);
    return fs.statSync(real).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

export class GuardScanner {
  readonly listings: DirListings;

  constructor(listings = new DirListings()) {
    this.listings = listings;
  }

  /** The repositories' git folders the last scan found (for the check after a command: after-call.ts). */
  gitDirs: string[] = [];

  scan({ roots, nestedOnly = [] }: ScanRoots): string[] {
    const out: string[] = [];
    this.gitDirs = [];
    const seenRoots = new Set<string>();
    for (const root of roots) {
      if (seenRoots.has(root)) continue;
      seenRoots.add(root);
      this.rootLevel(root, out);
      this.walk(root, 0, out);
    }
    for (const root of nestedOnly) {
      if (seenRoots.has(root)) continue;
      seenRoots.add(root);
      this.walk(root, 0, out);
    }
    this.listings.endScan();
    return [...new Set(out)];
  }

  /** Every protected name at a root, whether there or not; its repository's git folder when it has one. */
  private rootLevel(root: string, out: string[]): void {
    const listing = this.listings.list(root);
    if (listing.kind === 'absent') return;
    for (const name of [...GUARDED_FILES, ...GUARDED_FOLDERS]) out.push(path.join(root, name));
  }

  private walk(dir: string, depth: number, out: string[]): void {
    const listing = this.listings.list(dir);
    if (listing.kind === 'absent') return;
    if (listing.kind === 'unreadable') {
      if (depth > 0) out.push(dir);
      return;
    }
    const { named, subfolders, bare } = sorted(listing.entries);
    if (bare) {
      this.gitDirs.push(dir);
      gitFolderGuards(dir, undefined, this.listings, out);
    }
    for (const entry of named) this.entry(dir, entry, out);
    if (depth >= SCAN_DEPTH) return;
    for (const name of subfolders) this.walk(path.join(dir, name), depth + 1, out);
  }

  /** One entry of a scanned folder: a protected name, a repository, or nothing. */
  private entry(dir: string, entry: Entry, out: string[]): void {
    const name = lower(entry.name);
    const full = path.join(dir, entry.name);
    if (GUARDED_NAMES.has(name)) out.push(full);
    if (name !== '.git') return;
    switch (entry.kind) {
      case 'dir':
        this.gitDirs.push(full);
        gitFolderGuards(full, dir, this.listings, out);
        break;
      case 'file':
      case 'symlink': {
        // A pointer (worktree, submodule) or a link: itself, so it cannot be pointed elsewhere, and where it leads.
        out.push(full);
        const target = entry.kind === 'file' ? gitDirOfPointer(full) : realDirectory(full);
        if (target && this.listings.list(target).kind === 'entries') {
          this.gitDirs.push(target);
          gitFolderGuards(target, dir, this.listings, out);
        }
        break;
      }
      case 'other':
        out.push(full);
        break;
      default: {
        const never: never = entry.kind;
        throw new Error(`unknown entry kind ${String(never)}`);
      }
    }
  }
}
