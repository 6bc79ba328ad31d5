// Writes that never leave a half-written file: the bytes go to a temp file in the same folder (same filesystem,
// so rename is atomic), are fsynced, take the original's mode, and replace the target with one rename. On any
// failure the temp file is removed and the original stays as it was.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** The fs calls an atomic write makes; tests replace one to simulate a failure at that step. */
export interface AtomicWriteOps {
  open: typeof fs.open;
  chmod: typeof fs.chmod;
  rename: typeof fs.rename;
  unlink: typeof fs.unlink;
}

const realOps: AtomicWriteOps = { open: fs.open, chmod: fs.chmod, rename: fs.rename, unlink: fs.unlink };

export interface AtomicWriteOptions {
  /** File mode for the result; defaults to the existing file's mode, else 0o666 minus umask. */
  mode?: number;
  /** Create missing parent folders (for new files). */
  createParents?: boolean;
  /** Test seam: override individual fs operations. */
  ops?: Partial<AtomicWriteOps>;
}

export async function atomicWriteFile(
  targetPath: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const ops = { ...realOps, ...options.ops };
  // Editing through a symlink changes the file it points to and keeps the link.
  const absPath = await fs.realpath(targetPath).catch(() => targetPath);
  const dir = path.dirname(absPath);
  if (options.createParents) await fs.mkdir(dir, { recursive: true });

  let mode = options.mode;
  if (mode === undefined) {
    try {
      mode = (await fs.stat(absPath)).mode & 0o7777;
    } catch {
      mode = undefined; // new file: the default mode from open() applies
    }
  }

  const tempPath = path.join(dir, `.${path.basename(absPath)}.tandem-${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await ops.open(tempPath, 'wx');
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await ops.chmod(tempPath, mode);
    await ops.rename(tempPath, absPath);
    created = false;
  } finally {
    if (created) await ops.unlink(tempPath).catch(() => undefined);
  }
}
