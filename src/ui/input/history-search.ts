// ctrl+r: reverse incremental search through the input history, as in bash. Typing narrows the search, ctrl+r
// again goes to the next older match, Enter takes the match into the input, Esc or ctrl+g puts back what was typed.
// Pure state: the input box owns the keys and the drawing.

export interface HistorySearch {
  query: string;
  /** Index into the history of the entry shown, or null when nothing matched yet. */
  match: number | null;
  /** The last search found nothing (shown as "failing", as bash does); the previous match stays shown. */
  failing: boolean;
  /** The input as it was when the search started, put back on cancel. */
  saved: { text: string; cursor: number };
}

export function startSearch(saved: { text: string; cursor: number }): HistorySearch {
  return { query: '', match: null, failing: false, saved };
}

/** The newest entry at or before `from` that holds `query` (case-insensitive) and is not `skipText`. */
function findOlder(history: readonly string[], query: string, from: number, skipText?: string): number | null {
  const q = query.toLowerCase();
  for (let i = Math.min(from, history.length - 1); i >= 0; i--) {
    const entry = history[i]!;
    if (entry === skipText) continue;
    if (entry.toLowerCase().includes(q)) return i;
  }
  return null;
}

/** The query grew or shrank: search again, starting at the current match (it may still fit) or the newest entry. */
export function setQuery(s: HistorySearch, history: readonly string[], query: string): HistorySearch {
  if (query === '') return { ...s, query, match: null, failing: false };
  // A longer query keeps the current match when it still fits (bash does); a shorter one starts from the newest.
  const from = query.startsWith(s.query) && s.match !== null ? s.match : history.length - 1;
  const found = findOlder(history, query, from);
  return found === null ? { ...s, query, failing: true } : { ...s, query, match: found, failing: false };
}

/** ctrl+r again: the next older entry that matches, skipping repeats of the one shown. */
export function searchOlder(s: HistorySearch, history: readonly string[]): HistorySearch {
  if (s.query === '') return s;
  const start = s.match === null ? history.length - 1 : s.match - 1;
  const found = findOlder(history, s.query, start, s.match === null ? undefined : history[s.match]);
  return found === null ? { ...s, failing: true } : { ...s, match: found, failing: false };
}

/** What the input holds when the search is accepted: the match, or what was typed when nothing matched. */
export function acceptedText(s: HistorySearch, history: readonly string[]): string {
  return s.match === null ? s.saved.text : (history[s.match] ?? s.saved.text);
}
