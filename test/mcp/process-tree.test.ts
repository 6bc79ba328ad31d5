// Finding and ending the processes a stdio server started (process-tree.ts), against real processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { descendantsOf, ProcessTree, processTable, psTable, type ProcessInfo } from '../../src/mcp/process-tree';
import { isRunning, waitFor } from './helpers';

const started: ChildProcess[] = [];
function start(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: 'ignore' });
  started.push(child);
  return child;
}

/** The pids under `pid`, as the system lists them now. */
function childrenOf(pid: number): number[] {
  return [...(processTable()?.values() ?? [])].filter((p) => p.ppid === pid && !p.zombie).map((p) => p.pid);
}

afterEach(() => {
  for (const child of started.splice(0)) {
    const tree = child.pid ? ProcessTree.snapshot(child.pid).pids : [];
    for (const pid of [child.pid, ...tree]) if (pid && isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
});

describe('descendantsOf', () => {
  const p = (pid: number, ppid: number, zombie = false): ProcessInfo => ({ pid, ppid, startedAt: `t${pid}`, zombie });

  it('walks the whole subtree, children first, without the root, its siblings or zombies', () => {
    const table = new Map([p(1, 0), p(10, 1), p(11, 10), p(12, 10), p(13, 11), p(14, 11, true), p(20, 1), p(21, 20)].map((i) => [i.pid, i]));
    expect(descendantsOf(10, table).map((i) => i.pid)).toEqual([11, 12, 13]);
    expect(descendantsOf(13, table)).toEqual([]);
  });
});

describe.skipIf(process.platform === 'win32')('ProcessTree', () => {
  it('lists the descendants of a process and ends them, leaving other processes alone', async () => {
    const root = start('/bin/sh', ['-c', 'sleep 30 & sleep 30 & wait']);
    const bystander = start('sleep', ['30']);
    await waitFor(() => childrenOf(root.pid!).length === 2);
    const tree = ProcessTree.snapshot(root.pid!);
    expect(tree.pids.sort()).toEqual(childrenOf(root.pid!).sort());
    expect(tree.pids).not.toContain(bystander.pid);
    expect(tree.rootRunning()).toBe(true);

    await tree.terminate(2000);
    expect(tree.pids.filter(isRunning)).toEqual([]);
    expect(isRunning(bystander.pid!)).toBe(true);
  });

  it('kills with SIGKILL what ignores SIGTERM, after the grace period', async () => {
    // The inner shell ignores TERM, and so does the sleep it starts (an ignored signal stays ignored across exec).
    const root = start('/bin/sh', ['-c', `sh -c 'trap "" TERM; sleep 30 & wait' & wait`]);
    await waitFor(() => childrenOf(root.pid!).some((pid) => childrenOf(pid).length === 1));
    const tree = ProcessTree.snapshot(root.pid!);
    expect(tree.pids).toHaveLength(2);
    const pids = tree.pids;
    const began = Date.now();
    await tree.terminate(300);
    expect(Date.now() - began).toBeGreaterThanOrEqual(300);
    await waitFor(() => pids.every((pid) => !isRunning(pid)), 2000);
  });

  it.skipIf(!hasPs())('reads the same parents from ps as from the system (the way other Unix systems list them)', () => {
    const viaPs = psTable();
    expect(viaPs?.get(process.pid)).toMatchObject({ pid: process.pid, ppid: process.ppid, zombie: false, startedAt: expect.stringMatching(/\d/) });
    const child = start('sleep', ['30']);
    expect(psTable()?.get(child.pid!)?.ppid).toBe(process.pid);
  });

  it('never signals a pid that now belongs to another process', async () => {
    const other = start('sleep', ['30']);
    await waitFor(() => processTable()?.has(other.pid!) === true);
    // The same pid with another start time: what a reused pid looks like.
    const stale = ProcessTree.of(null, [{ pid: other.pid!, ppid: 1, startedAt: 'an earlier process', zombie: false }]);
    await stale.terminate(100);
    await new Promise((r) => setTimeout(r, 100));
    expect(isRunning(other.pid!)).toBe(true);
  });
});

function hasPs(): boolean {
  try {
    execFileSync('ps', ['-o', 'pid=', '-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
