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
import { applyRestore, planRestore } from './restore-files';
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
  const { id, sessionId, turn, time, prompt, files, kind } = record;
  return { id, sessionId, turn, time, prompt, files, kind };
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
    const run = this.queue.then(work, work);
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
      const files = (await diffTrees(this.git, before.tree, after)).map(toFileChange);
      if (files.length === 0) {
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

  /** Puts the files back as they were before the checkpoint's turn. The current state is first kept as a
   *  checkpoint of its own (undoId), so the restore can itself be undone. */
  async restore(id: string, opts: { dryRun?: boolean } = {}): Promise<RestoreReport> {
    const target = await this.find(id);
    return this.exclusive(async () => {
      const time = new Date().toISOString();
      const current = await this.snapshot();
      const plan = await planRestore(this.git, current, target.beforeTree);
      const files = plan.changes.map(toFileChange);
      const report: RestoreReport = { id: target.id, dryRun: !!opts.dryRun, files, skipped: plan.skipped, undoId: null };
      if (opts.dryRun || plan.changes.length === 0) return report;

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
