// The transcript view's keys and screen, without React or a terminal: a state, a key -> the next state, and the
// frame that state draws. The rows come from transcript-document.ts (each one terminal row, already sanitised).
import type { Key } from 'ink';
import { NO_KEY } from '../input/key-burst';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { bold, gray, inverse, isColorEnabled, stripAnsi } from '../theme/ansi';
import { fitParts, type Part } from '../format/fit-line';

export interface PagerState {
  /** First document row on screen. */
  top: number;
  /** The search being typed after `/`, or null. */
  typing: string | null;
  /** The last search run (lower case), '' for none. */
  query: string;
  /** Rows holding a match of `query`, in order. */
  matches: number[];
  /** Index in `matches` of the current match, -1 for none. */
  current: number;
  /** A one-time remark on the bottom row ("not found", "wrapped to the top"). */
  note: string;
}

export type PagerStep = { state: PagerState; close: boolean };

/** Opens at the end: the latest call, answer or pending prompt is what the user most likely wants. */
export function initialPager(rowCount: number, bodyRows: number): PagerState {
  return { top: maxTop(rowCount, bodyRows), typing: null, query: '', matches: [], current: -1, note: '' };
}

const maxTop = (rowCount: number, bodyRows: number) => Math.max(0, rowCount - bodyRows);
const clampTop = (top: number, rowCount: number, bodyRows: number) => Math.min(Math.max(0, top), maxTop(rowCount, bodyRows));

/** Rows whose text holds `query` (case-insensitive). */
export function findMatches(rows: readonly string[], query: string): number[] {
  if (!query) return [];
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) if (stripAnsi(rows[i]!).toLowerCase().includes(query)) out.push(i);
  return out;
}

/** Scrolls so that `row` is on screen, a few rows below the top when the view has to move. */
function reveal(s: PagerState, row: number, rowCount: number, bodyRows: number): PagerState {
  if (row >= s.top && row < s.top + bodyRows) return s;
  return { ...s, top: clampTop(row - Math.min(3, Math.floor(bodyRows / 4)), rowCount, bodyRows) };
}

function goToMatch(s: PagerState, index: number, rowCount: number, bodyRows: number, note = ''): PagerState {
  return reveal({ ...s, current: index, note }, s.matches[index]!, rowCount, bodyRows);
}

function runSearch(s: PagerState, text: string, rows: readonly string[], bodyRows: number): PagerState {
  const query = text.toLowerCase();
  const matches = findMatches(rows, query);
  const next: PagerState = { ...s, typing: null, query, matches, current: -1, note: '' };
  if (!query) return next;
  if (matches.length === 0) return { ...next, note: `Not found: ${text}` };
  // The first match from the top of the screen down, as a pager does.
  const from = matches.findIndex((r) => r >= s.top);
  return goToMatch(next, from >= 0 ? from : 0, rows.length, bodyRows, from >= 0 ? '' : 'search wrapped to the top');
}

function step(s: PagerState, dir: 1 | -1, rowCount: number, bodyRows: number): PagerState {
  if (!s.query) return { ...s, note: 'No search yet: type / and a word, then Enter' };
  if (s.matches.length === 0) return { ...s, note: `Not found: ${s.query}` };
  const n = s.matches.length;
  const raw = s.current + dir;
  const wrapped = raw >= n || raw < 0;
  return goToMatch(s, (raw + n) % n, rowCount, bodyRows, wrapped ? (dir > 0 ? 'search wrapped to the top' : 'search wrapped to the bottom') : '');
}

/**
 * One key, or several typed in one read ("/word" then Enter), taken one by one; a paste is text for the search.
 * `bodyRows` is the number of document rows on screen (the terminal's rows minus the bottom line).
 */
export function pagerKey(s: PagerState, input: string, key: Key, rows: readonly string[], bodyRows: number, pasted = false): PagerStep {
  if (pasted) return { state: s.typing === null ? s : { ...s, typing: s.typing + input.replace(/[\r\n]+/g, ' ') }, close: false };
  if (input.length > 1 && !key.ctrl && !key.meta) {
    let state = s;
    for (const ch of input) {
      const next = oneKey(state, ch === '\r' || ch === '\n' ? '' : ch, ch === '\r' || ch === '\n' ? { ...NO_KEY, return: true } : NO_KEY, rows, bodyRows);
      if (next.close) return next;
      state = next.state;
    }
    return { state, close: false };
  }
  return oneKey(s, input, key, rows, bodyRows);
}

function oneKey(s: PagerState, input: string, key: Key, rows: readonly string[], bodyRows: number): PagerStep {
  const stay = (state: PagerState): PagerStep => ({ state, close: false });
  const n = rows.length;
  if (s.typing !== null) {
    if (key.escape) return stay({ ...s, typing: null, note: '' });
    if (key.return) return stay(runSearch(s, s.typing, rows, bodyRows));
    if (key.backspace || key.delete) return stay(s.typing === '' ? { ...s, typing: null } : { ...s, typing: s.typing.slice(0, -1) });
    if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab || key.pageUp || key.pageDown) return stay(s);
    return stay({ ...s, typing: s.typing + input });
  }
  const scroll = (by: number) => stay({ ...s, top: clampTop(s.top + by, n, bodyRows), note: '' });
  if (key.escape || input === 'q' || (key.ctrl && (input === 'o' || input === 'c'))) return { state: s, close: true };
  if (key.upArrow || input === 'k') return scroll(-1);
  if (key.downArrow || input === 'j' || key.return) return scroll(1);
  if (key.pageUp || input === 'b') return scroll(-Math.max(1, bodyRows - 1));
  if (key.pageDown || input === ' ' || input === 'f') return scroll(Math.max(1, bodyRows - 1));
  if (key.home || input === 'g') return stay({ ...s, top: 0, note: '' });
  if (key.end || input === 'G') return stay({ ...s, top: maxTop(n, bodyRows), note: '' });
  if (input === '/') return stay({ ...s, typing: '', note: '' });
  if (input === 'n') return stay(step(s, 1, n, bodyRows));
  if (input === 'N') return stay(step(s, -1, n, bodyRows));
  return stay(s);
}

// The current match: inverse video in yellow (bold without colour), the others plain inverse.
const currentMark = (t: string) => (isColorEnabled() ? `\x1b[7;33m${t}\x1b[27;39m` : bold(inverse(t)));

/** `row` with every occurrence of `query` drawn in inverse video (the current one in yellow). */
export function highlightRow(row: string, query: string, isCurrent: boolean): string {
  if (!query) return row;
  const plain = stripAnsi(row);
  const lower = plain.toLowerCase();
  let out = '';
  let col = 0;
  let from = 0;
  for (let i = lower.indexOf(query); i >= 0; i = lower.indexOf(query, i + query.length)) {
    const start = stringWidth(plain.slice(0, i));
    const end = start + stringWidth(plain.slice(i, i + query.length));
    out += sliceAnsi(row, col, start) + (isCurrent ? currentMark : inverse)(plain.slice(i, i + query.length));
    col = end;
    from = i + query.length;
  }
  if (from === 0) return row;
  return out + sliceAnsi(row, col);
}

function bottomLine(s: PagerState, rowCount: number, bodyRows: number, columns: number): string {
  if (s.typing !== null) return '/' + s.typing + inverse(' ');
  const last = Math.min(rowCount, s.top + bodyRows);
  const where = rowCount === 0 ? 'empty' : `rows ${s.top + 1}-${last} of ${rowCount}${last >= rowCount ? ' (end)' : ''}`;
  const found = s.query && s.matches.length ? `match ${s.current + 1} of ${s.matches.length}` : '';
  // Too narrow for all of it, the key help goes first, then the word "transcript": never a cut word.
  const parts: Part[] = [
    { text: s.note, rank: 6 },
    { text: 'transcript', rank: 2 },
    { text: where, rank: 5 },
    { text: found, rank: 4 },
    { text: '↑↓ PgUp PgDn g G space · / search · n N', rank: 1 },
    { text: 'q or esc to close', rank: 3 },
  ];
  return gray(fitParts(parts, columns, ' · '));
}

/**
 * The whole screen for this state, drawn row by row from the top-left corner, so a frame replaces the one before
 * without clearing the screen first (no flicker).
 */
export function drawPager(s: PagerState, rows: readonly string[], screenRows: number, columns: number): string {
  const bodyRows = Math.max(1, screenRows - 1);
  const currentRow = s.current >= 0 ? s.matches[s.current] : undefined;
  const lines: string[] = [];
  for (let i = 0; i < bodyRows; i++) {
    const r = s.top + i;
    const row = rows[r];
    if (row === undefined) lines.push(gray('~'));
    else lines.push(highlightRow(row, s.query, r === currentRow));
  }
  lines.push(bottomLine(s, rows.length, bodyRows, columns));
  // Each row is erased first, then drawn: erasing after a row that fills the width would take its last cell.
  return '\x1b[H' + lines.map((l) => '\x1b[2K' + l + '\x1b[0m').join('\r\n');
}
