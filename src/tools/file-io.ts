// Loading and saving text files for the file tools: what kind of file a path is, a text file's working form,
// and the guarded write (read-before-write check, atomic replace, format restored, tracker updated).
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { readRegular } from './regular-file';
import { atomicWriteFile, InPlaceWriteError, writeRefusal, WriteRefusedError } from './atomic-write';
import {
  carryBreaks,
  decodeFile,
  encodeText,
  NEW_FILE_FORMAT,
  UnencodableError,
  wholeTextSplice,
  type TextFormat,
} from './text-format';
import { ToolError, type ToolContext } from './types';

export { describeSpecial } from './regular-file';

/** A name in the same folder that is probably what was meant (other extension, other case, a typo). */
export async function suggestSimilarFile(absPath: string): Promise<string | null> {
  const dir = path.dirname(absPath);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return null;
  }
  const base = path.basename(absPath);
  const stem = base.replace(/\.[^.]*$/, '').toLowerCase();
  const lower = base.toLowerCase();
  const scored = names
    .map((name) => {
      const n = name.toLowerCase();
      if (n === lower) return { name, score: 0 };
      if (n.replace(/\.[^.]*$/, '') === stem) return { name, score: 1 };
      const d = editDistance(n, lower);
      return { name, score: d <= Math.max(2, Math.floor(lower.length / 5)) ? 1 + d : Infinity };
    })
    .filter((s) => s.score !== Infinity)
    .sort((a, b) => a.score - b.score);
  return scored[0] ? path.join(dir, scored[0].name) : null;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

export async function missingFileError(absPath: string, label: string): Promise<ToolError> {
  const dirExists = await fs
    .stat(path.dirname(absPath))
    .then((s) => s.isDirectory())
    .catch(() => false);
  if (!dirExists) return new ToolError(`${label} does not exist (nor does its folder ${path.dirname(absPath)}).`);
  const similar = await suggestSimilarFile(absPath);
  return new ToolError(
    similar ? `${label} does not exist. Did you mean ${similar}?` : `${label} does not exist. Check the path, or use Glob to find the file.`,
  );
}

export type OpenedFile = { kind: 'missing' } | { kind: 'file'; bytes: Buffer; stat: Stats };

/** Reads a regular file for the file tools (see readRegular), refusing anything else with a ToolError. */
export async function readRegularFile(absPath: string, label: string): Promise<OpenedFile> {
  const read = await readRegular(absPath);
  switch (read.kind) {
    case 'file':
      return read;
    case 'missing':
      return { kind: 'missing' };
    case 'special':
      if (read.what === 'a directory') throw new ToolError(`${label} is a directory: use LS to list it, or Glob to find files in it.`);
      throw new ToolError(`${label} is ${read.what}, not a regular file; tandem only reads and edits regular files.`);
    case 'error':
      throw new ToolError(`Cannot read ${label}: ${read.error.message}`);
    default: {
      const never: never = read;
      return never;
    }
  }
}

export interface LoadedText {
  exists: boolean;
  /** Working text: every line break is "\n" (the file's own breaks are in format.breaks). */
  text: string;
  format: TextFormat;
}

/** The current text of a file about to be edited; a missing file loads as empty with `exists: false`. */
export async function loadTextForEdit(absPath: string, label: string): Promise<LoadedText> {
  const opened = await readRegularFile(absPath, label);
  if (opened.kind === 'missing') return { exists: false, text: '', format: { ...NEW_FILE_FORMAT, breaks: [] } };
  const decoded = decodeFile(opened.bytes);
  switch (decoded.kind) {
    case 'binary':
      throw new ToolError(`${label} is a binary file (${opened.bytes.length} bytes); it cannot be edited as text.`);
    case 'foreign':
      throw new ToolError(
        `${label} cannot be edited: ${decoded.reason}. It was not changed. Convert it to UTF-8 first (for example with iconv) if that is acceptable, or change it with a tool that knows its encoding.`,
      );
    case 'text':
      return { exists: true, text: decoded.text, format: decoded.format };
    default: {
      const never: never = decoded;
      return never;
    }
  }
}

/** Refuses to change a file the model has not read, that changed on disk since it read it, or that was deleted since. */
export function assertWritable(absPath: string, exists: boolean, ctx: ToolContext): void {
  // A missing file the model never saw is a plain create; one it did read was deleted behind its back.
  if (!exists && !ctx.files.hasRead?.(absPath)) return;
  const problem = ctx.files.checkWritable(absPath);
  if (problem) throw new ToolError(problem);
}

/** The format of the text after replacing `before` by `after` in one piece (Write). */
export function formatAfterWrite(current: LoadedText, after: string): TextFormat {
  const breaks = carryBreaks(current.text, current.format.breaks, [wholeTextSplice(current.text, after)], current.format.eol);
  return { ...current.format, breaks };
}

/** The bytes to save; a ToolError when the file's encoding cannot hold the new text. */
export function encodeForSave(absPath: string, text: string, format: TextFormat): Buffer {
  try {
    return encodeText(text, format);
  } catch (err) {
    if (err instanceof UnencodableError) {
      throw new ToolError(`${absPath} was not changed: ${err.message}, the file's encoding. Use characters that encoding has (or an escape the file's language understands).`);
    }
    throw err;
  }
}

/** For Tool.validate: the message of the ToolError `check` throws (null when it passes or fails otherwise). */
export async function refusalOf(check: () => Promise<unknown>): Promise<string | null> {
  try {
    await check();
    return null;
  } catch (err) {
    return err instanceof ToolError ? err.message : null;
  }
}

/** Atomically writes working text back in the file's format, creating parent folders, and records the write. */
export async function saveText(absPath: string, text: string, format: TextFormat, ctx: ToolContext): Promise<void> {
  if (ctx.signal.aborted) throw new ToolError('Cancelled before writing; the file was not changed.');
  const bytes = encodeForSave(absPath, text, format);
  let stat: Stats;
  try {
    stat = await atomicWriteFile(absPath, bytes, { createParents: true });
  } catch (err) {
    if (err instanceof WriteRefusedError) throw new ToolError(err.message);
    throw new ToolError(writeFailureMessage(absPath, err as Error));
  }
  ctx.files.recordWrite(absPath, { bytes, stat });
}

/** What the model is told when a write failed: whether the file is intact, and where the new content is if not. */
export function writeFailureMessage(absPath: string, err: Error): string {
  if (err instanceof InPlaceWriteError) {
    return `Could not finish writing ${absPath} in place: ${err.cause.message}. The file may be partly rewritten; its complete new content is saved in ${err.keptCopy} . Copy that file over it (cp) once the cause is fixed, then remove the copy.`;
  }
  return `Could not write ${absPath}: ${err.message}. The file was left unchanged.`;
}

/** Everything a write of `text` to an existing or new file would refuse, checked without writing. */
export async function assertSavable(absPath: string, text: string, format: TextFormat): Promise<void> {
  encodeForSave(absPath, text, format);
  const refused = await writeRefusal(absPath);
  if (refused) throw new ToolError(refused);
}

const fileLocks = new Map<string, Promise<void>>();

/**
 * Runs one load-check-write of a file at a time, across every agent of the session: two subagents editing the same
 * file side by side would otherwise both check their reads, then the second write would silently drop the first.
 * With the lock the second one loads after the first wrote, and its now-stale read is refused.
 */
export async function withFileLock<T>(absPath: string, fn: () => Promise<T>): Promise<T> {
  const key = await fs.realpath(absPath).catch(() => absPath);
  const previous = fileLocks.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
  fileLocks.set(key, mine);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (fileLocks.get(key) === mine) fileLocks.delete(key);
  }
}
