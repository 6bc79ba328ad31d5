// Two sessions on one project (two terminals): separate checkpoint histories; a restore of one session's
// checkpoint never touches what only the other changed; concurrent snapshots do not trip over each other; a
// restore changes exactly what was shown; a file that grew too large is never called deleted nor removed.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../../src/checkpoints';
import { runCheckpointsCommand } from '../../src/cli/checkpoints-command';
import { makeProject, writeFile, type TempProject } from './project-fixture';

let project: TempProject | null = null;
afterEach(() => {
  project?.cleanup();
  project = null;
});

async function openStore(p: TempProject, sessionId: string, maxFileBytes?: number): Promise<CheckpointStore> {
  const store = await CheckpointStore.open({ projectRoot: p.root, tandemHome: p.tandemHome, sessionId, maxFileBytes });
  if (!store) throw new Error('git should be available in tests');
  return store;
}

async function turn(store: CheckpointStore, index: number, write: () => void) {
  await store.beginTurn({ index, prompt: `turn ${index}` });
  await store.beforeWrite();
  write();
  return store.endTurn();
}

const BIG = 10 * 1024 * 1024 + 1;
const read = (p: TempProject, rel: string) => readFileSync(path.join(p.root, rel), 'utf8');

describe('two sessions on one project', () => {
  it("restoring session A's checkpoint leaves the files only session B changed", async () => {
    project = makeProject({ 'a.txt': 'a0\n', 'b.txt': 'b0\n', 'shared.txt': 's0\n' });
    const p = project;
    const [a, b] = await Promise.all([openStore(p, 'session-A'), openStore(p, 'session-B')]);
    const a1 = await turn(a, 1, () => writeFile(p.root, 'a.txt', 'a1\n'));
    const b1 = await turn(b, 1, () => {
      writeFile(p.root, 'b.txt', 'b1\n');
      writeFile(p.root, 'b-new.txt', 'created by B\n');
    });
    await turn(a, 2, () => writeFile(p.root, 'shared.txt', 's-by-A\n'));
    expect(a1!.files.map((f) => f.path)).toEqual(['a.txt']);
    expect(b1!.files.map((f) => f.path).sort()).toEqual(['b-new.txt', 'b.txt']);
    expect((await a.list({ sessionId: 'session-A' })).map((c) => c.turn)).toEqual([1, 2]);

    const plan = await a.restore(a1!.id, { dryRun: true });
    expect(plan.files.map((f) => f.path).sort()).toEqual(['a.txt', 'shared.txt']);
    expect(plan.otherChanges.sort()).toEqual(['b-new.txt', 'b.txt']);
    await a.restore(a1!.id, { expect: plan.files });
    expect(read(p, 'a.txt')).toBe('a0\n');
    expect(read(p, 'shared.txt')).toBe('s0\n');
    expect(read(p, 'b.txt')).toBe('b1\n');
    expect(read(p, 'b-new.txt')).toBe('created by B\n');
  });

  it('two stores snapshotting at the same time both record exactly their own turns', async () => {
    project = makeProject({ 'seed.txt': 'x\n' });
    const p = project;
    const [a, b] = await Promise.all([openStore(p, 'A'), openStore(p, 'B')]);
    // Interleaved snapshots on the one shadow repository: each store's before/after pairs must stay consistent.
    const runs = await Promise.all(
      [a, b].map(async (store, n) => {
        const out = [];
        for (let i = 0; i < 4; i++) {
          await store.beginTurn({ index: i, prompt: `p${i}` });
          await store.beforeWrite();
          writeFile(p.root, `${n === 0 ? 'a' : 'b'}-${i}.txt`, `${i}\n`);
          out.push(await store.endTurn());
        }
        return out;
      }),
    );
    runs.forEach((list, n) =>
      list.forEach((cp, i) => {
        expect(cp).not.toBeNull();
        expect(cp!.files.map((f) => f.path)).toContain(`${n === 0 ? 'a' : 'b'}-${i}.txt`);
      }),
    );
    const all = await a.list();
    expect(all.filter((c) => c.sessionId === 'A')).toHaveLength(4);
    expect(all.filter((c) => c.sessionId === 'B')).toHaveLength(4);
    // A turn's files are what changed during it; when two turns overlap in time, a file written in the overlap is
    // in both. Restoring A's first turn touches only files some turn of A's recorded: B's others stay.
    const first = runs[0]![0]!;
    const claimedByA = new Set(runs[0]!.flatMap((cp) => cp!.files.map((f) => f.path)));
    const plan = await a.restore(first.id, { dryRun: true });
    for (const f of plan.files) expect(claimedByA.has(f.path)).toBe(true);
    await a.restore(first.id, { expect: plan.files });
    for (let i = 0; i < 4; i++) if (!claimedByA.has(`b-${i}.txt`)) expect(read(p, `b-${i}.txt`)).toBe(`${i}\n`);
    for (let i = 0; i < 4; i++) expect(() => read(p, `a-${i}.txt`)).toThrow();
  });

  it('a restore changes exactly the files it showed, or nothing', async () => {
    project = makeProject({ 'a.txt': 'a0\n' });
    const p = project;
    const a = await openStore(p, 'A');
    const a1 = await turn(a, 1, () => writeFile(p.root, 'a.txt', 'a1\n'));
    const plan = await a.restore(a1!.id, { dryRun: true });
    // Session A writes another file between the list shown and the confirmation.
    await turn(a, 2, () => writeFile(p.root, 'late.txt', 'late\n'));
    await expect(a.restore(a1!.id, { expect: plan.files })).rejects.toThrow(/changed since the restore was shown/);
    expect(read(p, 'a.txt')).toBe('a1\n');
    expect(read(p, 'late.txt')).toBe('late\n');
  });

  it('tandem checkpoints restore lists what it will change and what it leaves alone, before asking', async () => {
    project = makeProject({ 'a.txt': 'a0\n', 'b.txt': 'b0\n', 'big.bin': 'small\n' });
    const p = project;
    // The default size limit (10 MB), as the command line uses.
    const a = await openStore(p, 'A');
    const b = await openStore(p, 'B');
    const a1 = await turn(a, 1, () => writeFile(p.root, 'a.txt', 'a1\n'));
    await turn(b, 1, () => writeFile(p.root, 'b.txt', 'b1\n'));
    const grown = await turn(a, 2, () => writeFile(p.root, 'big.bin', 'y'.repeat(BIG)));
    expect(grown!.files).toEqual([]);
    expect(grown!.tooLarge).toEqual(['big.bin']);

    let out = '';
    const questions: string[] = [];
    const io = {
      stdout: (s: string) => (out += s),
      stderr: (s: string) => (out += s),
      cwd: p.root,
      env: { ...process.env, TANDEM_HOME: p.tandemHome },
      confirm: async (q: string) => {
        questions.push(out);
        return true;
      },
    };
    const list = await runCheckpointsCommand([], io);
    expect(list).toBe(0);
    expect(out).toMatch(/! big\.bin {2}too large to track/);
    expect(out).not.toMatch(/D big\.bin/);
    out = '';
    expect(await runCheckpointsCommand(['restore', a1!.id], io)).toBe(0);
    expect(questions[0]).toMatch(/put back a\.txt/);
    expect(questions[0]).toMatch(/too large to track[^]*big\.bin/);
    expect(questions[0]).toMatch(/not by that session[^]*b\.txt/);
    expect(read(p, 'a.txt')).toBe('a0\n');
    expect(read(p, 'b.txt')).toBe('b1\n');
    expect(statSync(path.join(p.root, 'big.bin')).size).toBe(BIG);
  });

  it('takes over a lock left by a tandem that was killed, and waits for a live one', async () => {
    project = makeProject({ 'a.txt': 'a0\n' });
    const p = project;
    const a = await openStore(p, 'A');
    const lock = path.join(a.shadowDir, 'tandem.lock');
    // A pid that cannot be running: the lock of a killed process.
    writeFileSync(lock, '2147483646 2026-01-01T00:00:00Z\n');
    const a1 = await turn(a, 1, () => writeFile(p.root, 'a.txt', 'a1\n'));
    expect(a1!.files.map((f) => f.path)).toEqual(['a.txt']);
    expect(existsSync(lock)).toBe(false);
    // A live holder (this very process): the store waits until it lets go.
    writeFileSync(lock, `${process.pid} now\n`);
    let done = false;
    const pending = a.list().then(() => a.restore(a1!.id)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    expect(read(p, 'a.txt')).toBe('a1\n');
    rmSync(lock);
    await pending;
    expect(read(p, 'a.txt')).toBe('a0\n');
  });
});
