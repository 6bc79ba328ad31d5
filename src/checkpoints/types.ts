// Public shapes of the checkpoint store: what the engine, /rewind and `tandem checkpoints` read.

export type FileChangeStatus = 'added' | 'modified' | 'deleted';

export interface FileChange {
  /** Path relative to the project root, with forward slashes. */
  path: string;
  status: FileChangeStatus;
  /** Lines added / removed (0 for binary files and pure mode changes). */
  added: number;
  removed: number;
  /** Set when the file mode changed (e.g. '100644' -> '100755' after chmod +x). */
  modeChange?: { from: string; to: string };
}

export interface CheckpointInfo {
  /** Short, unique id (a commit hash prefix in the shadow repository). */
  id: string;
  sessionId: string;
  turn: number;
  /** ISO time at which the 'before' state was captured. */
  time: string;
  /** First line of the turn's prompt, at most 200 characters. */
  prompt: string;
  files: FileChange[];
  /** 'turn' for an agent turn; 'restore' for the snapshot taken before a rewind (restoring it undoes the rewind). */
  kind: 'turn' | 'restore';
}

export interface RestoreReport {
  id: string;
  dryRun: boolean;
  /** What the restore changes (or would change), seen from the current state: 'added' = recreated,
   *  'deleted' = removed, 'modified' = content and/or mode put back. */
  files: FileChange[];
  /** Paths the restore leaves alone: ignored by the project's rules now, or present on disk but too large to be in
   *  the snapshots (overwriting them could not be undone). */
  skipped: string[];
  /** Checkpoint that undoes this restore (null for a dry run or when nothing had to change). */
  undoId: string | null;
}

export interface CheckpointStoreOptions {
  projectRoot: string;
  tandemHome: string;
  sessionId: string;
  /** Files larger than this are left out of snapshots. Default 10 MB. */
  maxFileBytes?: number;
  /** Checkpoints older than this are pruned automatically (at most once a day, when a store opens). Default 30. */
  autoPruneDays?: number;
  /** Environment to run git with (PATH decides whether git is found). Default process.env. */
  env?: NodeJS.ProcessEnv;
}
