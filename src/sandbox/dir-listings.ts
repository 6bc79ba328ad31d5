// Directory listings kept between sandboxed commands, so the scan for protected paths before each command reads
// only the folders that changed. A listing is reused only while the folder's own stat is the same (device, inode,
// change and modification times): adding, removing or renaming an entry changes the folder's mtime and ctime.
// Timestamps are coarse (a kernel clock tick, a file server's granularity), so two changes in one tick can leave
// the same mtime; a listing read less than RACY_MS after the folder's last change is therefore read again next
// time (git's "racily clean" rule), and only a listing of a folder that had already been still for that long is
// trusted.
import fs from 'node:fs';

export type EntryKind = 'dir' | 'file' | 'symlink' | 'other';

export interface Entry {
  name: string;
  kind: EntryKind;
}

/** What a folder holds: its entries, or why there are none to read. */
export type Listing =
  | { kind: 'entries'; entries: Entry[] }
  | { kind: 'absent' }
  /** There, but not readable (mode 000...): the caller keeps the whole folder read-only. */
  | { kind: 'unreadable' };

/** A folder changed within this long before it was read is read again at the next scan. */
export const RACY_MS = 2000n;

interface Kept {
  dev: bigint;
  ino: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  /** Wall clock (ns) just before the folder was read. */
  readAtNs: bigint;
  entries: Entry[];
}

function kindOf(d: fs.Dirent): EntryKind {
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isDirectory()) return 'dir';
  if (d.isFile()) return 'file';
  return 'other';
}

/** Whether anything (a link included, not followed) is at the path. */
export function pathExists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

export class DirListings {
  private readonly kept = new Map<string, Kept>();
  private readonly racyNs: bigint;
  /** Folders asked about since the last endScan. */
  private readonly touched = new Set<string>();
  /** Folders actually read (not served from the cache) since the last reset: for tests and the bench. */
  reads = 0;

  /** `racyMs`: tests set it to 0 to see reuse without waiting; never lower it in a session. */
  constructor(racyMs: bigint = RACY_MS) {
    this.racyNs = racyMs * 1_000_000n;
  }

  list(dir: string): Listing {
    this.touched.add(dir);
    let st: fs.BigIntStats;
    try {
      st = fs.lstatSync(dir, { bigint: true });
    } catch {
      this.kept.delete(dir);
      return { kind: 'absent' };
    }
    if (!st.isDirectory()) {
      this.kept.delete(dir);
      return { kind: 'absent' };
    }
    const old = this.kept.get(dir);
    if (old && old.dev === st.dev && old.ino === st.ino && old.mtimeNs === st.mtimeNs && old.ctimeNs === st.ctimeNs
      && st.mtimeNs + this.racyNs < old.readAtNs && st.ctimeNs + this.racyNs < old.readAtNs) {
      return { kind: 'entries', entries: old.entries };
    }
    const readAtNs = nowNs();
    let entries: Entry[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).map((d) => ({ name: d.name, kind: kindOf(d) }));
    } catch (error) {
      this.kept.delete(dir);
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'absent' } : { kind: 'unreadable' };
    }
    this.reads++;
    this.kept.set(dir, { dev: st.dev, ino: st.ino, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, readAtNs, entries });
    return { kind: 'entries', entries };
  }

  /** Ends one scan: forgets folders it did not ask about, so the cache does not grow with folders long gone. */
  endScan(): void {
    for (const dir of this.kept.keys()) if (!this.touched.has(dir)) this.kept.delete(dir);
    this.touched.clear();
  }
}
