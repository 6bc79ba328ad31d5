// The one place where text from outside tandem (the model, tools, files, MCP servers, hooks, agent files) is made
// safe to show in a terminal. A terminal obeys what it is sent: ESC/CSI/OSC sequences move the cursor, clear the
// screen, write the clipboard or open links; a carriage return or backspace overwrites what was just printed;
// bidi overrides reorder a line ("deny" can read as "allow"); zero-width and other invisible format characters
// make two different texts look the same. Every such character becomes a visible escape instead, so outside
// text can only ever print itself, on its own lines; the UI adds its own styling after this, never before.
//
// What becomes what:
//   \r before \n              dropped in blocks (a CRLF line end overwrites nothing); ⏎ in a single line
//   \r elsewhere              ␍
//   \n                        kept in blocks; ⏎ in a single line
//   \t                        spaces to the next multiple of 4 columns (a raw tab has no width for the layout)
//   other C0, DEL, C1         \xNN (ESC is \x1b, backspace \x08, the 8-bit CSI \x9b)
//   invisible format chars    ⟨U+XXXX⟩: every Unicode "Cf" character (soft hyphen, zero-width space and joiners,
//                             LRM/RLM/ALM, bidi embeddings, overrides and isolates, word joiner, BOM, interlinear
//                             annotations, tag characters U+E0000-E007F...), the line and paragraph separators
//                             U+2028/U+2029, and blank-looking fillers (U+034F, U+115F, U+1160, U+17B4, U+17B5,
//                             U+180B-U+180F, U+3164, U+FFA0)
//   zero-width joiner         kept between emoji (👩‍💻 is one picture), escaped anywhere else
//   variation selectors       one kept right after a visible character (❤️, CJK variants); any other (a run of
//                             them can carry hidden data, or one at the start of a line) is escaped
// Lone surrogates are left alone: Node writes them as U+FFFD.
//
// The common case is text with none of these: one regex test and the string comes back as it was.

export interface SanitizeOptions {
  /**
   * 'block' (default) keeps line breaks: answers, tool output, file previews. 'line' is for one-line fields (a
   * tool line, a todo, a name, a path): a line break there becomes a visible ⏎.
   */
  mode?: 'block' | 'line';
  /**
   * Keep well-formed colour/style sequences (SGR, `ESC [ ... m`), for text the shell itself styled around outside
   * parts it already sanitised (command output). Inverse video, conceal and blink are still escaped: they are
   * reserved for the shell's own permission prompt, so even a missed outside part cannot draw its header.
   */
  keepSgr?: boolean;
  /** The column the text starts at, for tab stops (a streamed piece that continues a line). */
  column?: number;
}

const TAB_STOP = 4;

// Everything the slow path may change. The fast test is one character class without the `u` flag (a cheap scan).
// Astral characters are found by their high surrogate: \uDB40 is plane 14 (tag characters, the supplementary
// variation selectors), \uD804 \uD80D \uD82F \uD834 hold the other astral format characters (a Brahmi number
// sign, Egyptian, shorthand and musical format controls); text that merely shares those blocks takes the slow path.
const BMP_RANGES =
  '\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5' +
  '\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff9-\\ufffb';
const ASTRAL_HIGH = '\\ud804\\ud80d\\ud82f\\ud834\\udb40';
const SUSPECT_BLOCK = new RegExp(`[${BMP_RANGES}${ASTRAL_HIGH}]`);
const SUSPECT_LINE = new RegExp(`[\\n${BMP_RANGES}${ASTRAL_HIGH}]`);
// The slow path walks from one suspect character to the next with these (whole code points, `u` flag).
const NEXT_BLOCK = new RegExp(`[${BMP_RANGES}]|\\p{Cf}|[\\u{e0100}-\\u{e01ef}]`, 'gu');
const NEXT_LINE = new RegExp(`[\\n${BMP_RANGES}]|\\p{Cf}|[\\u{e0100}-\\u{e01ef}]`, 'gu');
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const EMOJI_MODIFIER = /^\p{Emoji_Modifier}$/u;

const isVariationSelector = (cp: number) => (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
const hex2 = (n: number) => n.toString(16).padStart(2, '0');
const codePointEscape = (cp: number) => `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;

/** True when `s` holds nothing `sanitize` would change. */
export function isClean(s: string, mode: 'block' | 'line' = 'block'): boolean {
  return !(mode === 'line' ? SUSPECT_LINE : SUSPECT_BLOCK).test(s);
}

/** Outside text made safe to print: see the table at the top of this file. Idempotent. */
export function sanitize(s: string, options: SanitizeOptions = {}): string {
  const mode = options.mode ?? 'block';
  if (isClean(s, mode)) return s;
  return slowSanitize(s, mode, options.keepSgr === true, options.column ?? 0);
}

/** A one-line field: `sanitize(s, {mode: 'line'})`. */
export const sanitizeLine = (s: string): string => sanitize(s, { mode: 'line' });

// SGR parameters that stay reserved for the shell's own prompt: inverse (7), conceal (8), blink (5, 6).
const RESERVED_SGR = new Set([5, 6, 7, 8]);

/** The end of an allowed SGR sequence starting at s[i] (ESC), or -1. */
function allowedSgrEnd(s: string, i: number): number {
  if (s[i + 1] !== '[') return -1;
  let j = i + 2;
  while (j < s.length && ((s[j]! >= '0' && s[j]! <= '9') || s[j] === ';')) j++;
  if (s[j] !== 'm' || j - i > 64) return -1;
  const params = s.slice(i + 2, j).split(';').map((p) => (p === '' ? 0 : Number(p)));
  for (let k = 0; k < params.length; k++) {
    const p = params[k]!;
    // 38/48/58 take a colour: 5;N or 2;R;G;B. Those numbers are not styles.
    if (p === 38 || p === 48 || p === 58) {
      k += params[k + 1] === 5 ? 2 : params[k + 1] === 2 ? 4 : 0;
      continue;
    }
    if (RESERVED_SGR.has(p)) return -1;
  }
  return j + 1;
}

function slowSanitize(s: string, mode: 'block' | 'line', keepSgr: boolean, startColumn: number): string {
  const next = mode === 'line' ? NEXT_LINE : NEXT_BLOCK;
  next.lastIndex = 0;
  let out = '';
  let column = startColumn;
  // The last code point written as itself (for the emoji and variation selector rules); -1 after an escape.
  let prev = -1;
  let from = 0;
  for (let m = next.exec(s); m !== null; m = next.exec(s)) {
    const i = m.index;
    if (i > from) {
      out += s.slice(from, i);
      column += i - from;
      prev = s.codePointAt(i - 1)!;
      if (prev >= 0xdc00 && prev <= 0xdfff && i - 2 >= from) prev = s.codePointAt(i - 2)!;
    }
    const cp = m[0].codePointAt(0)!;
    let end = i + m[0].length;
    let put: string | null = null; // null: the character itself
    if (cp === 0x0a) {
      if (mode === 'block') {
        out += '\n';
        column = 0;
        prev = -1;
        from = end;
        continue;
      }
      put = '⏎';
    } else if (cp === 0x0d) {
      if (s.charCodeAt(end) === 0x0a) {
        end++;
        if (mode === 'block') {
          out += '\n'; // a CRLF line end overwrites nothing
          column = 0;
          prev = -1;
          from = end;
          next.lastIndex = end;
          continue;
        }
        put = '⏎';
        next.lastIndex = end;
      } else put = '␍';
    } else if (cp === 0x09) {
      const spaces = TAB_STOP - (column % TAB_STOP);
      out += ' '.repeat(spaces);
      column += spaces;
      prev = 0x20;
      from = end;
      continue;
    } else if (cp === 0x1b && keepSgr && allowedSgrEnd(s, i) > 0) {
      end = allowedSgrEnd(s, i);
      out += s.slice(i, end);
      from = end;
      next.lastIndex = end;
      continue;
    } else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
      put = `\\x${hex2(cp)}`;
    } else if (cp === 0x200d) {
      const after = s.codePointAt(end);
      const joinsEmoji =
        (prev === 0xfe0f || (prev > 0 && (PICTOGRAPHIC.test(String.fromCodePoint(prev)) || EMOJI_MODIFIER.test(String.fromCodePoint(prev))))) &&
        after !== undefined &&
        PICTOGRAPHIC.test(String.fromCodePoint(after));
      if (!joinsEmoji) put = codePointEscape(cp);
    } else if (isVariationSelector(cp)) {
      // One selector after a visible character picks its presentation; anything else is hidden payload.
      if (prev < 0 || prev === 0x20 || isVariationSelector(prev)) put = codePointEscape(cp);
    } else {
      put = codePointEscape(cp);
    }
    if (put === null) {
      out += m[0];
      column += 1;
      prev = cp;
    } else {
      out += put;
      column += put.length;
      prev = -1;
    }
    from = end;
  }
  if (from < s.length) out += s.slice(from);
  return out;
}
