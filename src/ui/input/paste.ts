// Long pastes are shown as one placeholder token in the field and expanded back to the full text on submit.

export const PASTE_MIN_LINES = 4;
export const PASTE_MIN_CHARS = 800;

export const isLongPaste = (text: string) => text.split('\n').length >= PASTE_MIN_LINES || text.length >= PASTE_MIN_CHARS;

export const placeholder = (id: number, text: string) => `[pasted ${text.split('\n').length} lines #${id}]`;

/** Replaces every placeholder with the text it stands for. */
export function expandPastes(text: string, pastes: ReadonlyMap<number, string>): string {
  return text.replace(/\[pasted \d+ lines #(\d+)\]/g, (m, id: string) => pastes.get(Number(id)) ?? m);
}

/** Terminals send \r (and sometimes \r\n) for newlines inside a paste. */
export const normalizeNewlines = (s: string) => s.replace(/\r\n?/g, '\n');
