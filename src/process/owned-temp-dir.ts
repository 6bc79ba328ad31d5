// The temp folders tandem makes for itself in the system temp folder (the sandbox's per-session folder, a command's
// private folder, inline --settings, the demo's scratch project). Each carries an owner marker and is removed when
// the process ends, however it ends short of `kill -9`; the next tandem start sweeps the folders whose owner died
// that way. Nothing without a readable marker of ours, of this user and this machine, is ever removed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What a folder is for; part of its name, so a sweep looks only at tandem's own names. */
export type OwnedTempKind = 'sandbox' | 'settings-flag' | 'demo' | 'bash';

const KINDS: readonly OwnedTempKind[] = ['sandbox', 'settings-flag', 'demo', 'bash'];
/** Exactly the names makeOwnedTempDir gives: `tandem-<kind>-` and mkdtemp's six characters. */
const OWNED_NAME = new RegExp(`^tandem-(?:${KINDS.join('|')})-[A-Za-z0-9]{6}$`);
export const OWNER_MARKER = '.tandem-owner.json';

export interface OwnerMarker {
  tool: 'tandem';
  pid: number;
  /** Pids are per machine (and per container): a marker written elsewhere says nothing about a pid here. */
  host: string;
  uid: number;
}

const live = new Set<string>();
let exitHookInstalled = false;

/** Removes what is still live; runs on 'exit', which Node emits on a normal end, process.exit and a crash alike. */
function removeLiveDirs(): void {
  for (const dir of live) removeQuietly(dir);
  live.clear();
}

function removeQuietly(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // An 'exit' handler must not throw; a folder that resists is swept by a later start.
  }
}

function currentUid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : -1;
}

/**
 * A fresh folder `tandem-<kind>-XXXXXX` in the temp folder, private to this user (mkdtemp's 0700), with the owner
 * marker written before it is handed out, and removed at process exit unless removeOwnedTempDir removed it first.
 */
export function makeOwnedTempDir(kind: OwnedTempKind, root = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(root, `tandem-${kind}-`));
  const marker: OwnerMarker = { tool: 'tandem', pid: process.pid, host: os.hostname(), uid: currentUid() };
  try {
    fs.writeFileSync(path.join(dir, OWNER_MARKER), JSON.stringify(marker), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    removeQuietly(dir);
    throw error;
  }
  live.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', removeLiveDirs);
  }
  return dir;
}

/** Removes one of these folders now (the session or command that used it has ended). */
export function removeOwnedTempDir(dir: string): void {
  live.delete(dir);
  removeQuietly(dir);
}

/** The same, without blocking: for a command's folder, removed as each command ends. */
export function removeOwnedTempDirLater(dir: string): void {
  live.delete(dir);
  fs.rm(dir, { recursive: true, force: true, maxRetries: 3 }, () => undefined);
}

/** Folders of this process not removed yet (for tests). */
export function liveOwnedTempDirs(): string[] {
  return [...live];
}

export interface SweepOptions {
  /** Where to look; the temp folder makeOwnedTempDir uses by default. */
  root?: string;
  /** Whether a pid is a running process; `process.kill(pid, 0)` by default. */
  isAlive?: (pid: number) => boolean;
}

/**
 * Removes the folders of tandem processes that died without cleaning up (`kill -9`, a power cut): only folders with
 * tandem's name, not a symlink, owned by this user, holding a marker of ours that names this machine and a pid
 * that is gone. Returns what it removed. Never throws.
 */
export async function sweepStaleTempDirs(opts: SweepOptions = {}): Promise<string[]> {
  const root = opts.root ?? os.tmpdir();
  const isAlive = opts.isAlive ?? pidIsAlive;
  let names: string[];
  try {
    names = await fs.promises.readdir(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!OWNED_NAME.test(name)) continue;
    const dir = path.join(root, name);
    if (live.has(dir)) continue;
    const marker = await readOwnerOf(dir);
    if (!marker || marker.pid === process.pid || isAlive(marker.pid)) continue;
    try {
      await fs.promises.rm(dir, { recursive: true, force: true, maxRetries: 3 });
      removed.push(dir);
    } catch {
      // Another start swept it first, or it resists: left for the next start.
    }
  }
  return removed;
}

/** The folder's marker when the folder is clearly ours to judge; null when anything about it is not. */
async function readOwnerOf(dir: string): Promise<OwnerMarker | null> {
  const uid = currentUid();
  try {
    const dirStat = await fs.promises.lstat(dir);
    if (!dirStat.isDirectory() || dirStat.uid !== uid) return null;
    const file = path.join(dir, OWNER_MARKER);
    const markerStat = await fs.promises.lstat(file);
    if (!markerStat.isFile() || markerStat.uid !== uid || markerStat.size > 1024) return null;
    return parseMarker(await fs.promises.readFile(file, 'utf8'), uid);
  } catch {
    return null;
  }
}

export function parseMarker(text: string, uid: number): OwnerMarker | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (m.tool !== 'tandem' || m.host !== os.hostname() || m.uid !== uid) return null;
  if (typeof m.pid !== 'number' || !Number.isSafeInteger(m.pid) || m.pid <= 0) return null;
  return { tool: 'tandem', pid: m.pid, host: m.host, uid: m.uid };
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists and belongs to someone else, so it is alive. Only ESRCH says it is gone.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
