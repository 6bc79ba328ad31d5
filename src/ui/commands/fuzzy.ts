// A small fuzzy matcher for the slash menu and name completion: the typed letters must appear in order in the
// name. Ranking is by how the match was made (a prefix beats a match at word starts beats any subsequence), then
// by how tightly the letters sit together, then by the order the caller gave (so built-ins keep their place).

export type MatchKind = 'prefix' | 'word-start' | 'subsequence';

const RANK: Record<MatchKind, number> = { prefix: 0, 'word-start': 1, subsequence: 2 };

/** Where a new word starts in a name like `review-pr`, `mcp__github__issues` or `reviewPR`. */
function isWordStart(name: string, i: number): boolean {
  if (i === 0) return true;
  const prev = name[i - 1]!;
  const cur = name[i]!;
  return /[-_:./\s]/.test(prev) || (/[a-z]/.test(prev) && /[A-Z]/.test(cur));
}

/** How `query` matches `name` (case-insensitive), or null when its letters are not all there in order. */
export function fuzzyMatch(name: string, query: string): { kind: MatchKind; spread: number } | null {
  const n = name.toLowerCase();
  const q = query.toLowerCase();
  if (q === '') return { kind: 'prefix', spread: 0 };
  if (n.startsWith(q)) return { kind: 'prefix', spread: 0 };
  // Word starts: every letter of the query begins a word, or continues the word the previous letter matched in.
  let wi = 0;
  let wordOk = true;
  let prevIdx = -1;
  for (const ch of q) {
    let found = -1;
    for (let i = Math.max(wi, prevIdx + 1); i < n.length; i++) {
      if (n[i] !== ch) continue;
      if (i === prevIdx + 1 && prevIdx >= 0) {
        found = i;
        break;
      }
      if (isWordStart(name, i)) {
        found = i;
        break;
      }
    }
    if (found < 0) {
      wordOk = false;
      break;
    }
    prevIdx = found;
    wi = found + 1;
  }
  // Any subsequence: the first place each letter fits.
  let first = -1;
  let last = -1;
  let from = 0;
  for (const ch of q) {
    const i = n.indexOf(ch, from);
    if (i < 0) return null;
    if (first < 0) first = i;
    last = i;
    from = i + 1;
  }
  return { kind: wordOk ? 'word-start' : 'subsequence', spread: last - first };
}

/** The items whose name matches, best first; ties keep the caller's order. */
export function rankByName<T>(items: readonly T[], query: string, nameOf: (item: T) => string): T[] {
  const scored: Array<{ item: T; rank: number; spread: number; index: number }> = [];
  items.forEach((item, index) => {
    const m = fuzzyMatch(nameOf(item), query);
    if (m) scored.push({ item, rank: RANK[m.kind], spread: m.spread, index });
  });
  scored.sort((a, b) => a.rank - b.rank || a.spread - b.spread || a.index - b.index);
  return scored.map((s) => s.item);
}
