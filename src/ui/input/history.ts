// Input history kept across sessions: one JSON line per submission in $TANDEM_HOME/history.jsonl.
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const HISTORY_CAP = 500;

export async function loadHistory(file: string): Promise<string[]> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const line of raw.split('\n')) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as { text?: unknown };
      if (typeof v.text === 'string') out.push(v.text);
    } catch {
      // a torn line (two shells writing at once): skip it
    }
  }
  return out.slice(-HISTORY_CAP);
}

/** Appends one entry; rewrites the file when it has grown well past the cap. */
export async function appendHistory(file: string, text: string, currentLength: number): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, JSON.stringify({ text, at: Date.now() }) + '\n');
    if (currentLength > HISTORY_CAP * 2) {
      const kept = await loadHistory(file);
      await writeFile(file, kept.map((t) => JSON.stringify({ text: t })).join('\n') + '\n');
    }
  } catch {
    // history is a convenience: never fail a submission over it
  }
}
