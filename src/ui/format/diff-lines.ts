// A diff preview as terminal lines: unified hunks with line numbers, red/green, changed words highlighted.
import { diffWordsWithSpace, structuredPatch } from 'diff';
import stringWidth from 'string-width';
import { sanitizeLine } from '../../text/sanitize';
import { bgDiffAdded, bgDiffRemoved, bgWordAdded, bgWordRemoved, bold, gray, green, red } from '../theme/ansi';

export interface DiffLines {
  added: number;
  removed: number;
  /** Body rows, each exactly one terminal row (a long line wraps onto several). */
  lines: string[];
  isNewFile: boolean;
}

type Seg = { text: string; changed: boolean };

/** Splits styled segments into rows of at most `width` columns: nothing is cut. */
function wrapSegments(segs: Seg[], width: number): Seg[][] {
  const rows: Seg[][] = [[]];
  let used = 0;
  for (const s of segs) {
    const w = stringWidth(s.text);
    if (used + w <= width) {
      rows[rows.length - 1]!.push(s);
      used += w;
      continue;
    }
    let t = '';
    for (const ch of s.text) {
      const cw = stringWidth(ch);
      if (used + cw > width && used > 0) {
        if (t) rows[rows.length - 1]!.push({ text: t, changed: s.changed });
        rows.push([]);
        t = '';
        used = 0;
      }
      t += ch;
      used += cw;
    }
    if (t) rows[rows.length - 1]!.push({ text: t, changed: s.changed });
  }
  return rows;
}

// File content is outside text: each line is sanitised as it is drawn (a CRLF line end is not shown).
const clean = (s: string) => sanitizeLine(s.replace(/\t/g, '  ').replace(/\r$/, ''));

/**
 * One file line as one or more terminal rows. A long line wraps: its continuation rows carry `↪` in the number
 * column, so the sign column and the text stay aligned.
 */
function renderLine(num: number | null, numWidth: number, sign: ' ' | '+' | '-', segs: Seg[], width: number): string[] {
  const gutter = `${num === null ? ' '.repeat(numWidth) : String(num).padStart(numWidth)} ${sign} `;
  const more = `${' '.repeat(numWidth - 1)}↪ ${sign} `;
  const rows = wrapSegments(segs, Math.max(10, width - gutter.length));
  const line = sign === '+' ? bgDiffAdded : bgDiffRemoved;
  const word = sign === '+' ? bgWordAdded : bgWordRemoved;
  const paint = sign === '+' ? green : red;
  return rows
    .map((body, i) => {
      const g = i === 0 ? gutter : more;
      if (sign === ' ') return gray(g) + body.map((s) => s.text).join('');
      return paint(g) + line(body.map((s) => (s.changed ? word(s.text) : s.text)).join(''));
    });
}

/** Words changed between a removed and an added line, as segments for each side. */
function wordSegments(oldLine: string, newLine: string): { old: Seg[]; new: Seg[] } {
  const parts = diffWordsWithSpace(oldLine, newLine);
  const o: Seg[] = [];
  const n: Seg[] = [];
  for (const p of parts) {
    if (p.added) n.push({ text: p.value, changed: true });
    else if (p.removed) o.push({ text: p.value, changed: true });
    else {
      o.push({ text: p.value, changed: false });
      n.push({ text: p.value, changed: false });
    }
  }
  return { old: o, new: n };
}

export function buildDiffLines(oldText: string | null, newText: string, width: number): DiffLines {
  if (oldText === null) {
    const lines = newText.replace(/\n$/, '').split('\n');
    const numWidth = String(lines.length).length;
    return {
      added: newText === '' ? 0 : lines.length,
      removed: 0,
      isNewFile: true,
      lines: lines.flatMap((l, i) => renderLine(i + 1, numWidth, '+', [{ text: clean(l), changed: false }], width)),
    };
  }
  const patch = structuredPatch('a', 'b', oldText, newText, '', '', { context: 3 });
  let added = 0;
  let removed = 0;
  const maxNum = Math.max(1, ...patch.hunks.map((h) => Math.max(h.oldStart + h.oldLines, h.newStart + h.newLines)));
  const numWidth = String(maxNum).length;
  const out: string[] = [];
  patch.hunks.forEach((h, hi) => {
    if (hi > 0) out.push(gray(' '.repeat(numWidth) + ' ⋯'));
    let oldNo = h.oldStart;
    let newNo = h.newStart;
    const lines = h.lines.filter((l) => !l.startsWith('\\'));
    for (let i = 0; i < lines.length; ) {
      const l = lines[i]!;
      if (l[0] === ' ') {
        // Context is numbered as in the file after the change: that is the file the user opens next.
        out.push(...renderLine(newNo, numWidth, ' ', [{ text: clean(l.slice(1)), changed: false }], width));
        oldNo++;
        newNo++;
        i++;
        continue;
      }
      // A run of removals followed by a run of additions: pair them up for word highlighting.
      const rem: string[] = [];
      const add: string[] = [];
      while (i < lines.length && lines[i]![0] === '-') rem.push(clean(lines[i++]!.slice(1)));
      while (i < lines.length && lines[i]![0] === '+') add.push(clean(lines[i++]!.slice(1)));
      removed += rem.length;
      added += add.length;
      const paired = rem.length === add.length;
      const segs = paired ? rem.map((r, k) => wordSegments(r, add[k]!)) : null;
      rem.forEach((r, k) => out.push(...renderLine(oldNo++, numWidth, '-', segs ? segs[k]!.old : [{ text: r, changed: false }], width)));
      add.forEach((a, k) => out.push(...renderLine(newNo++, numWidth, '+', segs ? segs[k]!.new : [{ text: a, changed: false }], width)));
    }
  });
  return { added, removed, lines: out, isNewFile: false };
}

export function diffHeader(relPath: string, d: DiffLines): string {
  relPath = sanitizeLine(relPath);
  const counts = `${green(`+${d.added}`)} ${red(`-${d.removed}`)}`;
  return d.isNewFile ? `${bold(relPath)} ${gray('(new file)')} ${counts}` : `${bold(relPath)} ${counts}`;
}
