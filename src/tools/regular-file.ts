// The one way tandem reads a file whose path comes from outside (the model, a memory file's `@path`, a settings or
// agent file a repository ships): opened without blocking, and refused at once unless it is a regular file. A plain
// open of a FIFO waits for a writer forever, in a libuv thread that neither Esc nor SIGTERM can free; reading a
// device like /dev/zero never ends.
import { constants as fsConstants, type Stats } from 'node:fs';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';

/** What a path that is not a regular file is, in words (for "cannot read a FIFO" messages); null for a file. */
export function describeSpecial(stat: Stats): string | null {
  if (stat.isFile()) return null;
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

export type RegularRead =
  | { kind: 'file'; bytes: Buffer; stat: Stats }
  | { kind: 'missing' }
  /** `what`: describeSpecial's words ("a named pipe (FIFO)", "a directory"...). */
  | { kind: 'special'; what: string }
  | { kind: 'error'; error: NodeJS.ErrnoException };

const OPEN_FLAGS = fsConstants.O_RDONLY | fsConstants.O_NONBLOCK;

/** An open's error as a RegularRead. */
function openFailure(err: unknown): RegularRead {
  const error = err as NodeJS.ErrnoException;
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return { kind: 'missing' };
  // A socket refuses the open itself; some devices answer ENXIO without a reader on the other side.
  if (error.code === 'ENXIO' || error.code === 'EOPNOTSUPP') return { kind: 'special', what: 'a socket or device' };
  return { kind: 'error', error };
}

/**
 * Reads a regular file, refusing anything else at once. The type is checked on the opened descriptor (no
 * stat-then-open race); a stat before the open keeps devices from even being opened (opening some has effects,
 * like rewinding a tape).
 */
export async function readRegular(absPath: string): Promise<RegularRead>;
/**
 * With `vet`: asked about the opened descriptor before anything is read (memory-read-guard.ts judges the path it
 * really opened); a returned refusal is handed back as is and nothing is read.
 */
export async function readRegular<R>(absPath: string, vet: (handle: fs.FileHandle, stat: Stats) => Promise<R | undefined>): Promise<RegularRead | R>;
export async function readRegular<R>(absPath: string, vet?: (handle: fs.FileHandle, stat: Stats) => Promise<R | undefined>): Promise<RegularRead | R> {
  const pre = await fs.stat(absPath).catch(() => null);
  const preSpecial = pre ? describeSpecial(pre) : null;
  if (preSpecial) return { kind: 'special', what: preSpecial };
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(absPath, OPEN_FLAGS);
  } catch (err) {
    return openFailure(err);
  }
  try {
    const stat = await handle.stat();
    const special = describeSpecial(stat);
    if (special) return { kind: 'special', what: special };
    const refused = vet ? await vet(handle, stat) : undefined;
    if (refused !== undefined) return refused;
    return { kind: 'file', bytes: await handle.readFile(), stat };
  } catch (err) {
    return { kind: 'error', error: err as NodeJS.ErrnoException };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** readRegular for the synchronous loaders (settings, .mcp.json, .gitignore). */
export function readRegularSync(absPath: string): RegularRead {
  let pre: Stats | undefined;
  try {
    pre = fsSync.statSync(absPath);
  } catch {
    pre = undefined;
  }
  const preSpecial = pre ? describeSpecial(pre) : null;
  if (preSpecial) return { kind: 'special', what: preSpecial };
  let fd: number;
  try {
    fd = fsSync.openSync(absPath, OPEN_FLAGS);
  } catch (err) {
    return openFailure(err);
  }
  try {
    const stat = fsSync.fstatSync(fd);
    const special = describeSpecial(stat);
    if (special) return { kind: 'special', what: special };
    return { kind: 'file', bytes: fsSync.readFileSync(fd), stat };
  } catch (err) {
    return { kind: 'error', error: err as NodeJS.ErrnoException };
  } finally {
    fsSync.closeSync(fd);
  }
}

/**
 * For loaders written around fs.readFile: the file's UTF-8 text, or a throw shaped like Node's own errors (`code`
 * ENOENT for a missing file, EISDIR for a folder, ENOTREGULAR for any other special file, with a message naming it).
 */
export function regularText(read: RegularRead, absPath: string): string {
  switch (read.kind) {
    case 'file':
      return read.bytes.toString('utf8');
    case 'missing':
      throw Object.assign(new Error(`${absPath} does not exist`), { code: 'ENOENT' });
    case 'special':
      throw Object.assign(new Error(`${absPath} is ${read.what}, not a regular file`), { code: read.what === 'a directory' ? 'EISDIR' : 'ENOTREGULAR' });
    case 'error':
      throw read.error;
    default: {
      const never: never = read;
      return never;
    }
  }
}

/** fs.readFile(path, 'utf8') that never blocks on a special file (see regularText for the errors). */
export async function readRegularText(absPath: string): Promise<string> {
  return regularText(await readRegular(absPath), absPath);
}

/** fs.readFileSync(path, 'utf8') that never blocks on a special file (see regularText for the errors). */
export function readRegularTextSync(absPath: string): string {
  return regularText(readRegularSync(absPath), absPath);
}
