// Ink's text measuring (the width of the widest line and the number of lines) with a bounded memory. Ink's own
// keeps every text it ever measured, so a streaming answer (a new text every frame) and the status line (a new text
// every spinner tick) made it grow all session. Line widths come from string-width, which remembers them per line.
// scripts/build.mjs routes Ink's import of its measure-text module here.
import stringWidth from 'string-width';
import { BoundedMemo } from '../bounded-memo';

/** Whole texts, as many as wrap-text keeps: a frame has a few dozen Text nodes, and a text can be long. */
const measured = new BoundedMemo<{ width: number; height: number }>(256);

export default function measureText(text: string): { width: number; height: number } {
  if (text.length === 0) return { width: 0, height: 0 };
  const known = measured.get(text);
  if (known) return known;
  const lines = text.split('\n');
  let width = 0;
  for (const line of lines) width = Math.max(width, stringWidth(line));
  return measured.set(text, { width, height: lines.length });
}
