// Writes that never leave a half-written file and keep the file what it was: same inode's links, owner, group,
// mode, and symlinks still pointing where they pointed.
// - Usual case: the bytes go to a temp file in the same folder (same filesystem, so rename is atomic), are fsynced,
//   take the original's owner, group and mode, and replace the target with one rename.
// - A file with several hard links (or whose owner we cannot give to a new file, or in a folder we cannot create
//   files in) is written in place instead, so every link keeps seeing it: the new content is first written and
//   fsynced to a temp copy, then copied into the original inode; if that copy fails the temp copy is kept and named.
// - A write killed before its rename leaves `.name.tandem-<hex>.tmp` beside the whole original; the first write of
//   a later process to that folder removes it. The in-place copy (`.kept.tmp`) is never removed automatically.
// - Read-only files (no write bit for us, checked on the mode bits because root ignores them) and anything that is
//   not a regular file are refused before a byte is written.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The fs calls an atomic write makes; tests replace one to simulate a failure at that step. */
export interface AtomicWriteOps {
  open: typeof fs.open;
  chmod: typeof fs.chmod;
  chown: typeof fs.chown;
  rename: typeof fs.rename;
  unlink: typeof fs.unlink;
}

const realOps: AtomicWriteOps = { open: fs.open, chmod: fs.chmod, chown: fs.chown, rename: fs.rename, unlink: fs.unlink };

export interface AtomicWriteOptions {
  /** File mode for the result; defaults to the existing file's mode, else 0o666 minus umask. */
  mode?: number;
  /** Create missing parent folders (for new files). */
  createParents?: boolean;
  /** Test seam: override individual fs operations. */
  ops?: Partial<AtomicWriteOps>;
}

/** The write was not attempted, for a reason the user can act on (read-only, not a regular file, broken link). */
export class WriteRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** Whether the mode bits let this process write the file (root included: a read-only file stays read-only). */
function modeAllowsWrite(stat: Stats): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return (stat.mode & 0o222) !== 0;
  if (uid === 0 || uid === stat.uid) return (stat.mode & 0o200) !== 0;
  const groups = process.getgroups?.() ?? [];
  if (process.getgid?.() === stat.gid || groups.includes(stat.gid)) return (stat.mode & 0o020) !== 0;
  return (stat.mode & 0o002) !== 0;
}

function specialKind(stat: Stats): string | null {
  if (stat.isFile()) return null;
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** The file a write to `targetPath` really changes: symlinks followed; a dangling link is refused. */
async function resolveTarget(targetPath: string): Promise<string> {
  try {
    return await fs.realpath(targetPath);
  } catch {
    const link = await fs.lstat(targetPath).catch(() => null);
    if (link?.isSymbolicLink()) {
      const to = await fs.readlink(targetPath);
      throw new WriteRefusedError(
        `${targetPath} is a symbolic link to ${to}, which does not exist. Create the target first (or remove the link) so the write does not replace the link with a file.`,
      );
    }
    // New file: resolve the folder's links so the file lands where the folder really is.
    const dir = await fs.realpath(path.dirname(targetPath)).catch(() => path.dirname(targetPath));
    return path.join(dir, path.basename(targetPath));
  }
}

/** Why a write to `targetPath` would be refused (read-only, not a regular file, dangling link); null when it may go ahead. */
export async function writeRefusal(targetPath: string): Promise<string | null> {
  try {
    const absPath = await resolveTarget(targetPath);
    const existing = await fs.stat(absPath).catch(() => null);
    if (existing) checkExisting(absPath, existing);
    return null;
  } catch (err) {
    return err instanceof WriteRefusedError ? err.message : null;
  }
}

function checkExisting(absPath: string, existing: Stats): void {
  const special = specialKind(existing);
  if (special) throw new WriteRefusedError(`${absPath} is ${special}, not a regular file; tandem only writes regular files.`);
  if (!modeAllowsWrite(existing)) {
    throw new WriteRefusedError(
      `${absPath} is read-only (mode ${octal(existing.mode)}), so tandem did not write it. If the change is intended, make it writable first (chmod u+w), then retry.`,
    );
  }
}

export async function atomicWriteFile(
  targetPath: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<Stats> {
  const ops = { ...realOps, ...options.ops };
  const absPath = await resolveTarget(targetPath);
  const dir = path.dirname(absPath);
  if (options.createParents) await fs.mkdir(dir, { recursive: true });

  const existing = await fs.stat(absPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (existing) checkExisting(absPath, existing);
  const mode = options.mode ?? (existing ? existing.mode & 0o7777 : undefined);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;

  await removeStaleTemps(dir);
  if (existing && existing.nlink > 1) return writeInPlace(absPath, bytes, ops);
  const outcome = await replaceByRename(absPath, bytes, mode, existing, ops);
  return outcome === 'needs-in-place' ? writeInPlace(absPath, bytes, ops) : outcome;
}

/** The temp file of the rename path: `.name.tandem-<12 hex>.tmp`, beside the target. */
function tempNameFor(absPath: string, dir = path.dirname(absPath)): string {
  return path.join(dir, `.${path.basename(absPath)}.tandem-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * The full copy an in-place write keeps while it rewrites the original: a different name, because after a crash
 * half-way through that copy it may be the only complete version of the new content, so no clean-up touches it.
 */
function keptCopyNameFor(absPath: string, dir = path.dirname(absPath)): string {
  return path.join(dir, `.${path.basename(absPath)}.tandem-${randomBytes(6).toString('hex')}.kept.tmp`);
}

const RENAME_TEMP = /^\..+\.tandem-[0-9a-f]{12}\.tmp$/;

/** Whether a file name is exactly a rename-path temp file (for the clean-up of killed writes). */
export function isRenameTempName(name: string): boolean {
  return RENAME_TEMP.test(name);
}

const PROCESS_START_MS = Date.now() - process.uptime() * 1000;
const cleanedFolders = new Set<string>();

/**
 * A write killed before its rename leaves its temp file behind (the original is whole). The first write of this
 * process to a folder removes those: exactly our name pattern, regular files, last changed before this process
 * started (so a temp another live tandem is writing right now is left alone). Best effort: never fails a write.
 */
async function removeStaleTemps(dir: string): Promise<void> {
  if (cleanedFolders.has(dir)) return;
  cleanedFolders.add(dir);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!isRenameTempName(name)) continue;
    const file = path.join(dir, name);
    const st = await fs.lstat(file).catch(() => null);
    if (st?.isFile() && st.mtimeMs < PROCESS_START_MS) await fs.unlink(file).catch(() => undefined);
  }
}

/** A failed in-place write: the original may be partly rewritten; `keptCopy` holds the complete new content. */
export class InPlaceWriteError extends Error {
  constructor(
    readonly cause: Error,
    readonly keptCopy: string,
  ) {
    super(`${cause.message} (writing in place, to keep its hard links or owner; the complete new content is saved in ${keptCopy})`);
    this.name = 'InPlaceWriteError';
  }
}

/** Writes and fsyncs a new file; its stat (the mtime and size a later staleness check compares) comes back. */
async function writeTemp(tempPath: string, bytes: Uint8Array, ops: AtomicWriteOps, mode?: number): Promise<Stats> {
  const handle = await ops.open(tempPath, 'wx', mode ?? 0o666);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
    return await handle.stat();
  } finally {
    await handle.close();
  }
}

/** The usual path. 'needs-in-place' when a new file could not keep the original's owner or cannot be created here. */
async function replaceByRename(
  absPath: string,
  bytes: Uint8Array,
  mode: number | undefined,
  existing: Stats | null,
  ops: AtomicWriteOps,
): Promise<Stats | 'needs-in-place'> {
  const tempPath = tempNameFor(absPath);
  let created = false;
  let written: Stats;
  try {
    try {
      written = await writeTemp(tempPath, bytes, ops, mode === undefined ? undefined : 0o600);
    } catch (err) {
      // A folder we may not create files in, holding a file we may write: write that file in place.
      if (existing && (err as NodeJS.ErrnoException).code === 'EACCES') return 'needs-in-place';
      throw err;
    }
    created = true;
    if (existing) {
      try {
        await ops.chown(tempPath, existing.uid, existing.gid);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EPERM') return 'needs-in-place';
        throw err;
      }
    }
    // After chown, which may clear set-id bits.
    if (mode !== undefined) await ops.chmod(tempPath, mode);
    await ops.rename(tempPath, absPath);
    created = false;
    await syncDir(path.dirname(absPath));
    return written;
  } finally {
    if (created) await ops.unlink(tempPath).catch(() => undefined);
  }
}

/**
 * Writes the bytes into the existing inode. The full new content is saved and fsynced to a temp copy first, so a
 * failure half-way through the copy loses nothing: the error names the copy.
 */
async function writeInPlace(absPath: string, bytes: Uint8Array, ops: AtomicWriteOps): Promise<Stats> {
  let tempPath = keptCopyNameFor(absPath);
  try {
    await writeTemp(tempPath, bytes, ops, 0o600);
  } catch {
    tempPath = keptCopyNameFor(absPath, os.tmpdir());
    await writeTemp(tempPath, bytes, ops, 0o600);
  }
  let result: Stats;
  try {
    const handle = await ops.open(absPath, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new WriteRefusedError(`${absPath} stopped being a regular file; nothing was written.`);
      let written = 0;
      while (written < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, written);
        written += bytesWritten;
      }
      await handle.truncate(bytes.length);
      await handle.sync();
      result = await handle.stat();
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof WriteRefusedError) {
      await ops.unlink(tempPath).catch(() => undefined);
      throw err;
    }
    throw new InPlaceWriteError(err as Error, tempPath);
  }
  await ops.unlink(tempPath).catch(() => undefined);
  return result;
}

/** Makes the rename itself durable; some filesystems do not support fsync on a folder, which is fine. */
async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}
