// The spinner clock. Its frame is derived from the time of each render, and a timer is armed only while `active`
// and only until the next render: while a stream already re-renders the screen the spinner costs no extra frames,
// and when nothing moves (idle) there is no timer at all.
import { useEffect, useState } from 'react';

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Time per spinner frame. */
export const TICK_MS = 120;

export function useTicker(active: boolean, intervalMs = TICK_MS): number {
  const [, force] = useState(0);
  // No dependency list on purpose: every render re-arms (or, when idle, clears) the one timer.
  useEffect(() => {
    if (!active) return;
    const t = setTimeout(() => force((n) => n + 1), intervalMs);
    return () => clearTimeout(t);
  });
  return Math.floor(Date.now() / intervalMs);
}
