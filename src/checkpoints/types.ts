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
  /** Files the turn changed that have grown past the size limit: too large to track, so they are neither in
   *  `files` (they were not deleted) nor ever restored. */
  tooLarge?: string[];
}

export interface RestoreReport {
  id: string;
  dryRun: boolean;
  /** What the restore changes (or would change), seen from the current state: 'added' = recreated,
   *  'deleted' = removed, 'modified' = content and/or mode put back. */
  files: FileChange[];
  /** Paths the restore leaves alone because the project's rules ignore them now. */
  skipped: string[];
  /** Paths left alone because they are too large to track (overwriting them could not be undone). */
  tooLarge: string[];
  /** Paths that differ from the checkpoint but that no turn of its session changed since (another session's work,
   *  or the user's own edits): a restore never touches them. */
  otherChanges: string[];
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
