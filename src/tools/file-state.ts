// One agent's memory of what it has seen on disk. Edits refuse files the agent never read, and files that changed
// since it read them (another agent, the user's editor, a formatter, git, a command). mtime and size are the quick
// check; a sha1 of the content settles the cases where they disagree (a `touch`, or a rewrite with identical bytes)
// so we do not raise false alarms, and catches same-size rewrites within the mtime granularity on coarse
// filesystems. The main agent and every Task run get their own tracker: a write by one agent must make the others'
// reads stale, which a shared record would hide.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FileStateTracker, SeenContent } from './types';

interface Snapshot {
  mtimeMs: number;
  size: number;
  sha1: string;
}

function sha1(data: Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

/** The file as it is now; null when it is missing or not a regular file (never blocks on a FIFO). */
function snapshot(absPath: string): Snapshot | null {
  let fd: number;
  try {
    fd = fs.openSync(absPath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return null;
    return { mtimeMs: stat.mtimeMs, size: stat.size, sha1: sha1(fs.readFileSync(fd)) };
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

export const STALE_MESSAGE = 'the file changed since you read it; read it again';

export class FileReadTracker implements FileStateTracker {
  private readonly seen = new Map<string, Snapshot>();

  recordRead(absPath: string, seen?: SeenContent): void {
    this.remember(absPath, seen);
  }

  recordWrite(absPath: string, seen?: SeenContent): void {
    this.remember(absPath, seen);
  }

  /** True once the agent has read (or written) the file. */
  hasRead(absPath: string): boolean {
    return this.seen.has(absPath);
  }

  checkWritable(absPath: string): string | null {
    const known = this.seen.get(absPath);
    if (!known) {
      return `You have not read ${absPath} yet. Read it with the Read tool first, then make the change.`;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absPath);
    } catch {
      // Deleted since the read: writing would silently recreate it from stale knowledge.
      return `${absPath} was deleted since you read it. Check whether it should still exist (Glob or LS), and read it again if it was moved back, before writing it.`;
    }
    // Same mtime and size: trust it, except when the mtime is so recent that a same-size rewrite could hide
    // within the filesystem's timestamp granularity; then the hash decides.
    const recent = Date.now() - stat.mtimeMs < 2000;
    if (stat.mtimeMs === known.mtimeMs && stat.size === known.size && !recent) return null;
    if (stat.size === known.size) {
      const now = snapshot(absPath);
      if (now && now.sha1 === known.sha1) {
        this.seen.set(absPath, now); // only touched: refresh so the next check is cheap
        return null;
      }
    }
    return `${absPath}: ${STALE_MESSAGE} (someone or something else changed it: another agent, the user, or a command). Read it again, then redo the change against its current content.`;
  }

  private remember(absPath: string, seen?: SeenContent): void {
    const snap = seen ? { mtimeMs: seen.stat.mtimeMs, size: seen.stat.size, sha1: sha1(seen.bytes) } : snapshot(absPath);
    if (snap) this.seen.set(absPath, snap);
    else this.seen.delete(absPath);
  }
}
