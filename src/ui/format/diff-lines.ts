// A diff preview as terminal lines: unified hunks with line numbers, red/green, changed words highlighted.
import { diffWordsWithSpace, structuredPatch } from 'diff';
import stringWidth from 'string-width';
import { sanitizeLine } from '../../text/sanitize';
import { bgDiffAdded, bgDiffRemoved, bgWordAdded, bgWordRemoved, bold, gray, green, red } from '../theme/ansi';

export interface DiffLines {
  added: number;
  removed: number;
  /** Body lines, each exactly one terminal row (long lines are cut). */
  lines: string[];
  isNewFile: boolean;
}

type Seg = { text: string; changed: boolean };

/** Cuts styled segments to `width` columns. */
function fitSegments(segs: Seg[], width: number): Seg[] {
  const out: Seg[] = [];
  let used = 0;
  for (const s of segs) {
    const w = stringWidth(s.text);
    if (used + w <= width) {
      out.push(s);
      used += w;
      continue;
    }
    let t = '';
    for (const ch of s.text) {
      if (used + stringWidth(t + ch) > width - 1) break;
      t += ch;
    }
    out.push({ text: t + '…', changed: s.changed });
    break;
  }
  return out;
}

// File content is outside text: each line is sanitised as it is drawn (a CRLF line end is not shown).
const clean = (s: string) => sanitizeLine(s.replace(/\t/g, '  ').replace(/\r$/, ''));

function renderLine(num: number | null, numWidth: number, sign: ' ' | '+' | '-', segs: Seg[], width: number): string {
  const gutter = `${num === null ? ' '.repeat(numWidth) : String(num).padStart(numWidth)} ${sign} `;
  const body = fitSegments(segs, Math.max(10, width - gutter.length));
  if (sign === ' ') return gray(gutter) + body.map((s) => s.text).join('');
  const line = sign === '+' ? bgDiffAdded : bgDiffRemoved;
  const word = sign === '+' ? bgWordAdded : bgWordRemoved;
  const paint = sign === '+' ? green : red;
  return paint(gutter) + line(body.map((s) => (s.changed ? word(s.text) : s.text)).join(''));
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
      lines: lines.map((l, i) => renderLine(i + 1, numWidth, '+', [{ text: clean(l), changed: false }], width)),
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
        out.push(renderLine(newNo, numWidth, ' ', [{ text: clean(l.slice(1)), changed: false }], width));
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
      rem.forEach((r, k) => out.push(renderLine(oldNo++, numWidth, '-', segs ? segs[k]!.old : [{ text: r, changed: false }], width)));
      add.forEach((a, k) => out.push(renderLine(newNo++, numWidth, '+', segs ? segs[k]!.new : [{ text: a, changed: false }], width)));
    }
  });
  return { added, removed, lines: out, isNewFile: false };
}

export function diffHeader(relPath: string, d: DiffLines): string {
  relPath = sanitizeLine(relPath);
  const counts = `${green(`+${d.added}`)} ${red(`-${d.removed}`)}`;
  return d.isNewFile ? `${bold(relPath)} ${gray('(new file)')} ${counts}` : `${bold(relPath)} ${counts}`;
}
