// The one sanitiser, character by character: what each kind of control or invisible character becomes, in blocks
// and in one-line fields, and that what it lets through is exactly the printable text.
import { describe, expect, it } from 'vitest';
import { isClean, sanitize, sanitizeLine } from '../../src/text/sanitize';

const TABLE: Array<{ name: string; raw: string; block: string; line?: string }> = [
  { name: 'ESC [2J clears the screen', raw: 'a\x1b[2Jb', block: 'a\\x1b[2Jb' },
  { name: 'OSC 52 writes the clipboard', raw: '\x1b]52;c;cm0gLXJm\x07', block: '\\x1b]52;c;cm0gLXJm\\x07' },
  { name: 'OSC 8 link', raw: '\x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\', block: '\\x1b]8;;https://evil.example\\x1b\\here\\x1b]8;;\\x1b\\' },
  { name: 'carriage return overwrites a line', raw: 'deny\rallow', block: 'deny␍allow' },
  { name: 'backspaces', raw: 'rm -rf /\b\b\b\bls', block: 'rm -rf /\\x08\\x08\\x08\\x08ls' },
  { name: '8-bit CSI (C1)', raw: '\x9b2J', block: '\\x9b2J' },
  { name: 'NEL and other C1', raw: 'a\x85b\x9dc', block: 'a\\x85b\\x9dc' },
  { name: 'bidi override reorders deny/allow', raw: '\u202eynned\u202c wolla', block: '⟨U+202E⟩ynned⟨U+202C⟩ wolla' },
  { name: 'bidi isolates', raw: '\u2066a\u2067b\u2068c\u2069', block: '⟨U+2066⟩a⟨U+2067⟩b⟨U+2068⟩c⟨U+2069⟩' },
  { name: 'zero-width space', raw: 'r\u200bm', block: 'r⟨U+200B⟩m' },
  { name: 'LRM, RLM, ALM', raw: 'a\u200eb\u200fc\u061cd', block: 'a⟨U+200E⟩b⟨U+200F⟩c⟨U+061C⟩d' },
  { name: 'BOM', raw: '\ufeffhi', block: '⟨U+FEFF⟩hi' },
  { name: 'DEL', raw: 'x\x7fy', block: 'x\\x7fy' },
  { name: 'NUL and BEL', raw: 'a\x00b\x07', block: 'a\\x00b\\x07' },
  { name: 'soft hyphen', raw: 'al\u00adlow', block: 'al⟨U+00AD⟩low' },
  { name: 'line and paragraph separators', raw: 'a\u2028b\u2029c', block: 'a⟨U+2028⟩b⟨U+2029⟩c' },
  { name: 'tag characters (hidden ASCII)', raw: 'ok\u{e0069}\u{e0067}', block: 'ok⟨U+E0069⟩⟨U+E0067⟩' },
  { name: 'Hangul filler', raw: 'a\u3164b', block: 'a⟨U+3164⟩b' },
  { name: 'word joiner', raw: 'a\u2060b', block: 'a⟨U+2060⟩b' },
  { name: 'a run of variation selectors (hidden data)', raw: 'a\ufe01\ufe02', block: 'a\ufe01⟨U+FE02⟩' },
  { name: 'a variation selector with nothing before it', raw: '\ufe0fx', block: '⟨U+FE0F⟩x' },
  { name: 'a zero-width joiner between letters', raw: 'a\u200db', block: 'a⟨U+200D⟩b' },
  { name: 'CRLF line ends', raw: 'one\r\ntwo', block: 'one\ntwo', line: 'one⏎two' },
  { name: 'newlines', raw: 'one\ntwo', block: 'one\ntwo', line: 'one⏎two' },
  { name: 'tabs to the next multiple of 4', raw: 'a\tbc\td', block: 'a   bc  d' },
];

// What must never reach the terminal from outside text (tab and newline have their own rules).
// eslint-disable-next-line no-control-regex
const DANGEROUS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]|\p{Cf}/u;

const KEPT = ['plain ASCII', 'héllo wörld — ünïcödé', '中文 and 日本語', '👩‍💻 and 👨‍👩‍👧', '❤️ and ☺︎', 'box ┌─┐ │ └─┘ ❯ ✓', 'Ελληνικά العربية עברית'];

describe('sanitize', () => {
  for (const c of TABLE) {
    it(c.name, () => {
      expect(sanitize(c.raw)).toBe(c.block);
      expect(sanitizeLine(c.raw)).toBe(c.line ?? c.block);
      expect(DANGEROUS.test(sanitize(c.raw))).toBe(false);
      expect(sanitize(sanitize(c.raw))).toBe(sanitize(c.raw)); // idempotent: safe to apply at two layers
    });
  }

  it('leaves printable text alone (scripts, emoji sequences, box drawing)', () => {
    for (const s of KEPT) expect(sanitize(s)).toBe(s);
  });

  it('keeps our own colours only when asked, and never inverse, conceal or blink', () => {
    const styled = '\x1b[31mred\x1b[39m \x1b[1;38;5;7mbold\x1b[22m \x1b[7mfake badge\x1b[27m \x1b[8mhidden\x1b[28m \x1b[2J';
    expect(sanitize(styled)).not.toContain('\x1b');
    const kept = sanitize(styled, { keepSgr: true });
    expect(kept).toContain('\x1b[31mred\x1b[39m');
    expect(kept).toContain('\x1b[1;38;5;7mbold'); // 7 is a palette index here, not inverse
    expect(kept).toContain('\\x1b[7mfake badge');
    expect(kept).toContain('\\x1b[8mhidden');
    expect(kept).toContain('\\x1b[2J');
  });

  it('says a text is clean only when it has none of them', () => {
    for (const s of KEPT.slice(0, 3)) expect(isClean(s)).toBe(true);
    for (const c of TABLE) if (c.block !== c.raw) expect(isClean(c.raw)).toBe(false);
    expect(isClean('one\ntwo', 'line')).toBe(false);
  });

  it('takes a starting column for tab stops', () => {
    expect(sanitize('\tx', { column: 2 })).toBe('  x');
  });
});
