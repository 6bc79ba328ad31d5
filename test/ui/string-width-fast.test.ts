// The quick width path (src/ui/cached-string-width.ts) must agree with string-width on everything it answers.
import realStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import stringWidth, { ONE_COLUMN, simpleWidth } from '../../src/ui/cached-string-width';

const inTable = new RegExp(`^[${ONE_COLUMN}]$`);
const tableChars: string[] = [];
for (let cp = 0; cp <= 0xffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const ch = String.fromCodePoint(cp);
  if (inTable.test(ch)) tableChars.push(ch);
}

describe('the one-column fast path', () => {
  it('holds only characters string-width itself measures as one column', () => {
    expect(tableChars.length).toBeGreaterThan(3000);
    const wrong = tableChars.filter((ch) => realStringWidth(ch) !== 1).map((ch) => ch.codePointAt(0)!.toString(16));
    expect(wrong).toEqual([]);
  });

  it('agrees with string-width on mixed texts with styles', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pieces = ['abc', ' ', '\x1b[1m', '\x1b[22m', '\x1b[38;5;244m', '\x1b[39m', '❯', '─', '·', '↑', '⠋', '•', '…', 'é', 'Ж', 'λ'];
    for (let i = 0; i < 3000; i++) {
      let s = '';
      for (let j = rand(12); j >= 0; j--) s += rand(3) === 0 ? tableChars[rand(tableChars.length)]! : pieces[rand(pieces.length)]!;
      expect(simpleWidth(s), JSON.stringify(s)).toBe(realStringWidth(s));
      expect(stringWidth(s)).toBe(realStringWidth(s));
    }
  });

  it('leaves what it cannot know to string-width: emoji, marks, joiners, selectors, wide and hidden characters', () => {
    for (const s of ['👩‍💻', '❤️', 'e\u0301', '\u200b', '\u00ad', '中文', '한', '✅', '⌚', '\x1b]8;;x\x07link', '\x9b1m', 'a\tb', '\u2028']) {
      expect(simpleWidth(s), JSON.stringify(s)).toBeUndefined();
      expect(stringWidth(s)).toBe(realStringWidth(s));
    }
  });
});
