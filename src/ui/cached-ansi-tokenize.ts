// @alcalzone/ansi-tokenize with a memory across frames. Ink turns every live line into styled characters on every
// frame (its own cache lasts one frame); while an answer streams, almost every line is the same as in the frame
// before, and this was the largest cost left in a profile of rendering. Ink only reads the results, never
// changes them, so the same arrays can be handed out again. scripts/build.mjs routes Ink's import here.
import {
  styledCharsFromTokens as realStyledCharsFromTokens,
  tokenize as realTokenize,
  type StyledChar,
  type Token,
} from '@alcalzone/ansi-tokenize';

export { ansiCodesToString, diffAnsiCodes, reduceAnsiCodes, reduceAnsiCodesIncremental, styledCharsToString, undoAnsiCodes } from '@alcalzone/ansi-tokenize';
export type { AnsiCode, Char, StyledChar, Token } from '@alcalzone/ansi-tokenize';

const MAX_LINES = 2048;
const tokensByLine = new Map<string, Token[]>();
const charsByTokens = new WeakMap<Token[], StyledChar[]>();

export function tokenize(text: string, endChar?: number): Token[] {
  if (endChar !== undefined) return realTokenize(text, endChar);
  let tokens = tokensByLine.get(text);
  if (!tokens) {
    tokens = realTokenize(text);
    if (tokensByLine.size >= MAX_LINES) tokensByLine.clear();
    tokensByLine.set(text, tokens);
  }
  return tokens;
}

export function styledCharsFromTokens(tokens: Token[]): StyledChar[] {
  let chars = charsByTokens.get(tokens);
  if (!chars) {
    chars = realStyledCharsFromTokens(tokens);
    charsByTokens.set(tokens, chars);
  }
  return chars;
}
