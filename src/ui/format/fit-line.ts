// One-row texts (the status line, hints, todo items) made to fit a width by whole words and whole parts: a word is
// never cut in the middle, and a row never spills onto a second, garbled one.
import stringWidth from 'string-width';
import { stripAnsi } from '../theme/ansi';

/**
 * `text` (plain) in at most `width` columns: whole words, then `…` when some were left out. A single word wider
 * than the row is the one case that is cut (there is nothing whole to keep).
 */
export function fitWords(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  if (width <= 1) return width === 1 ? '…' : '';
  const words = text.split(' ');
  let out = '';
  for (const w of words) {
    const next = out ? `${out} ${w}` : w;
    if (stringWidth(next) + 1 > width) break;
    out = next;
  }
  if (out) return out.replace(/[\s·,:;-]+$/, '') + '…';
  // The first word alone is too wide: cut it, as little as possible.
  let cut = '';
  for (const ch of text) {
    if (stringWidth(cut + ch) + 1 > width) break;
    cut += ch;
  }
  return cut + '…';
}

export interface Part {
  /** Styled text of this part. */
  text: string;
  /** Higher stays longer: the lowest-ranked parts are dropped first when the row is too narrow. */
  rank: number;
}

/**
 * The parts that fit in `width`, in their order, joined by `sep` (styled). Parts are dropped whole, lowest rank
 * first; if the most important one alone is too wide, its words are fitted (its styling is dropped then).
 */
export function fitParts(parts: Part[], width: number, sep: string): string {
  const sepWidth = stringWidth(sep);
  let kept = parts.filter((p) => p.text);
  const widthOf = (ps: Part[]) => ps.reduce((n, p, i) => n + stringWidth(p.text) + (i > 0 ? sepWidth : 0), 0);
  while (kept.length > 1 && widthOf(kept) > width) {
    const lowest = kept.reduce((lo, p) => (p.rank < lo.rank ? p : lo));
    kept = kept.filter((p) => p !== lowest);
  }
  if (kept.length === 1 && widthOf(kept) > width) return fitWords(stripAnsi(kept[0]!.text), width);
  return kept.map((p) => p.text).join(sep);
}
