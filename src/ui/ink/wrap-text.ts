// Ink's text wrapping with a memory that is bounded and per line. Ink wraps every Text node on every frame and
// remembers results keyed by the node's whole text, for ever: while an answer streams, the streaming block's text
// differs in every frame, so nothing was reused and every frame's text was kept (memory that grew all session; the
// status line alone adds a new text every spinner tick). wrap-ansi wraps each line on its own, so wrapping line by
// line gives the same result, and the lines above the one that grows are found in the memory.
// scripts/build.mjs routes Ink's import of its wrap-text module here.
import cliTruncate from 'cli-truncate';
import wrapAnsi from 'wrap-ansi';

/** Bounds: a frame has a few dozen texts and lines; whole texts can be long, so fewer of them are kept. */
const MAX_TEXTS = 256;
const MAX_LINES = 4096;
/** Whole texts as Ink asks for them (most Text nodes are the same as in the frame before)... */
const wrappedTexts = new Map<string, string>();
/** ...and single lines, for a text that changed in its last line only (a streaming answer). */
const wrappedLines = new Map<string, string>();

function remember(cache: Map<string, string>, key: string, value: string): string {
  if (cache.size >= (cache === wrappedTexts ? MAX_TEXTS : MAX_LINES)) cache.clear();
  cache.set(key, value);
  return value;
}

function wrapLine(line: string, maxWidth: number): string {
  const key = `${maxWidth}\u0000${line}`;
  return wrappedLines.get(key) ?? remember(wrappedLines, key, wrapAnsi(line, maxWidth, { trim: false, hard: true }));
}

export default function wrapText(text: string, maxWidth: number, wrapType: string): string {
  const key = `${maxWidth}\u0000${wrapType}\u0000${text}`;
  const known = wrappedTexts.get(key);
  if (known !== undefined) return known;
  let wrapped = text;
  if (wrapType === 'wrap') {
    wrapped = text.includes('\n')
      ? text
          .split('\n')
          .map((line) => wrapLine(line, maxWidth))
          .join('\n')
      : wrapLine(text, maxWidth);
  } else if (wrapType.startsWith('truncate')) {
    const position = wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
    wrapped = cliTruncate(text, maxWidth, { position });
  }
  return remember(wrappedTexts, key, wrapped);
}
