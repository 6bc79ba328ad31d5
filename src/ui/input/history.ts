// Input history kept across sessions: one JSON line per submission in $TANDEM_HOME/history.jsonl, each tagged with
// the project it was typed in, so ↑ and ctrl+r offer what was typed in this project. Lines typed with a leading
// space are never written (as bash's ignorespace: the way to keep a secret out of the file).
import { appendFile, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Entries offered per project. */
export const HISTORY_CAP = 500;
/** Entries the file keeps over all projects; it is rewritten (atomically) when it holds twice as many. */
export const HISTORY_FILE_CAP = 5000;

/** The shortest line an entry makes: `{"text":"x","at":1700000000000}` and a newline. */
const MIN_ENTRY_BYTES = 30;

interface Entry {
  text: string;
  project?: string;
}

/** Whether a submitted line goes into the history (a leading space keeps it out, as in bash). */
export function shouldRecord(text: string): boolean {
  return text.trim() !== '' && !/^[ \t]/.test(text);
}

async function readEntries(file: string): Promise<Entry[]> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const out: Entry[] = [];
  for (const line of raw.split('\n')) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as { text?: unknown; project?: unknown };
      if (typeof v.text === 'string') out.push({ text: v.text, project: typeof v.project === 'string' ? v.project : undefined });
    } catch {
      // a torn line (a crash mid-write): skip it
    }
  }
  return out;
}

/**
 * The history offered in `project`, oldest first. Entries written before history was kept per project (no project
 * recorded) are offered everywhere. Without a project, everything.
 */
export async function loadHistory(file: string, project?: string): Promise<string[]> {
  const entries = await readEntries(file);
  const mine = project === undefined ? entries : entries.filter((e) => e.project === undefined || e.project === project);
  return mine.map((e) => e.text).slice(-HISTORY_CAP);
}

/**
 * Appends one entry (one append of one line: two shells writing at once do not tear each other's lines). When the
 * file has grown past twice its cap, it is rewritten with the newest entries through a temporary file and a
 * rename, so a crash halfway leaves the old file whole.
 */
export async function appendHistory(file: string, text: string, project?: string): Promise<void> {
  if (!shouldRecord(text)) return;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, JSON.stringify({ text, at: Date.now(), ...(project ? { project } : {}) }) + '\n', { mode: 0o600 });
    // Read back only when the file may be over its cap (no entry is shorter than this): not on every Enter.
    if ((await stat(file)).size < HISTORY_FILE_CAP * 2 * MIN_ENTRY_BYTES) return;
    const entries = await readEntries(file);
    if (entries.length > HISTORY_FILE_CAP * 2) {
      const kept = entries.slice(-HISTORY_FILE_CAP);
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      try {
        await writeFile(tmp, kept.map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: 0o600 });
        await rename(tmp, file);
      } catch {
        await unlink(tmp).catch(() => undefined);
      }
    }
  } catch {
    // history is a convenience: never fail a submission over it
  }
}
