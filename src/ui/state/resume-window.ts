// A resumed session reprints only the turns a user can scroll back to: drawing hundreds of earlier items costs a
// second or more of layout before the prompt is usable, and a terminal's scrollback would drop them anyway. The
// conversation sent to the model is not touched; only what is printed at the top of the shell.
import type { NewItem } from './types';

/** How many screens of text a resume reprints at most (whole turns; the last turn always, however long). */
export const RESUME_SCREENS = 4;

export interface ScreenSize {
  rows: number;
  columns: number;
}

/** The lines an item takes on a terminal this wide, roughly: wrapped text lines plus the gap Ink leaves. */
export function estimatedLines(item: NewItem, columns: number): number {
  const width = Math.max(20, columns - 4);
  const textLines = (text: string) => text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / width)), 0);
  switch (item.kind) {
    case 'user':
    case 'markdown':
    case 'output':
    case 'notice':
      return textLines(item.text) + 1;
    case 'tool':
      return 2 + (item.excerpt ? textLines(item.excerpt) : 0);
    case 'thinking':
    case 'agent_switch':
      return 1;
    default: {
      const unknown: never = item;
      void unknown;
      return 1;
    }
  }
}

/**
 * The last whole turns of `items` that fit in RESUME_SCREENS screens, led by a notice saying how many earlier
 * turns were left out. A turn starts at a `user` item. Returns `items` itself when everything fits.
 */
export function reachableTail(items: readonly NewItem[], screen: ScreenSize, screens = RESUME_SCREENS): NewItem[] {
  const budget = Math.max(60, screen.rows * screens);
  let lines = 0;
  let cut = items.length;
  for (let i = items.length - 1; i >= 0; i--) {
    lines += estimatedLines(items[i]!, screen.columns);
    if (items[i]!.kind === 'user') {
      // Keep this turn if it fits, or if nothing is kept yet (the last turn is always shown).
      if (lines <= budget || cut === items.length) cut = i;
      else break;
    }
  }
  if (cut === 0) return [...items];
  // No user item at all in the tail (a session of one long answer): keep everything rather than cut mid-turn.
  if (cut === items.length) return [...items];
  const hiddenTurns = items.slice(0, cut).filter((item) => item.kind === 'user').length;
  const what = hiddenTurns === 0 ? 'the start of the session is' : `${hiddenTurns} earlier turn${hiddenTurns === 1 ? ' is' : 's are'}`;
  return [{ kind: 'notice', depth: 0, level: 'info', text: `${what} not reprinted here; the agent still has the whole conversation` }, ...items.slice(cut)];
}
