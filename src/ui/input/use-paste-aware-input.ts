// Bracketed paste. The shell asks the terminal (mode 2004, see run.tsx) to wrap pasted text in ESC[200~ … ESC[201~,
// so a paste is told apart from typing: its newlines are text, never an Enter that sends half of it. Ink hands
// the markers over as the input "[200~" and "[201~" (escape removed) and the text between them as ordinary input
// events, split wherever the terminal's reads split it; this hook gathers them and delivers the paste in one call
// with `pasted` set. Terminals without the mode send plain input, which goes through unchanged.
import { useRef } from 'react';
import { useInput, type Key } from 'ink';
import { normalizeNewlines } from './paste';
import { NO_KEY, isKeyBurst, splitKeyBurst } from './key-burst';

export const PASTE_START = '[200~';
export const PASTE_END = '[201~';

export type PasteAwareHandler = (input: string, key: Key, pasted: boolean) => void;

export function usePasteAwareInput(handler: PasteAwareHandler, options?: { isActive?: boolean }): void {
  const pieces = useRef<string[] | null>(null);
  useInput(
    (input, key) => {
      if (input === PASTE_START) {
        pieces.current = [];
        return;
      }
      const paste = pieces.current;
      if (!paste) {
        if (!isKeyBurst(input, key)) return handler(input, key, false);
        for (const k of splitKeyBurst(input)) handler(k.input, k.key, false);
        return;
      }
      if (input !== PASTE_END) {
        // Inside a paste an Enter or a Tab is text (Ink reports them as keys with their character as input).
        paste.push(key.return ? '\n' : key.tab ? '\t' : input);
        return;
      }
      pieces.current = null;
      const text = normalizeNewlines(paste.join(''));
      if (text) handler(text, NO_KEY, true);
    },
    options,
  );
}
