// Where a streaming answer can be cut so the head is printed for good and only the tail stays live.
// Safe point: a blank line outside a code fence. Inside a very long fence we close the fence, print the head,
// and reopen it in the tail so the live part still stays small.

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** A fence this many lines long is split by closing and reopening it. */
export const FENCE_FORCE_LINES = 60;

export interface Split {
  head: string;
  tail: string;
}

export function splitForCommit(text: string, fenceForceLines = FENCE_FORCE_LINES): Split | null {
  let fence: { marker: string; char: string; len: number; openLine: string; bodyStart: number; lines: number } | null =
    null;
  let best = -1; // index just after a blank line outside a fence
  let bestBlankStart = -1;
  let pos = 0;
  let seenContent = false;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl === -1) break; // the last line is incomplete: never cut there
    const line = text.slice(pos, nl);
    const m = FENCE_RE.exec(line);
    if (fence) {
      const closing = m && m[1]![0] === fence.char && m[1]!.length >= fence.len && m[2]!.trim() === '';
      if (closing) fence = null;
      else fence.lines++;
    } else if (m && !(m[1]![0] === '`' && m[2]!.includes('`'))) {
      seenContent = true;
      fence = { marker: m[1]!, char: m[1]![0]!, len: m[1]!.length, openLine: line, bodyStart: nl + 1, lines: 0 };
    } else if (line.trim() === '') {
      if (seenContent) {
        best = nl + 1;
        bestBlankStart = pos;
      }
    } else {
      seenContent = true;
    }
    pos = nl + 1;
  }
  if (fence && fence.lines >= fenceForceLines) {
    // pos is the start of the incomplete last line (or text.length)
    const head = text.slice(0, pos).replace(/\n$/, '') + '\n' + fence.marker;
    const tail = fence.openLine + '\n' + text.slice(pos);
    return { head, tail };
  }
  if (best === -1) return null;
  const head = text.slice(0, bestBlankStart).replace(/\s+$/, '');
  if (head === '') return null;
  return { head, tail: text.slice(best) };
}
