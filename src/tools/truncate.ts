// The one place tool output is cut down for the model. Past the limit we keep the head (about two thirds) and
// the tail (one third), cut at line breaks when one is near, save the whole text under the session folder, and
// tell the model where it is so it can Read or Grep the part it needs.
import fs from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_OUTPUT_LIMIT = 30_000;

export interface TruncateOptions {
  sessionDir: string;
  toolUseId: string;
  /** Characters allowed before cutting; defaults to 30,000. */
  limit?: number;
}

/** Moves a cut point back to just after a line break if one lies within `slack` characters. */
function snapToLine(text: string, at: number, slack: number, direction: 'back' | 'forward'): number {
  if (direction === 'back') {
    const nl = text.lastIndexOf('\n', at - 1);
    return nl >= 0 && at - (nl + 1) <= slack ? nl + 1 : at;
  }
  const nl = text.indexOf('\n', at);
  return nl >= 0 && nl + 1 - at <= slack ? nl + 1 : at;
}

export async function truncateForModel(text: string, opts: TruncateOptions): Promise<string> {
  const limit = opts.limit ?? DEFAULT_OUTPUT_LIMIT;
  if (text.length <= limit) return text;

  const safeId = opts.toolUseId.replace(/[^A-Za-z0-9_-]/g, '_') || 'output';
  const savedPath = path.join(opts.sessionDir, 'tool-output', `${safeId}.txt`);
  let saved = true;
  try {
    await fs.mkdir(path.dirname(savedPath), { recursive: true });
    await fs.writeFile(savedPath, text, 'utf8');
  } catch {
    saved = false;
  }

  const slack = Math.floor(limit / 20);
  const headEnd = snapToLine(text, Math.floor((limit * 2) / 3), slack, 'back');
  const tailStart = snapToLine(text, text.length - Math.floor(limit / 3), slack, 'forward');
  const cut = tailStart - headEnd;
  const where = saved
    ? `The full output (${text.length} characters) is saved at ${savedPath}: use Read with offset/limit or Grep on it to see the rest.`
    : `The full output could not be saved; rerun with a narrower request to see the rest.`;
  const head = text.slice(0, headEnd);
  const marker = `${head.endsWith('\n') ? '' : '\n'}[... ${cut} characters cut from the middle. ${where} ...]\n`;
  return head + marker + text.slice(tailStart);
}
