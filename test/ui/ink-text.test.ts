// Our per-line, bounded wrapping and measuring must give exactly what Ink's own do.
import inkMeasureText from 'ink-measure-text-original';
import inkWrapText from 'ink-wrap-text-original';
import { describe, expect, it } from 'vitest';
import measureText from '../../src/ui/ink/measure-text';
import wrapText from '../../src/ui/ink/wrap-text';

const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;
const texts = [
  '',
  'short',
  'a line that is certainly longer than twenty columns, with words',
  `${red('red text that runs over the edge of the box')} then plain\n\nnext ${bold('bold paragraph with many words in it')}`,
  `${red('a style opened on one line\nand closed on the next')} after`,
  'averyveryverylongwordwithoutanyspacesatallthatmustbebrokenhard',
  '漢字の行はとても長くなることがあるので折り返しが必要です 🙂🙂🙂 emoji',
  'trailing spaces   \n   leading spaces\n\ttab',
  '  - list item with `code` and a [link](https://example.com/a/very/long/path/that/wraps)',
];

describe('Ink text wrapping and measuring', () => {
  for (const width of [7, 20, 33, 80]) {
    it(`wraps like Ink at width ${width}`, () => {
      for (const text of texts) expect(wrapText(text, width, 'wrap')).toBe(inkWrapText(text, width, 'wrap'));
    });
    it(`truncates like Ink at width ${width}`, () => {
      for (const mode of ['truncate', 'truncate-end', 'truncate-middle', 'truncate-start']) {
        for (const text of texts) expect(wrapText(text, width, mode)).toBe(inkWrapText(text, width, mode));
      }
    });
  }

  it('measures like Ink', () => {
    for (const text of texts) expect(measureText(text)).toEqual(inkMeasureText(text));
  });

  it('gives the same answer again from its memory, and stays right when the memory fills', () => {
    const first = wrapText(texts[3]!, 20, 'wrap');
    for (let i = 0; i < 5000; i++) wrapText(`filler line ${i} with some words`, 20, 'wrap');
    expect(wrapText(texts[3]!, 20, 'wrap')).toBe(first);
    expect(first).toBe(inkWrapText(texts[3]!, 20, 'wrap'));
  });
});
