// Counting terminal rows, so every live piece can be clamped to the space left (the live area must never reach
// the terminal's height, or Ink clears the whole screen).
import stringWidth from 'string-width';

export function rowsOf(line: string, columns: number): number {
  const w = stringWidth(line);
  return Math.max(1, Math.ceil(w / Math.max(1, columns)));
}

/** The last lines of `text` that fit in `maxRows`, and how many lines were left out. */
export function tailRows(text: string, maxRows: number, columns: number): { text: string; hidden: number } {
  const lines = text.split('\n');
  let used = 0;
  let i = lines.length;
  while (i > 0) {
    const r = rowsOf(lines[i - 1]!, columns);
    if (used + r > maxRows) break;
    used += r;
    i--;
  }
  return { text: lines.slice(i).join('\n'), hidden: i };
}

export function countRows(text: string, columns: number): number {
  return text.split('\n').reduce((n, l) => n + rowsOf(l, columns), 0);
}
