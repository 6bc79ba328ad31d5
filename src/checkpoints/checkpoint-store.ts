// The checkpoint store the engine drives: a snapshot of the project before a turn's first writing tool call, one
// after the turn, and a checkpoint when they differ. No UI here; /rewind and `tandem checkpoints` sit on top.
import path from 'node:path';
import { autoPruneDue, markAutoPruned } from './auto-prune';
import { diffTrees, toFileChange } from './tree-diff';
import {
  commitBefore,
  commitCheckpoint,
  deleteRefs,
  dropPending,
  pendingRef,
  readCheckpoints,
  stalePendingRefs,
  type CheckpointRecord,
} from './records';
import { applyRestore, isTooLarge, planRestore } from './restore-files';
import { withShadowLock } from './shadow-lock';
import { gitAvailable, ShadowGit } from './shadow-git';
import { ensureShadowRepo, projectExcludeConfig } from './shadow-init';
import { shadowDirFor } from './shadow-location';
import { DEFAULT_MAX_FILE_BYTES, SnapshotMemory, snapshotTree } from './snapshot';
import type { CheckpointInfo, CheckpointStoreOptions, FileChange, RestoreReport } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;
const PROMPT_LIMIT = 200;

interface BeforeState {
  tree: string;
  commit: string;
  time: string;
}

/** First line of a prompt, trimmed to what a list can show. */
export function promptLine(prompt: string): string {
  const first = (prompt.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim();
  return first.length > PROMPT_LIMIT ? `${first.slice(0, PROMPT_LIMIT - 1)}…` : first;
}

function publicInfo(record: CheckpointRecord): CheckpointInfo {
  const { id, sessionId, turn, time, prompt, files, kind, tooLarge } = record;
  const info: CheckpointInfo = { id, sessionId, turn, time, prompt, files, kind };
  if (tooLarge && tooLarge.length > 0) info.tooLarge = tooLarge;
  return info;
}

/** Paths a restore to `target` may touch: what the target's session changed from that turn on (its turns and its
 *  own restores). Files only another session, or the user by hand, changed are not its to put back. */
function sessionScope(records: CheckpointRecord[], target: CheckpointRecord): Set<string> {
  const paths = new Set<string>();
  for (const r of records) {
    if (r.sessionId !== target.sessionId) continue;
    if (r.id !== target.id && r.time.localeCompare(target.time) < 0) continue;
    for (const f of r.files) paths.add(f.path);
    for (const p of r.tooLarge ?? []) paths.add(p);
  }
  return paths;
}

/** Same files, same statuses: what was shown is what will be done. */
function samePlan(a: FileChange[], b: FileChange[]): boolean {
  const key = (list: FileChange[]) => list.map((f) => `${f.status} ${f.path}`).sort().join('\n');
  return key(a) === key(b);
}

export class CheckpointStore {
  private turn = { index: 0, prompt: '' };
  private before: Promise<BeforeState> | null = null;
  /** Serialises work on the shadow index within this process. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly git: ShadowGit,
    private readonly sessionId: string,
    private readonly maxFileBytes: number,
    private readonly memory: SnapshotMemory,
    readonly shadowDir: string,
  ) {}

  private snapshot(): Promise<string> {
    return snapshotTree(this.git, this.maxFileBytes, this.memory);
  }

  /** Opens (creating if needed) the project's shadow repository; null when git cannot be run. */
  static async open(opts: CheckpointStoreOptions): Promise<CheckpointStore | null> {
    const env = opts.env ?? process.env;
    if (!(await gitAvailable(env))) return null;
    const shadowDir = shadowDirFor(opts.tandemHome, opts.projectRoot);
    await ensureShadowRepo(shadowDir, opts.projectRoot, env);
    const git = new ShadowGit(shadowDir, opts.projectRoot, env, projectExcludeConfig(opts.projectRoot));
    const memory = new SnapshotMemory(path.join(opts.projectRoot, '.git', 'info', 'exclude'));
    const store = new CheckpointStore(git, opts.sessionId, opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, memory, shadowDir);
    if (await autoPruneDue(shadowDir)) {
      await store.prune({ olderThanDays: opts.autoPruneDays ?? 30 });
      await markAutoPruned(shadowDir);
    }
    return store;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    // In this process one call at a time; across processes (two terminals on one project), the shadow lock.
    const locked = () => withShadowLock(this.shadowDir, work);
    const run = this.queue.then(locked, locked);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Optional: fills the shadow index ahead of time (hashing every file once on a project never seen), so the
   *  first writing tool call of the session does not pay for it. Safe to run in the background. */
  async warmUp(): Promise<void> {
    await this.exclusive(() => this.snapshot());
  }

  /** Remembers the turn; the snapshot waits for its first writing tool call. */
  async beginTurn(turn: { index: number; prompt: string }): Promise<void> {
    this.turn = { index: turn.index, prompt: turn.prompt };
    this.before = null;
  }

  /** Call before each writing tool call (Write, Edit, MultiEdit, NotebookEdit, Bash); only the first of a turn
   *  snapshots, later calls return at once. */
  async beforeWrite(): Promise<void> {
    if (!this.before) {
      const pending = pendingRef(this.sessionId);
      const attempt = this.exclusive(async () => {
        const time = new Date().toISOString();
        const tree = await this.snapshot();
        const commit = await commitBefore(this.git, tree, time, pending);
        return { tree, commit, time };
      });
      this.before = attempt;
      // A failed snapshot must not stick: the next writing call tries again.
      attempt.catch(() => {
        if (this.before === attempt) this.before = null;
      });
    }
    await this.before;
  }

  /** Snapshots the 'after' state; records a checkpoint when the turn changed files, else returns null. */
  async endTurn(): Promise<CheckpointInfo | null> {
    const beforePromise = this.before;
    this.before = null;
    if (!beforePromise) return null;
    const before = await beforePromise;
    const pending = pendingRef(this.sessionId);
    return this.exclusive(async () => {
      const after = await this.snapshot();
      const deltas = await diffTrees(this.git, before.tree, after);
      // A file that grew past the size limit leaves the snapshot: it was not deleted, it is too large to track.
      const tooLarge: string[] = [];
      const files: FileChange[] = [];
      for (const delta of deltas) {
        if (delta.status === 'deleted' && (await isTooLarge(this.git.workTree, delta.path, this.maxFileBytes))) tooLarge.push(delta.path);
        else files.push(toFileChange(delta));
      }
      if (files.length === 0 && tooLarge.length === 0) {
        await dropPending(this.git, pending);
        return null;
      }
      const record = await commitCheckpoint(
        this.git,
        before.commit,
        {
          kind: 'turn',
          sessionId: this.sessionId,
          turn: this.turn.index,
          time: before.time,
          prompt: promptLine(this.turn.prompt),
          beforeTree: before.tree,
          afterTree: after,
          files,
          ...(tooLarge.length > 0 ? { tooLarge } : {}),
        },
        pending,
      );
      return publicInfo(record);
    });
  }

  /** Checkpoints of this project, oldest first; all sessions unless one is named. */
  async list(opts: { sessionId?: string } = {}): Promise<CheckpointInfo[]> {
    const records = await readCheckpoints(this.git);
    return records.filter((r) => opts.sessionId === undefined || r.sessionId === opts.sessionId).map(publicInfo);
  }

  private async find(id: string): Promise<CheckpointRecord> {
    const wanted = id.trim().toLowerCase();
    const matches = (await readCheckpoints(this.git)).filter((r) => wanted.length >= 4 && r.id.startsWith(wanted));
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
      throw new Error(`No checkpoint "${id}" in this project. Run \`tandem checkpoints\` to list the ids.`);
    }
    throw new Error(`"${id}" matches ${matches.length} checkpoints; give more of the id.`);
  }

  /** Files the checkpoint's turn changed, with +/- counts. */
  async diffFiles(id: string): Promise<FileChange[]> {
    return (await this.find(id)).files;
  }

  /** Puts the files the checkpoint's session changed back as they were before the checkpoint's turn. The current
   *  state is first kept as a checkpoint of its own (undoId), so the restore can itself be undone. `expect`: the
   *  files a dry run showed the user; when the restore would now change anything else (another session wrote
   *  meanwhile), nothing is touched and the restore fails with a message saying to look again. */
  async restore(id: string, opts: { dryRun?: boolean; expect?: FileChange[] } = {}): Promise<RestoreReport> {
    const target = await this.find(id);
    return this.exclusive(async () => {
      const time = new Date().toISOString();
      const records = await readCheckpoints(this.git);
      const scope = sessionScope(records, target);
      const current = await this.snapshot();
      const plan = await planRestore(this.git, current, target.beforeTree, { scope, maxFileBytes: this.maxFileBytes });
      const files = plan.changes.map(toFileChange);
      const report: RestoreReport = {
        id: target.id,
        dryRun: !!opts.dryRun,
        files,
        skipped: plan.skipped,
        tooLarge: plan.tooLarge,
        otherChanges: plan.otherChanges,
        undoId: null,
      };
      if (opts.dryRun) return report;
      if (opts.expect && !samePlan(opts.expect, files)) {
        throw new Error('the files changed since the restore was shown (another session or an editor wrote meanwhile); nothing was restored: look at the list again and confirm');
      }
      if (plan.changes.length === 0) return report;

      const undoRef = `${pendingRef(this.sessionId)}-restore`;
      const beforeCommit = await commitBefore(this.git, current, time, undoRef);
      try {
        await applyRestore(this.git, target.beforeTree, plan);
      } finally {
        // Recorded even when the restore stopped half-way, so whatever it did can be undone.
        const after = await this.snapshot();
        const changed = (await diffTrees(this.git, current, after)).map(toFileChange);
        if (changed.length > 0) {
          const undo = await commitCheckpoint(
            this.git,
            beforeCommit,
            {
              kind: 'restore',
              sessionId: this.sessionId,
              turn: target.turn,
              time,
              prompt: promptLine(`Before restoring ${target.id} (turn ${target.turn}: ${target.prompt})`),
              beforeTree: current,
              afterTree: after,
              files: changed,
            },
            undoRef,
          );
          report.undoId = undo.id;
        } else {
          await dropPending(this.git, undoRef);
        }
      }
      return report;
    });
  }

  /** Removes checkpoints older than the given number of days; returns how many went. */
  async prune(opts: { olderThanDays: number }): Promise<number> {
    const cutoff = new Date(Date.now() - opts.olderThanDays * DAY_MS);
    return this.exclusive(async () => {
      const old = (await readCheckpoints(this.git)).filter((r) => new Date(r.time) < cutoff);
      const stale = (await stalePendingRefs(this.git, cutoff)).filter((ref) => ref !== pendingRef(this.sessionId));
      await deleteRefs(this.git, [...old.map((r) => r.ref), ...stale]);
      if (old.length > 0) {
        // The grace period keeps objects a running turn has just written but not yet referenced.
        await this.git.run(['gc', '--quiet', '--prune=1.hour.ago']);
      }
      return old.length;
    });
  }
}
