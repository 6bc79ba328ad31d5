// string-width with a memory. Ink measures every line of the live area on every frame, and lines that hold
// non-ASCII characters (the separator rule, the prompt mark, the spinner, list bullets) go through the grapheme
// segmenter each time: in a profile of a long streamed answer this was the largest single cost of rendering.
// The same strings come back frame after frame, so their widths are remembered (a bounded map, cleared when full).
// scripts/build.mjs points every `string-width` import (Ink's, wrap-ansi's) here.
import realStringWidth from 'string-width';
import { BoundedMemo } from './bounded-memo';

type Options = Parameters<typeof realStringWidth>[1];

const widths = new BoundedMemo<number>(4096);

export default function stringWidth(text: string, options?: Options): number {
  if (options && Object.keys(options).length > 0) return realStringWidth(text, options);
  return widths.get(text) ?? widths.set(text, realStringWidth(text));
}
