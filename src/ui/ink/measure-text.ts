// Ink's text measuring (the width of the widest line and the number of lines) with a bounded memory. Ink's own
// keeps every text it ever measured, so a streaming answer (a new text every frame) and the status line (a new text
// every spinner tick) made it grow all session. Line widths come from string-width, which remembers them per line.
// scripts/build.mjs routes Ink's import of its measure-text module here.
import stringWidth from 'string-width';

const MAX_ENTRIES = 2048;
const measured = new Map<string, { width: number; height: number }>();

export default function measureText(text: string): { width: number; height: number } {
  if (text.length === 0) return { width: 0, height: 0 };
  const known = measured.get(text);
  if (known) return known;
  const lines = text.split('\n');
  let width = 0;
  for (const line of lines) width = Math.max(width, stringWidth(line));
  const dimensions = { width, height: lines.length };
  if (measured.size >= MAX_ENTRIES) measured.clear();
  measured.set(text, dimensions);
  return dimensions;
}
