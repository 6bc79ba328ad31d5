// Keys that arrive in one read. Ink splits a read at escape sequences only, so a burst of plain keys (three
// Backspaces, typed text and a Backspace over a slow SSH link) reaches the handler as one string, and a Backspace
// inside it would be taken for text. This splits such a string into the keys it holds,
// each with the flags Ink gives the same key when it arrives alone.
import type { Key } from 'ink';

/** A key event with no flag set: plain text. */
export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Backspace, DEL and ctrl+letter keys. Not Enter, Tab or newline: several lines in one read from a terminal without
 * bracketed paste are a paste, and stay text (src/ui/input/paste.ts); not ESC, which Ink splits itself.
 */
const KEY_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/;

export function isKeyBurst(input: string, key: Key): boolean {
  return input.length > 1 && !key.ctrl && !key.meta && KEY_CHAR.test(input);
}

/** The single key a control character is (as Ink reports it alone). */
function keyOf(ch: string): { input: string; key: Key } {
  switch (ch) {
    case '\b':
      return { input: '', key: { ...NO_KEY, backspace: true } };
    case '\x7f':
      return { input: '', key: { ...NO_KEY, delete: true } };
    default: {
      // ctrl+letter: Ink gives the letter with ctrl set.
      const code = ch.charCodeAt(0);
      return code >= 1 && code <= 26 ? { input: String.fromCharCode(code + 96), key: { ...NO_KEY, ctrl: true } } : { input: '', key: NO_KEY };
    }
  }
}

/** The keys in a burst, in order: runs of text stay one piece (typed text is inserted at once). */
export function splitKeyBurst(input: string): Array<{ input: string; key: Key }> {
  const out: Array<{ input: string; key: Key }> = [];
  let text = '';
  for (const ch of input) {
    if (!KEY_CHAR.test(ch)) {
      text += ch;
      continue;
    }
    if (text) out.push({ input: text, key: NO_KEY });
    text = '';
    out.push(keyOf(ch));
  }
  if (text) out.push({ input: text, key: NO_KEY });
  return out;
}
