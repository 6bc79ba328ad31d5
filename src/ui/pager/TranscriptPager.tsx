// The transcript view (ctrl+o): the whole session on the alternate screen, scrollable and searchable. It draws
// itself through the screen gate (Ink draws nothing for it) and only when a key or a resize asks: no timer runs
// while it is open, and nothing of it runs while it is closed.
import { useEffect, useMemo, useRef } from 'react';
import { usePasteAwareInput } from '../input/use-paste-aware-input';
import { useTerminalSize } from '../hooks/use-terminal-size';
import type { ScreenGate } from './screen-gate';
import type { SessionRecord } from './session-record';
import { buildDocument } from './transcript-document';
import { drawPager, findMatches, initialPager, pagerKey, type PagerState } from './pager-view';

export interface TranscriptPagerProps {
  gate: ScreenGate;
  record: SessionRecord;
  cwd: string;
  /** The user closed the view (Esc, q, ctrl+o). */
  onClose: () => void;
}

export function TranscriptPager({ gate, record, cwd, onClose }: TranscriptPagerProps): null {
  const { rows: screenRows, columns } = useTerminalSize();
  const bodyRows = Math.max(1, screenRows - 1);
  // What the session held when the view opened (rebuilt for a new width on resize).
  const doc = useMemo(() => buildDocument(record.entries(), columns, cwd), [record, columns, cwd]);
  const state = useRef<PagerState | null>(null);
  const shown = useRef({ rows: 0, body: 0 });

  // Opened, or resized: the view stays at the end if it was there, else near the same row (rows rewrap).
  useEffect(() => {
    const prev = state.current;
    const was = shown.current;
    if (!prev) state.current = initialPager(doc.length, bodyRows);
    else {
      const atEnd = prev.top >= Math.max(0, was.rows - was.body);
      const top = atEnd ? doc.length - bodyRows : Math.round((prev.top * doc.length) / Math.max(1, was.rows));
      const matches = findMatches(doc, prev.query);
      state.current = { ...prev, matches, current: Math.min(prev.current, matches.length - 1), top: Math.max(0, Math.min(top, doc.length - bodyRows)) };
    }
    shown.current = { rows: doc.length, body: bodyRows };
    gate.draw(drawPager(state.current, doc, screenRows, columns));
  }, [doc, bodyRows, screenRows, columns, gate]);

  usePasteAwareInput((input, key, pasted) => {
    const s = state.current;
    if (!s) return;
    const next = pagerKey(s, input, key, doc, bodyRows, pasted);
    if (next.close) return onClose();
    state.current = next.state;
    gate.draw(drawPager(next.state, doc, screenRows, columns));
  });
  return null;
}
