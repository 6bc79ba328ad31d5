// Reading a pseudo-terminal to its real end. node-pty reads the master side through a libuv stream, and libuv
// treats a hang-up seen after a short read as end-of-file. A pty hands out at most a few KB per read, so when the
// command exits while its last writes are still queued in the kernel, libuv closes the stream on data nobody has
// read: the tail of a fast writer's output (up to tens of KB) was lost in a large share of runs. node-pty also
// closes the stream itself 200 ms after the shell exits when something else (a background child) still holds the
// terminal. Both paths end in the stream's destroy(); just before it, we read what is left with plain read(2)
// until the kernel says the queue is empty (EAGAIN) or the other side is closed and drained (EIO).
import fs from 'node:fs';
import type { IPty } from 'node-pty';

/**
 * At most this much is read at the end. The kernel holds well under 1 MB per pty; the cap only matters when a
 * background child keeps writing into the terminal after the shell has gone, which is not the command's output.
 */
export const MAX_DRAIN_BYTES = 4 * 1024 * 1024;

/** The parts of node-pty's UnixTerminal we rely on (private in its typings). */
interface PtyInternals {
  fd?: unknown;
  _socket?: {
    destroy: (...args: unknown[]) => unknown;
    destroyed?: boolean;
    readableLength?: number;
    read?: () => unknown;
  };
}

/**
 * Makes `pty` hand every byte the command wrote to `onBytes` (in order, after the bytes already delivered
 * through onData) before its stream closes. Returns false when node-pty's internals are not what we expect, in
 * which case the output may end early (the Bash stress test catches a node-pty upgrade that changes them).
 */
export function drainBeforeClose(pty: IPty, onBytes: (bytes: Buffer) => void): boolean {
  const internals = pty as unknown as PtyInternals;
  const socket = internals._socket;
  const fd = internals.fd;
  if (!socket || typeof socket.destroy !== 'function' || typeof fd !== 'number') return false;
  const destroy = socket.destroy;
  let drained = false;
  socket.destroy = function drainThenDestroy(this: unknown, ...args: unknown[]) {
    if (!drained) {
      drained = true;
      // Chunks the stream has buffered but not emitted yet go out first, through the normal 'data' path.
      while (!socket.destroyed && (socket.readableLength ?? 0) > 0 && socket.read?.() != null);
      readRest(fd, onBytes);
    }
    return destroy.apply(this, args);
  };
  return true;
}

/** O_NONBLOCK in the octal `flags:` line of /proc/self/fdinfo (Linux). */
const O_NONBLOCK = 0o4000;

/**
 * False only when the fd is known to block: a blocking read with a background child holding the terminal open
 * would stall the whole process. libuv puts the master side in non-blocking mode; this guards against a change.
 */
function readsWithoutBlocking(fd: number): boolean {
  let info: string;
  try {
    info = fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
  } catch {
    return true; // no /proc (macOS): trust libuv
  }
  const flags = /^flags:\s*([0-7]+)/m.exec(info);
  return !flags?.[1] || (Number.parseInt(flags[1], 8) & O_NONBLOCK) !== 0;
}

function readRest(fd: number, onBytes: (bytes: Buffer) => void): void {
  if (!readsWithoutBlocking(fd)) return;
  const buf = Buffer.allocUnsafe(64 * 1024);
  let total = 0;
  while (total < MAX_DRAIN_BYTES) {
    let n: number;
    try {
      n = fs.readSync(fd, buf, 0, buf.length, null);
    } catch {
      return; // EAGAIN: nothing queued; EIO: the terminal is closed and empty; EBADF: already closed
    }
    if (n <= 0) return;
    total += n;
    onBytes(Buffer.from(buf.subarray(0, n)));
  }
}
