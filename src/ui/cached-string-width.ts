// string-width with a memory. Ink measures every line of the live area on every frame, and lines that hold
// non-ASCII characters (the separator rule, the prompt mark, the spinner, list bullets) go through the grapheme
// segmenter each time: in a profile of a long streamed answer this was the largest single cost of rendering.
// The same strings come back frame after frame, so their widths are remembered (a bounded map, cleared when full).
// scripts/build.mjs points every `string-width` import (Ink's, wrap-ansi's) here.
import realStringWidth from 'string-width';
import { BoundedMemo } from './bounded-memo';

type Options = Parameters<typeof realStringWidth>[1];

const widths = new BoundedMemo<number>(4096);

/**
 * Characters one column wide on their own that never join a neighbour into one grapheme (no marks, joiners,
 * selectors, format characters, Hangul jamo or emoji-presentation symbols): Latin, Greek, Cyrillic, punctuation,
 * arrows, box drawing, braille, dingbats... A text of these and printable ASCII is as wide as it is long. The first
 * text string-width segments costs its grapheme segmenter and emoji regex (70 ms of CPU, 0.2 s on a loaded machine,
 * in the first frame of every launch); the shell's own lines (rules, ❯, ·, ↑↓, spinner, bullets) never need them.
 * test/ui/string-width-fast.test.ts checks every character here against string-width itself.
 */
export const ONE_COLUMN =
  '\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u038a\u038c\u038e-\u03a1\u03a3-\u0482\u048a-\u04ff\u2000-\u200a\u2010-\u2027\u202f-\u205f\u2070-\u2071\u2074-\u208e\u2090-\u209c\u20a0-\u20c1\u2100-\u218b\u2190-\u2319\u231c-\u2328\u232b-\u23e8\u23ed-\u23ef\u23f1-\u23f2\u23f4-\u2429\u2440-\u244a\u2460-\u25fc\u25ff-\u2613\u2616-\u262f\u2638-\u2647\u2654-\u267e\u2680-\u2689\u2690-\u2692\u2694-\u26a0\u26a2-\u26a9\u26ac-\u26bc\u26bf-\u26c3\u26c6-\u26cd\u26cf-\u26d3\u26d5-\u26e9\u26eb-\u26f1\u26f4\u26f6-\u26f9\u26fb-\u26fc\u26fe-\u2704\u2706-\u2709\u270c-\u2727\u2729-\u274b\u274d\u274f-\u2752\u2756\u2758-\u2794\u2798-\u27af\u27b1-\u27be\u27c0-\u2b1a\u2b1d-\u2b4f\u2b51-\u2b54\u2b56-\u2b73\u2b76-\u2bff';
const SIMPLE = new RegExp(`^[\\x20-\\x7e${ONE_COLUMN}]*$`);
/** Colour and style sequences (what our styling and Ink add); anything else goes to string-width. */
const SGR = /\x1b\[[0-9;]*m/g;

/** The width when `text` is simple (see ONE_COLUMN), else undefined. */
export function simpleWidth(text: string): number | undefined {
  const plain = text.includes('\x1b') ? text.replace(SGR, '') : text;
  return SIMPLE.test(plain) ? plain.length : undefined;
}

export default function stringWidth(text: string, options?: Options): number {
  if (options && Object.keys(options).length > 0) return realStringWidth(text, options);
  return widths.get(text) ?? widths.set(text, simpleWidth(text) ?? realStringWidth(text));
}
