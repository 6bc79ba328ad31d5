// How a tool call reads in one line: its key argument and a short excerpt of its result.
import path from 'node:path';
import { sanitizeLine } from '../../text/sanitize';

/** A path relative to cwd when it is inside it (shorter to read), else as given. */
export function relPath(p: string, cwd: string): string {
  if (!path.isAbsolute(p)) return p;
  const rel = path.relative(cwd, p);
  return rel === '' ? '.' : rel.startsWith('..') ? p : rel;
}

const oneLine = (s: string, max = 80) => {
  const flat = s.replace(/\s*\n\s*/g, ' ⏎ ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
};

/** The argument that says what the call is about: a path, a command, a pattern, a url, a task. Sanitised: it is
 * the model's text, on one line. */
export function keyArgument(name: string, input: Record<string, unknown>, cwd: string): string {
  return sanitizeLine(rawKeyArgument(name, input, cwd));
}

function rawKeyArgument(name: string, input: Record<string, unknown>, cwd: string): string {
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
  const filePath = str('file_path') ?? str('notebook_path');
  if (filePath) return relPath(filePath, cwd);
  const command = str('command');
  if (command) return oneLine(command);
  const pattern = str('pattern');
  if (pattern) {
    const where = str('path');
    return where ? `${pattern} in ${relPath(where, cwd)}` : pattern;
  }
  const url = str('url');
  if (url) return url;
  const query = str('query');
  if (query) return oneLine(query);
  if (name === 'Task' || name === 'Agent') {
    const who = str('subagent_type');
    const what = str('description') ?? str('prompt') ?? '';
    return who ? `${who}: ${oneLine(what, 60)}` : oneLine(what, 60);
  }
  if (name === 'TodoWrite' && Array.isArray(input['todos'])) return `${input['todos'].length} items`;
  const p = str('path');
  if (p) return relPath(p, cwd);
  for (const v of Object.values(input)) if (typeof v === 'string') return oneLine(v, 60);
  return '';
}

/** The first `maxLines` lines of a result and how many were left out. */
export function excerpt(text: string, maxLines: number): { text: string; hidden: number } {
  const lines = text.replace(/\s+$/, '').split('\n');
  if (lines.length === 1 && lines[0] === '') return { text: '', hidden: 0 };
  if (lines.length <= maxLines) return { text: lines.join('\n'), hidden: 0 };
  return { text: lines.slice(0, maxLines).join('\n'), hidden: lines.length - maxLines };
}

export function resultText(content: string | Array<{ type: string; text?: string }>): string {
  if (typeof content === 'string') return content;
  return content.map((b) => (b.type === 'text' ? (b.text ?? '') : `[${b.type}]`)).join('\n');
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}
