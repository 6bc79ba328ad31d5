// Ink's text wrapping with a memory that is bounded and per line. Ink wraps every Text node on every frame and
// remembers results keyed by the node's whole text, for ever: while an answer streams, the streaming block's text
// differs in every frame, so nothing was reused and every frame's text was kept (memory that grew all session; the
// status line alone adds a new text every spinner tick). wrap-ansi wraps each line on its own, so wrapping line by
// line gives the same result, and the lines above the one that grows are found in the memory.
// scripts/build.mjs routes Ink's import of its wrap-text module here.
import cliTruncate from 'cli-truncate';
import wrapAnsi from 'wrap-ansi';
import { BoundedMemo } from '../bounded-memo';

/** Whole texts as Ink asks for them (most Text nodes are the same as in the frame before); they can be long, so
 * fewer are kept... */
const wrappedTexts = new BoundedMemo<string>(256);
/** ...and single lines, for a text that changed in its last line only (a streaming answer). */
const wrappedLines = new BoundedMemo<string>(4096);

function wrapLine(line: string, maxWidth: number): string {
  const key = `${maxWidth}\u0000${line}`;
  return wrappedLines.get(key) ?? wrappedLines.set(key, wrapAnsi(line, maxWidth, { trim: false, hard: true }));
}

export default function wrapText(text: string, maxWidth: number, wrapType: string): string {
  const key = `${maxWidth}\u0000${wrapType}\u0000${text}`;
  return wrappedTexts.get(key) ?? wrappedTexts.set(key, wrap(text, maxWidth, wrapType));
}

function wrap(text: string, maxWidth: number, wrapType: string): string {
  if (wrapType === 'wrap') {
    if (!text.includes('\n')) return wrapLine(text, maxWidth);
    return text
      .split('\n')
      .map((line) => wrapLine(line, maxWidth))
      .join('\n');
  }
  if (wrapType.startsWith('truncate')) {
    const position = wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
    return cliTruncate(text, maxWidth, { position });
  }
  return text;
}
