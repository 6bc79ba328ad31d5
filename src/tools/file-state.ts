// Session memory of what the model has seen on disk. Edits refuse files the model never read, and files that
// changed since it read them (another editor, a formatter, git). mtime and size are the quick check; a sha1 of
// the content settles the cases where they disagree (a `touch`, or a rewrite with identical bytes) so we do not
// raise false alarms, and catches same-size rewrites within the mtime granularity on coarse filesystems.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FileStateTracker } from './types';

interface Snapshot {
  mtimeMs: number;
  size: number;
  sha1: string;
}

function sha1(data: Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

function snapshot(absPath: string): Snapshot | null {
  try {
    const stat = fs.statSync(absPath);
    if (!stat.isFile()) return null;
    return { mtimeMs: stat.mtimeMs, size: stat.size, sha1: sha1(fs.readFileSync(absPath)) };
  } catch {
    return null;
  }
}

export class FileReadTracker implements FileStateTracker {
  private readonly seen = new Map<string, Snapshot>();

  recordRead(absPath: string): void {
    this.remember(absPath);
  }

  recordWrite(absPath: string): void {
    this.remember(absPath);
  }

  /** True once the model has read (or written) the file in this session. */
  hasRead(absPath: string): boolean {
    return this.seen.has(absPath);
  }

  checkWritable(absPath: string): string | null {
    const known = this.seen.get(absPath);
    if (!known) {
      return `You have not read ${absPath} in this session. Read it with the Read tool first, then make the change.`;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absPath);
    } catch {
      // Deleted since the read: writing would silently recreate it from stale knowledge.
      return `${absPath} was deleted since you read it. Check whether it should still exist before writing it again.`;
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
    return `${absPath} changed since you read it. Read it again, then redo the change against its current content.`;
  }

  private remember(absPath: string): void {
    const snap = snapshot(absPath);
    if (snap) this.seen.set(absPath, snap);
    else this.seen.delete(absPath);
  }
}
