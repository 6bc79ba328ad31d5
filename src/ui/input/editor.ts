// Pure text-buffer editing for the prompt: a string and a cursor (an index into it). Multi-line aware.

export interface EditorState {
  text: string;
  cursor: number;
}

export const emptyEditor = (): EditorState => ({ text: '', cursor: 0 });

export function insert(s: EditorState, str: string): EditorState {
  return { text: s.text.slice(0, s.cursor) + str + s.text.slice(s.cursor), cursor: s.cursor + str.length };
}

/** Deletes before the cursor; a paste placeholder goes as a whole. */
export function backspace(s: EditorState): EditorState {
  if (s.cursor === 0) return s;
  const before = s.text.slice(0, s.cursor);
  const m = /\[pasted \d+ lines #\d+\]$/.exec(before);
  const len = m ? m[0].length : prevCharLen(before);
  return { text: s.text.slice(0, s.cursor - len) + s.text.slice(s.cursor), cursor: s.cursor - len };
}

export function deleteForward(s: EditorState): EditorState {
  if (s.cursor >= s.text.length) return s;
  const len = nextCharLen(s.text, s.cursor);
  return { text: s.text.slice(0, s.cursor) + s.text.slice(s.cursor + len), cursor: s.cursor };
}

const prevCharLen = (before: string) => {
  const c = before.charCodeAt(before.length - 1);
  return c >= 0xdc00 && c <= 0xdfff && before.length >= 2 ? 2 : 1;
};
const nextCharLen = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff ? 2 : 1;
};

export const left = (s: EditorState): EditorState =>
  s.cursor === 0 ? s : { ...s, cursor: s.cursor - prevCharLen(s.text.slice(0, s.cursor)) };
export const right = (s: EditorState): EditorState =>
  s.cursor >= s.text.length ? s : { ...s, cursor: s.cursor + nextCharLen(s.text, s.cursor) };

export function lineStart(s: EditorState): EditorState {
  return { ...s, cursor: s.text.lastIndexOf('\n', s.cursor - 1) + 1 };
}
export function lineEnd(s: EditorState): EditorState {
  const nl = s.text.indexOf('\n', s.cursor);
  return { ...s, cursor: nl === -1 ? s.text.length : nl };
}

export function wordLeft(s: EditorState): EditorState {
  let i = s.cursor;
  while (i > 0 && /\s/.test(s.text[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(s.text[i - 1]!)) i--;
  return { ...s, cursor: i };
}
export function wordRight(s: EditorState): EditorState {
  let i = s.cursor;
  while (i < s.text.length && /\s/.test(s.text[i]!)) i++;
  while (i < s.text.length && !/\s/.test(s.text[i]!)) i++;
  return { ...s, cursor: i };
}

/** Deletes the word before the cursor (ctrl+w). */
export function deleteWordBack(s: EditorState): EditorState {
  const to = wordLeft(s).cursor;
  return { text: s.text.slice(0, to) + s.text.slice(s.cursor), cursor: to };
}

/** Moves up a line keeping the column; null when already on the first line (the caller walks history). */
export function up(s: EditorState): EditorState | null {
  const start = s.text.lastIndexOf('\n', s.cursor - 1) + 1;
  if (start === 0) return null;
  const col = s.cursor - start;
  const prevStart = s.text.lastIndexOf('\n', start - 2) + 1;
  return { ...s, cursor: Math.min(prevStart + col, start - 1) };
}

export function down(s: EditorState): EditorState | null {
  const nl = s.text.indexOf('\n', s.cursor);
  if (nl === -1) return null;
  const start = s.text.lastIndexOf('\n', s.cursor - 1) + 1;
  const col = s.cursor - start;
  const nextEnd = s.text.indexOf('\n', nl + 1);
  return { ...s, cursor: Math.min(nl + 1 + col, nextEnd === -1 ? s.text.length : nextEnd) };
}
