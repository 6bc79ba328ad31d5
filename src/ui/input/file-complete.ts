// `@path` completion: lists entries of the directory named so far (one level, capped), matching the rest.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const SKIP = new Set(['node_modules', '.git', 'dist', '.DS_Store']);
export const FILE_COMPLETION_CAP = 8;

/** The `@word` that ends at the cursor, if any. */
export function atToken(text: string, cursor: number): { start: number; query: string } | null {
  const before = text.slice(0, cursor);
  const m = /(^|\s)@([^\s@]*)$/.exec(before);
  if (!m) return null;
  return { start: cursor - m[2]!.length - 1, query: m[2]! };
}

export async function completeFiles(cwd: string, query: string, cap = FILE_COMPLETION_CAP): Promise<string[]> {
  const slash = query.lastIndexOf('/');
  const dirPart = slash >= 0 ? query.slice(0, slash + 1) : '';
  const prefix = (slash >= 0 ? query.slice(slash + 1) : query).toLowerCase();
  let entries: Array<{ name: string; isDirectory(): boolean }>;
  try {
    entries = await readdir(path.resolve(cwd, dirPart || '.'), { withFileTypes: true });
  } catch {
    return [];
  }
  const matches = entries
    .filter((e) => !SKIP.has(e.name) && (prefix.startsWith('.') || !e.name.startsWith('.')))
    .filter((e) => e.name.toLowerCase().startsWith(prefix))
    .sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name))
    .slice(0, cap)
    .map((e) => dirPart + e.name + (e.isDirectory() ? '/' : ''));
  if (matches.length < cap && prefix.length > 0) {
    // Then names that merely contain the text.
    for (const e of entries) {
      if (matches.length >= cap) break;
      const n = e.name.toLowerCase();
      if (!SKIP.has(e.name) && !n.startsWith(prefix) && n.includes(prefix)) matches.push(dirPart + e.name + (e.isDirectory() ? '/' : ''));
    }
  }
  return matches;
}
