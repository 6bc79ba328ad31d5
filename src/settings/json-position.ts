// Turns a JSON.parse failure into a line and column the user can jump to.
// V8 names a position for most errors ("... in JSON at position 14") but not all: for an unexpected token it quotes
// the text instead (`Unexpected token ',', "{ "a":, }" is not valid JSON`). Then findJsonSyntaxError scans the text
// itself for the first token that cannot stand where it is.

export interface JsonSyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/** A character offset into the text and what is wrong there. */
export interface JsonScanError {
  offset: number;
  message: string;
}

/** 1-based line and column of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

export function parseJsonWithPosition(text: string): { ok: true; value: unknown } | { ok: false; problem: JsonSyntaxProblem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = (e as Error).message;
    // Node 20: "... in JSON at position 14"; other engines say "(line 2 column 3)".
    const lc = /line (\d+) column (\d+)/.exec(message);
    if (lc) return { ok: false, problem: { line: Number(lc[1]), column: Number(lc[2]), message: cleanEngineMessage(message) } };
    const pos = /at position (\d+)/.exec(message);
    if (pos && Number(pos[1]) <= text.length) {
      return { ok: false, problem: { ...lineColumnAt(text, Number(pos[1])), message: cleanEngineMessage(message) } };
    }
    const found = findJsonSyntaxError(text);
    if (found) return { ok: false, problem: { ...lineColumnAt(text, found.offset), message: found.message } };
    // The scanner accepts what JSON.parse refused: trust the engine, point at the end.
    return { ok: false, problem: { ...lineColumnAt(text, text.length), message: cleanEngineMessage(message) } };
  }
}

function cleanEngineMessage(message: string): string {
  return message
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/^JSON\.parse: /, '');
}

type Container = { kind: 'object' | 'array'; offset: number };
/** What may come next: a value, a property name, `:`, `,` or the closing bracket, or nothing (`end`). */
type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

/**
 * The first syntax error of strict JSON (no comments, no trailing commas, no single quotes) in `text`, or undefined
 * when the text is valid. Iterative, so deeply nested input cannot overflow the stack.
 */
export function findJsonSyntaxError(text: string): JsonScanError | undefined {
  const stack: Container[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const afterValue = (): Expect => (stack.length > 0 ? 'commaOrClose' : 'end');
  for (;;) {
    while (i < text.length && isJsonWhitespace(text[i]!)) i++;
    if (i >= text.length) return expect === 'end' ? undefined : endOfText(text, stack, expect);
    const c = text[i]!;
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      return { offset: i, message: 'Comments are not allowed: settings files are strict JSON, remove the comment' };
    }
    if (c === '\ufeff' && i === 0) {
      return { offset: 0, message: 'The file starts with a byte order mark (BOM): save it as UTF-8 without BOM' };
    }
    switch (expect) {
      case 'end':
        return { offset: i, message: `Unexpected ${describe(text, i)} after the end of the JSON value` };
      case 'value':
      case 'valueOrClose': {
        if (c === ']' && stack.at(-1)?.kind === 'array') {
          if (expect === 'valueOrClose') {
            stack.pop();
            expect = afterValue();
            i++;
            break;
          }
          return { offset: i, message: "Trailing comma before ']': settings files are strict JSON, remove the comma" };
        }
        if (c === '{') {
          stack.push({ kind: 'object', offset: i });
          expect = 'keyOrClose';
          i++;
          break;
        }
        if (c === '[') {
          stack.push({ kind: 'array', offset: i });
          expect = 'valueOrClose';
          i++;
          break;
        }
        const scanned = scanScalar(text, i);
        if ('message' in scanned) return scanned;
        i = scanned.end;
        expect = afterValue();
        break;
      }
      case 'key':
      case 'keyOrClose': {
        if (c === '}') {
          if (expect === 'keyOrClose') {
            stack.pop();
            expect = afterValue();
            i++;
            break;
          }
          return { offset: i, message: "Trailing comma before '}': settings files are strict JSON, remove the comma" };
        }
        if (c === '"') {
          const scanned = scanString(text, i);
          if ('message' in scanned) return scanned;
          i = scanned.end;
          expect = 'colon';
          break;
        }
        if (/[A-Za-z_$']/.test(c)) {
          return { offset: i, message: 'Property names must be in double quotes ("name": ...)' };
        }
        return { offset: i, message: `Unexpected ${describe(text, i)} where a property name in double quotes was expected` };
      }
      case 'colon':
        if (c !== ':') return { offset: i, message: `Expected ':' after the property name, found ${describe(text, i)}` };
        expect = 'value';
        i++;
        break;
      case 'commaOrClose': {
        const open = stack.at(-1)!;
        const close = open.kind === 'object' ? '}' : ']';
        if (c === ',') {
          expect = open.kind === 'object' ? 'key' : 'value';
          i++;
          break;
        }
        if (c === close) {
          stack.pop();
          expect = afterValue();
          i++;
          break;
        }
        const where = open.kind === 'object' ? 'a property value' : 'an array element';
        return { offset: i, message: `Expected ',' or '${close}' after ${where}, found ${describe(text, i)}` };
      }
    }
  }
}

/** A string, number or literal at `start`, or what is wrong with it. */
function scanScalar(text: string, start: number): { end: number } | JsonScanError {
  const c = text[start]!;
  if (c === '"') return scanString(text, start);
  if (c === '-' || (c >= '0' && c <= '9')) return scanNumber(text, start);
  if (c === "'") return { offset: start, message: 'Strings must be in double quotes, not single quotes' };
  if (/[A-Za-z_$]/.test(c)) {
    const word = wordAt(text, start);
    if (word === 'true' || word === 'false' || word === 'null') return { end: start + word.length };
    return { offset: start, message: `Unknown word '${word}': a value is a "string" in double quotes, a number, true, false, null, an object or a list` };
  }
  if (c === ',' || c === '}' || c === ']' || c === ':') {
    return { offset: start, message: `Unexpected '${c}' where a value was expected` };
  }
  return { offset: start, message: `Unexpected ${describe(text, start)} where a value was expected` };
}

function scanString(text: string, start: number): { end: number } | JsonScanError {
  // An unterminated string is reported at its opening quote, not where the scan ran out: a JSON string cannot span
  // lines, so the missing quote belongs on the line where the string starts, while the end of the line or file
  // says nothing about which string is open. (Node 20's JSON.parse names a position for these itself, the end of
  // the line, and parseJsonWithPosition keeps it: that is the same line.)
  const unterminated = { offset: start, message: `This string has no closing '"': add it before the end of the line` };
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return { end: i + 1 };
    if (c === '\n' || c === '\r') return unterminated;
    if (c < ' ') {
      const code = c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      return { offset: i, message: `Control character U+${code} inside a string: write it as an escape (\\t, \\n or \\u${code})` };
    }
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined || next === '\n' || next === '\r') return unterminated;
      if (next === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
          return { offset: i, message: 'A \\u escape needs four hex digits (\\u00e9)' };
        }
        i += 6;
        continue;
      }
      if (!'"\\/bfnrt'.includes(next)) {
        return { offset: i, message: `Invalid escape '\\${next}' in a string: write '\\\\' for a backslash` };
      }
      i += 2;
      continue;
    }
    i++;
  }
  return unterminated;
}

function scanNumber(text: string, start: number): { end: number } | JsonScanError {
  const number = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  number.lastIndex = start;
  const m = number.exec(text);
  if (!m) return { offset: start, message: "A number must have digits after '-'" };
  const end = start + m[0].length;
  const next = text[end];
  // A malformed number is reported at its start, where the fix goes (leading zero, missing digits).
  if (m[1] === '0' && next !== undefined && next >= '0' && next <= '9') {
    return { offset: start, message: 'Numbers must not start with 0 (write 7, not 07; or "07" as a string)' };
  }
  if (next === '.' && m[2] === undefined && m[3] === undefined) {
    return { offset: start, message: "A number needs digits after '.' (1.0, not 1.)" };
  }
  if ((next === 'e' || next === 'E') && m[3] === undefined) {
    return { offset: start, message: 'A number needs digits after its exponent (1e3, not 1e)' };
  }
  return { end };
}

function endOfText(text: string, stack: Container[], expect: Expect): JsonScanError {
  if (text.trim() === '') return { offset: 0, message: 'The file is empty: a settings file holds a JSON object, e.g. {}' };
  const open = stack.at(-1);
  if (!open) return { offset: text.length, message: 'The file ends where a value was expected' };
  const at = lineColumnAt(text, open.offset);
  const opener = open.kind === 'object' ? '{' : '[';
  const close = open.kind === 'object' ? '}' : ']';
  const missing: Record<Expect, string> = {
    colon: `':', a value and '${close}' are`,
    key: `a property and '${close}' are`,
    value: `a value and '${close}' are`,
    keyOrClose: `'${close}' is`,
    valueOrClose: `'${close}' is`,
    commaOrClose: `'${close}' is`,
    end: `'${close}' is`,
  };
  return { offset: text.length, message: `The file ends early: ${missing[expect]} missing for the '${opener}' at ${at.line}:${at.column}` };
}

function isJsonWhitespace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function describe(text: string, offset: number): string {
  const c = String.fromCodePoint(text.codePointAt(offset)!);
  if (c === '"') return 'a string';
  if (/[\d-]/.test(c)) return 'a number';
  if (/[A-Za-z_$]/.test(c)) return `'${wordAt(text, offset)}'`;
  if (c < ' ' || /\s/u.test(c)) return `character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${c}'`;
}

/** The run of word characters at `offset` (a misspelt literal such as `tru` or `None`). */
function wordAt(text: string, offset: number): string {
  const word = /[\w$]+/y;
  word.lastIndex = offset;
  return word.exec(text)?.[0] ?? text[offset]!;
}

/** A value's place in a JSON document: object keys and array indices from the top. */
export type JsonPath = ReadonlyArray<string | number>;

/** One string for a path (keys may hold dots, so they are joined by a character JSON keys rarely hold). */
export function jsonPathKey(path: JsonPath): string {
  return path.map(String).join('\u0000');
}

/**
 * The 1-based line of every key and array element of a valid JSON text, by jsonPathKey. Lets a message about one
 * bad value say where it is without a second parser: a settings warning names `file:line`.
 * Iterative; on text that is not valid JSON it returns what it found before the problem.
 */
export function locateJsonValues(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  type Frame = { kind: 'object'; path: Array<string | number>; key?: string } | { kind: 'array'; path: Array<string | number>; index: number };
  const stack: Frame[] = [];
  let line = 1;
  let i = 0;
  // Where the next value sits, when it starts.
  const placeValue = (): void => {
    const top = stack.at(-1);
    if (top?.kind === 'array') lines.set(jsonPathKey([...top.path, top.index]), line);
  };
  const pathOfValue = (): Array<string | number> => {
    const top = stack.at(-1);
    if (!top) return [];
    if (top.kind === 'array') return [...top.path, top.index];
    return [...top.path, top.key ?? ''];
  };
  let expectKey = false;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === ':') {
      i++;
      continue;
    }
    if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'array') top.index++;
      else expectKey = true;
      i++;
      continue;
    }
    if (c === '{' || c === '[') {
      placeValue();
      const path = pathOfValue();
      stack.push(c === '{' ? { kind: 'object', path } : { kind: 'array', path, index: 0 });
      expectKey = c === '{';
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (expectKey && top?.kind === 'object') {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return lines;
        }
        top.key = key;
        lines.set(jsonPathKey([...top.path, key]), line);
        expectKey = false;
      } else {
        placeValue();
      }
      i = j + 1;
      continue;
    }
    // A number or a literal.
    placeValue();
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  }
  return lines;
}
