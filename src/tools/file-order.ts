// Newest-first ordering shared by Glob and Grep: the files the user touched last are the likeliest to matter, and
// when a list is cut short the recent ones survive the cut.
import fs from 'node:fs';

/**
 * Above this many files, stat-ing each one costs more than the search itself (about 6 µs a file here, far more
 * on a busy machine), and the list will be cut to a small fraction anyway: such lists are sorted by path.
 */
export const MTIME_SORT_LIMIT = 10_000;

/**
 * Sorts absolute paths by modification time, newest first; ties and unreadable files fall back to the path.
 * `byTime` is false when the list was too long and was sorted by path instead.
 */
export function sortNewestFirst(paths: string[], limit = MTIME_SORT_LIMIT): { paths: string[]; byTime: boolean } {
  if (paths.length > limit) return { paths: [...paths].sort(), byTime: false };
  // statSync in a plain loop is the fastest way from Node (promise-based stat costs ~5x more per file).
  const withTime = paths.map((p) => ({ p, t: fs.statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
  withTime.sort((a, b) => b.t - a.t || (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
  return { paths: withTime.map((x) => x.p), byTime: true };
}

export const NOT_BY_TIME_NOTE = `(more than ${MTIME_SORT_LIMIT.toLocaleString('en-US')} files: listed by path, not by modification time)`;

/** "1,234" */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
