// Loading and saving text files for the file tools: what kind of file a path is, a text file's working form,
// and the guarded write (read-before-write check, atomic replace, format restored, tracker updated).
import fs from 'node:fs/promises';
import path from 'node:path';
import { atomicWriteFile } from './atomic-write';
import { decodeText, encodeText, type TextFormat } from './text-format';
import { ToolError, type ToolContext } from './types';

/** NUL bytes, or many control characters, in the first 8 KB mean the file is not text. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  if (sample.length === 0) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 7 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return control / sample.length > 0.1;
}

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

export interface LoadedText {
  exists: boolean;
  /** Working text: BOM removed, LF line endings when the file is CRLF. */
  text: string;
  format: TextFormat;
}

/** The current text of a file about to be edited; a missing file loads as empty with `exists: false`. */
export async function loadTextForEdit(absPath: string, label: string): Promise<LoadedText> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(absPath);
    if (stat.isDirectory()) throw new ToolError(`${label} is a directory, not a file.`);
    bytes = await fs.readFile(absPath);
  } catch (err) {
    if (err instanceof ToolError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { exists: false, text: '', format: { bom: false, eol: 'lf' } };
    }
    throw new ToolError(`Cannot read ${label}: ${(err as Error).message}`);
  }
  if (looksBinary(bytes)) throw new ToolError(`${label} is a binary file (${bytes.length} bytes); it cannot be edited as text.`);
  const { text, format } = decodeText(bytes);
  return { exists: true, text, format };
}

/** Refuses to change an existing file the model has not read, or that changed on disk since it read it. */
export function assertWritable(absPath: string, exists: boolean, ctx: ToolContext): void {
  if (!exists) return;
  const problem = ctx.files.checkWritable(absPath);
  if (problem) throw new ToolError(problem);
}

/** Atomically writes working text back with the file's format, creating parent folders, and records the write. */
export async function saveText(absPath: string, text: string, format: TextFormat, ctx: ToolContext): Promise<void> {
  if (ctx.signal.aborted) throw new ToolError('Cancelled before writing; the file was not changed.');
  try {
    await atomicWriteFile(absPath, encodeText(text, format), { createParents: true });
  } catch (err) {
    throw new ToolError(`Could not write ${absPath}: ${(err as Error).message}. The file was left unchanged.`);
  }
  ctx.files.recordWrite(absPath);
}
