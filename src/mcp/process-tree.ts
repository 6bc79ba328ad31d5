// The processes a stdio MCP server started, so that closing the server ends them too. A server run through a
// launcher (`npx pkg`, `sh -c '...'`, `uv run`) is a grandchild of tandem: the SDK's close only signals the direct
// child, and when the launcher dies the real server lives on, adopted by init.
//
// The descendants are listed before the child is closed: once it exits they are reparented and can no longer be
// told from any other process. Each is remembered with its start time and checked again right before every
// signal, so a pid the system has handed to another process meanwhile is never signalled, and nothing that was not
// a descendant is ever killed. Linux reads /proc; other Unix systems ask `ps`; elsewhere nothing is listed (only
// the direct child is closed, as before).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Changes when the pid is reused: /proc's start tick on Linux, `ps`'s start time elsewhere. */
  startedAt: string;
  /** Exited but not yet reaped: nothing left to signal. */
  zombie: boolean;
}

/** Every process on the system by pid, or null where they cannot be listed. */
export function processTable(): Map<number, ProcessInfo> | null {
  if (process.platform === 'linux') return procTable();
  if (process.platform === 'win32') return null;
  return psTable();
}

function procTable(): Map<number, ProcessInfo> | null {
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return psTable();
  }
  const table = new Map<number, ProcessInfo>();
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const info = procInfo(Number(name));
    if (info) table.set(info.pid, info);
  }
  return table;
}

/** One process from /proc/<pid>/stat, or null if it is gone. */
function procInfo(pid: number): ProcessInfo | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const ppid = Number(fields[1]);
  const startedAt = fields[19];
  if (state === undefined || startedAt === undefined || !Number.isFinite(ppid)) return null;
  return { pid, ppid, startedAt, zombie: state === 'Z' || state === 'X' };
}

/** The table as `ps` gives it: the way on macOS and the BSDs (exported so Linux can test it too). */
export function psTable(): Map<number, ProcessInfo> | null {
  let out: string;
  try {
    out = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid=', '-o', 'stat=', '-o', 'lstart='], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  const table = new Map<number, ProcessInfo>();
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    table.set(pid, { pid, ppid: Number(m[2]), startedAt: m[4]!, zombie: m[3]!.startsWith('Z') });
  }
  return table;
}

/** The live descendants of `rootPid` in `table` (children first), not the root itself. */
export function descendantsOf(rootPid: number, table: Map<number, ProcessInfo>): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const info of table.values()) {
    if (info.pid === info.ppid) continue;
    const list = children.get(info.ppid) ?? [];
    list.push(info);
    children.set(info.ppid, list);
  }
  const out: ProcessInfo[] = [];
  const seen = new Set<number>([rootPid]);
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      if (!child.zombie) out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const POLL_MS = 50;

/** A process as it was listed, and its descendants then. */
export class ProcessTree {
  private constructor(
    private readonly root: ProcessInfo | null,
    private members: ProcessInfo[],
  ) {}

  /** Lists `rootPid`'s descendants now. */
  static snapshot(rootPid: number): ProcessTree {
    const table = processTable();
    if (!table) return new ProcessTree(null, []);
    return new ProcessTree(table.get(rootPid) ?? null, descendantsOf(rootPid, table));
  }

  /** A tree of known processes (for tests of the pid-reuse guard). */
  static of(root: ProcessInfo | null, members: ProcessInfo[]): ProcessTree {
    return new ProcessTree(root, members);
  }

  get pids(): number[] {
    return this.members.map((m) => m.pid);
  }

  /** True while the root process still runs (the same process, not a reuse of its pid). */
  rootRunning(table = processTable()): boolean {
    return this.root !== null && table !== null && isSame(this.root, table);
  }

  /** SIGTERM to every descendant still running, then SIGKILL to those still running after `graceMs`. */
  async terminate(graceMs = 1000): Promise<void> {
    if (this.members.length === 0) return;
    let table = processTable();
    if (!table) return;
    // Children a still-running member started after the snapshot are descendants too.
    const live = this.members.filter((m) => isSame(m, table!));
    const known = new Set(live.map((m) => m.pid));
    for (const member of [...live]) {
      for (const child of descendantsOf(member.pid, table)) {
        if (!known.has(child.pid)) {
          known.add(child.pid);
          live.push(child);
        }
      }
    }
    this.members = live;
    this.signal('SIGTERM', table);
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      await sleep(POLL_MS);
      table = processTable();
      if (!table) return;
      this.members = this.members.filter((m) => isSame(m, table!));
      if (this.members.length === 0) return;
    }
    table = processTable();
    if (table) this.signal('SIGKILL', table);
  }

  private signal(signal: NodeJS.Signals, table: Map<number, ProcessInfo>): void {
    for (const member of this.members) {
      if (!isSame(member, table)) continue;
      try {
        process.kill(member.pid, signal);
      } catch {
        // Exited in between, or not ours to signal: either way nothing more to do.
      }
    }
  }
}

function isSame(info: ProcessInfo, table: Map<number, ProcessInfo>): boolean {
  const now = table.get(info.pid);
  return now !== undefined && !now.zombie && now.startedAt === info.startedAt;
}

export interface CloseTreeOptions {
  /** How long the server may take to exit on its own once its stdin is closed; default 2 s, as the SDK waits. */
  stdinGraceMs?: number;
  /** Between SIGTERM and SIGKILL for the descendants; default 1 s. */
  termGraceMs?: number;
}

/**
 * Runs `close` (which ends the child's stdin and signals the child) and ends the child's descendants too. They get
 * the same chance as the child to exit on stdin EOF; after that, or as soon as the child has exited, or when
 * `close` is done, they get SIGTERM, and SIGKILL after a grace period. Never rejects.
 */
export async function closeWithDescendants(rootPid: number | null, close: () => Promise<void>, opts: CloseTreeOptions = {}): Promise<void> {
  const tree = rootPid !== null ? ProcessTree.snapshot(rootPid) : null;
  let closed = false;
  const closing = close().catch(() => {}).finally(() => {
    closed = true;
  });
  if (tree && tree.pids.length > 0) {
    // The SDK's close waits for the child's pipes to close, and the grandchildren hold them open: ending them is
    // also what lets that wait finish.
    const deadline = Date.now() + (opts.stdinGraceMs ?? 2000);
    while (!closed && Date.now() < deadline && tree.rootRunning()) await sleep(POLL_MS);
    await tree.terminate(opts.termGraceMs ?? 1000);
  }
  await closing;
}
