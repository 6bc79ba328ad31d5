// Checkpoints: snapshots of the project in a shadow git repository, turn by turn, and restoring them.
export { CheckpointStore, promptLine } from './checkpoint-store';
export { findProjectRoot, projectHash, shadowDirFor } from './shadow-location';
export { DEFAULT_MAX_FILE_BYTES } from './snapshot';
export type { CheckpointInfo, CheckpointStoreOptions, FileChange, FileChangeStatus, RestoreReport } from './types';
