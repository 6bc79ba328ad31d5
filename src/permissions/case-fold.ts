// Whether a folder lives on a case-insensitive file system (macOS APFS/HFS+ by default, vfat, ext4 with casefold):
// there `.ENV` opens `.env`, so rules and "inside the project" must compare names without case.
//
// Detected per folder by looking up one of its entries with the case of its letters swapped: the same inode means
// the folder folds case. Answers are kept per folder (case folding is set when a folder is created and cannot
// change while it has entries) and, as a fallback for folders with nothing to probe, per device.
import fs from 'node:fs';
import path from 'node:path';

/** true / false when known, undefined when the folder has no entry to probe with. */
export type CaseProbe = (dir: string) => boolean | undefined;

const byDir = new Map<string, boolean>();
const byDevice = new Map<number, boolean>();
let probe: CaseProbe = probeByEntry;

/** Tests replace the probe (a case-insensitive file system cannot always be mounted); undefined restores it. */
export function setCaseProbe(next: CaseProbe | undefined): void {
  probe = next ?? probeByEntry;
  byDir.clear();
  byDevice.clear();
  listings.clear();
}

function swapCase(name: string): string {
  let out = '';
  for (const ch of name) {
    const lower = ch.toLowerCase();
    out += ch === lower ? ch.toUpperCase() : lower;
  }
  return out;
}

function probeByEntry(dir: string): boolean | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const name of names.slice(0, 64)) {
    const swapped = swapCase(name);
    if (swapped === name) continue;
    try {
      const a = fs.lstatSync(path.join(dir, name));
      const b = fs.lstatSync(path.join(dir, swapped), { throwIfNoEntry: false });
      if (!b) return false;
      // Both spellings exist: the same file means folding; two files means the folder tells names apart.
      return a.ino === b.ino && a.dev === b.dev;
    } catch {
      continue;
    }
  }
  return undefined;
}

function deviceOf(dir: string): number | undefined {
  try {
    return fs.statSync(dir).dev;
  } catch {
    return undefined;
  }
}

/**
 * A name as a case-folding file system compares it: without case, and with composed and decomposed accents alike
 * (macOS stores `é` either way and opens both).
 */
export function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Does this existing folder compare names without case? Unknown folders follow their device; default false. */
export function isCaseInsensitiveDir(dir: string): boolean {
  const known = byDir.get(dir);
  if (known !== undefined) return known;
  const answer = probe(dir);
  const dev = deviceOf(dir);
  if (answer === undefined) return dev !== undefined ? (byDevice.get(dev) ?? false) : false;
  byDir.set(dir, answer);
  if (dev !== undefined && !byDevice.has(dev)) byDevice.set(dev, answer);
  return answer;
}

/** Case-insensitivity of the folder that holds absPath: its nearest existing ancestor folder. */
export function caseInsensitiveAt(absPath: string): boolean {
  let current = path.dirname(absPath);
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(current, { throwIfNoEntry: false });
    } catch {
      st = undefined; // ENOTDIR, EACCES: look further up
    }
    if (st?.isDirectory()) return isCaseInsensitiveDir(current);
    const parent = path.dirname(current);
    if (parent === current) return false;
    current = parent;
  }
}

/**
 * The name as the folder stores it, when the folder folds case and holds an entry of that name in another case
 * (`.ENV` -> `.env`), so that real paths carry one spelling whatever the caller typed.
 */
export function storedName(dir: string, name: string): string {
  if (!isCaseInsensitiveDir(dir)) return name;
  const names = listing(dir);
  if (!names || names.includes(name)) return name;
  const folded = foldName(name);
  return names.find((n) => foldName(n) === folded) ?? name;
}

/** Folder listings for storedName, kept while the folder's mtime stays the same (a bounded number of folders). */
const listings = new Map<string, { mtimeMs: number; names: string[] }>();
const MAX_LISTINGS = 256;

function listing(dir: string): string[] | undefined {
  try {
    const mtimeMs = fs.statSync(dir).mtimeMs;
    const cached = listings.get(dir);
    if (cached && cached.mtimeMs === mtimeMs) return cached.names;
    const names = fs.readdirSync(dir);
    if (listings.size >= MAX_LISTINGS) listings.delete(listings.keys().next().value as string);
    listings.set(dir, { mtimeMs, names });
    return names;
  } catch {
    return undefined;
  }
}
