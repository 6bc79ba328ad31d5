// `tandem --resume` without an id, in a terminal: a searchable list of the project's sessions (first prompt, time,
// turns, the start of the last answer). Typing filters, ↑/↓ move, Enter resumes, Esc quits. Drawn with plain
// escape codes before Ink loads, and erased when done, so the shell then starts as usual.
import type { SessionSummary } from '../session/transcript-store';
import type { SessionPreview } from '../session/session-preview';
import { sanitizeLine } from '../text/sanitize';

export type PickedSession = { kind: 'picked'; sessionId: string } | { kind: 'quit' };
export type PickerRow = SessionSummary & SessionPreview;

interface Io {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

/** The rows matching every word of `query` (case-insensitive) in the prompt, the answer, the agent or the id. */
export function filterRows(rows: readonly PickerRow[], query: string): PickerRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((r) => {
    const hay = `${r.firstPrompt}\n${r.lastAnswer}\n${r.agent}\n${r.sessionId}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text);
const gray = (s: string) => `\x1b[90m${s}\x1b[39m`;
const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;

function when(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The picker's lines for a terminal `columns` wide and `rows` high (no line wraps: each is clipped). */
export function pickerLines(all: readonly PickerRow[], query: string, selected: number, columns: number, rows: number): string[] {
  const shown = filterRows(all, query);
  const width = Math.max(20, columns - 1);
  const lines = [bold('Resume a session') + gray(`  (${shown.length} of ${all.length}) · type to search · ↑/↓ · Enter resumes · Esc quits`), `search: ${sanitizeLine(query)}█`];
  const fit = Math.max(1, Math.floor((rows - 4) / 2));
  const start = Math.min(Math.max(0, selected - fit + 1), Math.max(0, shown.length - fit));
  if (shown.length === 0) lines.push(gray('  no session matches; Backspace to widen the search'));
  shown.slice(start, start + fit).forEach((r, i) => {
    const on = start + i === selected;
    const head = `${when(r.modified)}  ${String(r.turns).padStart(3)} turn${r.turns === 1 ? ' ' : 's'}  ${sanitizeLine(r.firstPrompt) || '(no prompt)'}`;
    lines.push((on ? '❯ ' : '  ') + (on ? bold(clip(head, width - 2)) : clip(head, width - 2)));
    lines.push(gray(clip(`    ↳ ${sanitizeLine(r.lastAnswer) || '(no answer yet)'}`, width)));
  });
  return lines;
}

export function runSessionPicker(all: readonly PickerRow[], io: Io): Promise<PickedSession> {
  const { stdin, stdout } = io;
  let query = '';
  let selected = 0;
  let drawn = 0;
  const draw = () => {
    const lines = pickerLines(all, query, selected, stdout.columns || 80, stdout.rows || 24);
    // Back to the picker's first line, clear below, draw again.
    stdout.write((drawn > 1 ? `\x1b[${drawn - 1}F` : '\r') + '\x1b[J' + lines.join('\r\n'));
    drawn = lines.length;
  };
  return new Promise((resolve) => {
    const wasRaw = stdin.isRaw;
    stdin.setRawMode?.(true);
    stdin.resume();
    const finish = (result: PickedSession) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(wasRaw ?? false);
      stdin.pause();
      stdout.write((drawn > 1 ? `\x1b[${drawn - 1}F` : '\r') + '\x1b[J');
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      // One read may hold several keys (typed fast, or pasted): each is applied in order.
      for (let i = 0; i < text.length; i++) {
        const rest = text.slice(i);
        const shown = filterRows(all, query);
        if (rest.startsWith('\x1b[A') || rest.startsWith('\x1bOA')) {
          selected = Math.max(0, selected - 1);
          i += 2;
        } else if (rest.startsWith('\x1b[B') || rest.startsWith('\x1bOB')) {
          selected = Math.min(Math.max(0, shown.length - 1), selected + 1);
          i += 2;
        } else if (rest.startsWith('\x1b[')) {
          const end = rest.slice(2).search(/[@-~]/);
          i += end === -1 ? rest.length : end + 2; // another escape sequence: ignored whole
        } else if (rest[0] === '\x1b' || rest[0] === '\x03') {
          return finish({ kind: 'quit' });
        } else if (rest[0] === '\r' || rest[0] === '\n') {
          const pick = shown[selected];
          if (pick) return finish({ kind: 'picked', sessionId: pick.sessionId });
        } else if (rest[0] === '\x7f' || rest[0] === '\b') {
          query = query.slice(0, -1);
          selected = 0;
        } else if (rest[0]! >= ' ') {
          query += rest[0];
          selected = 0;
        }
      }
      draw();
    };
    stdin.on('data', onData);
    draw();
  });
}
