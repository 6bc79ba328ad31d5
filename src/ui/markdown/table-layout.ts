// A markdown table laid out for the terminal width: cells wrap inside their column (whole words where they fit),
// nothing is cut. When the terminal is too narrow for a column per field (fewer than MIN_COLUMN characters each),
// the table becomes a list: one block per row, one `header: value` line per field.
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { bold, gray, stripAnsi } from '../theme/ansi';

/** Narrower than this per column and a table is unreadable: the list layout is used instead. */
export const MIN_COLUMN = 3;

export type Align = 'left' | 'right' | 'center' | null;

/**
 * Column widths that fit `room` (the width left after borders): the natural widths when they fit. Else each column
 * starts at its longest word when all of those fit (no word is broken), or at an even share of the room; the rest
 * goes, a column at a time, to the one missing the most, so narrow columns stay whole and wide ones wrap.
 */
function columnWidths(natural: number[], longestWord: number[], room: number): number[] {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  if (sum(natural) <= room) return natural;
  const share = Math.floor(room / natural.length);
  const widths = sum(longestWord) <= room ? longestWord.map((w, i) => Math.min(w, natural[i]!)) : natural.map((n) => Math.max(1, Math.min(n, share)));
  let left = room - sum(widths);
  while (left > 0) {
    let best = -1;
    for (let i = 0; i < widths.length; i++) if (widths[i]! < natural[i]! && (best < 0 || natural[i]! - widths[i]! > natural[best]! - widths[best]!)) best = i;
    if (best < 0) break;
    widths[best]!++;
    left--;
  }
  return widths;
}

function pad(s: string, w: number, align: Align): string {
  const room = Math.max(0, w - stringWidth(s));
  if (align === 'right') return ' '.repeat(room) + s;
  if (align === 'center') return ' '.repeat(Math.floor(room / 2)) + s + ' '.repeat(Math.ceil(room / 2));
  return s + ' '.repeat(room);
}

/** A cell's lines at width `w` (a cell may hold line breaks of its own). */
function cellLines(cell: string, w: number): string[] {
  return cell.split('\n').flatMap((l) => wrapAnsi(l, w, { hard: true, trim: true }).split('\n'));
}

function grid(head: string[], rows: string[][], align: Align[], widths: number[]): string {
  const line = (cells: string[], isHead: boolean): string[] => {
    const wrapped = widths.map((w, i) => cellLines(cells[i] ?? '', w));
    const height = Math.max(1, ...wrapped.map((c) => c.length));
    const out: string[] = [];
    for (let r = 0; r < height; r++) {
      const parts = widths.map((w, i) => {
        const text = pad(wrapped[i]![r] ?? '', w, align[i] ?? null);
        return ` ${isHead ? bold(text) : text} `;
      });
      out.push(gray('│') + parts.join(gray('│')) + gray('│'));
    }
    return out;
  };
  const rule = (l: string, m: string, r: string) => gray(l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r);
  // Rows that wrap are told apart by a rule between every row.
  const lined = rows.map((r) => line(r, false));
  const multi = lined.some((l) => l.length > 1);
  const body = lined.flatMap((l, i) => (multi && i > 0 ? [rule('├', '┼', '┤'), ...l] : l));
  return [rule('┌', '┬', '┐'), ...line(head, true), rule('├', '┼', '┤'), ...body, rule('└', '┴', '┘')].join('\n');
}

/** One block per row: `header: value`, the value wrapped under itself. */
function recordList(head: string[], rows: string[][], width: number): string {
  return rows
    .map((r) =>
      head
        .map((h, i) => {
          const label = `${h || `column ${i + 1}`}: `;
          const labelWidth = stringWidth(label);
          const valueWidth = width - labelWidth;
          if (valueWidth < 10) {
            // Too narrow to hang the value beside its label: the value goes under it, indented.
            return [bold(label.trimEnd()), ...cellLines(r[i] ?? '', Math.max(1, width - 2)).map((l) => '  ' + l)].join('\n');
          }
          const lines = cellLines(r[i] ?? '', valueWidth);
          return lines.map((l, j) => (j === 0 ? bold(label) + l : ' '.repeat(labelWidth) + l)).join('\n');
        })
        .join('\n'),
    )
    .join('\n' + gray('─'.repeat(Math.max(1, Math.min(width, 20)))) + '\n');
}

/** The table for a terminal `width` columns wide. `head` and `rows` are rendered cells (styled, sanitised). */
export function layoutTable(head: string[], rows: string[][], align: Align[], width: number): string {
  const cols = Math.max(1, head.length);
  const room = width - (cols * 3 + 1);
  if (room < cols * MIN_COLUMN) return recordList(head, rows, width);
  const column = (i: number) => [head[i] ?? '', ...rows.map((r) => r[i] ?? '')].flatMap((c) => stripAnsi(c).split('\n'));
  const natural = head.map((_, i) => Math.max(1, ...column(i).map((l) => stringWidth(l))));
  const longestWord = head.map((_, i) => Math.max(1, ...column(i).flatMap((l) => l.split(/\s+/).map((w) => stringWidth(w)))));
  return grid(head, rows, align, columnWidths(natural, longestWord, room));
}
