// The JSON syntax error position: the engine's own position when its message has one, else the scanner's.
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineColumnAt, parseJsonWithPosition } from '../../src/settings/json-position';

/** Where findJsonSyntaxError puts the first error, as `line:column`. */
function scanAt(text: string): string | undefined {
  const found = findJsonSyntaxError(text);
  if (!found) return undefined;
  const { line, column } = lineColumnAt(text, found.offset);
  return `${line}:${column}`;
}

function problemOf(text: string) {
  const parsed = parseJsonWithPosition(text);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  return parsed.problem;
}

describe('parseJsonWithPosition when the engine names no position', () => {
  it('points at the comma where a value is missing', () => {
    // Line 2 is ` "a":,` - space, quote, a, quote, colon, comma: the comma is column 6.
    expect(problemOf('{\n "a":,\n}')).toEqual({ line: 2, column: 6, message: "Unexpected ',' where a value was expected" });
  });

  it('points at the bracket after a trailing comma in a list', () => {
    expect(problemOf('{\n  "allow": [\n    "Read",\n  ]\n}')).toMatchObject({ line: 4, column: 3, message: expect.stringMatching(/^Trailing comma before '\]'/) });
  });

  it('refuses comments', () => {
    expect(problemOf('// my settings\n{}')).toMatchObject({ line: 1, column: 1, message: expect.stringMatching(/^Comments are not allowed/) });
  });

  it('points at the start of a misspelt literal or NaN', () => {
    expect(problemOf('{\n  "model": tru\n}')).toMatchObject({ line: 2, column: 12, message: expect.stringContaining("Unknown word 'tru'") });
    expect(problemOf('{"a": NaN}')).toMatchObject({ line: 1, column: 7 });
  });

  it('says an empty file is empty', () => {
    expect(problemOf('')).toEqual({ line: 1, column: 1, message: 'The file is empty: a settings file holds a JSON object, e.g. {}' });
    expect(problemOf(' \n  ')).toMatchObject({ line: 1, column: 1, message: expect.stringMatching(/^The file is empty/) });
  });

  it('names a byte order mark', () => {
    expect(problemOf('\ufeff{}')).toMatchObject({ line: 1, column: 1, message: expect.stringContaining('byte order mark') });
  });

  it('never quotes the file back in the message', () => {
    expect(problemOf('{\n "a": [1,]\n}').message).not.toContain('is not valid JSON');
  });
});

describe('parseJsonWithPosition when the engine names a position', () => {
  it('keeps it', () => {
    expect(problemOf('{\n  "a": 1,\n}')).toMatchObject({ line: 3, column: 1 });
    expect(problemOf('{"a": {"b": 1}')).toMatchObject({ line: 1, column: 15 });
  });

  it('parses valid JSON', () => {
    expect(parseJsonWithPosition('{"a": [1, "x"]}')).toEqual({ ok: true, value: { a: [1, 'x'] } });
  });
});

describe('findJsonSyntaxError', () => {
  it('accepts strict JSON', () => {
    for (const text of ['{}', '[]', '0', '-1.5e+3', '"\\u00e9\\n\\"\\\\\\/"', ' {"a": [true, false, null, {"b": []}], "c": ""}\r\n']) {
      expect(findJsonSyntaxError(text), text).toBeUndefined();
    }
  });

  it('finds the first offending token', () => {
    expect(scanAt('{\n "a":,\n}')).toBe('2:6');
    expect(scanAt('{"a": 1,}')).toBe('1:9');
    expect(scanAt('[1, 2,]')).toBe('1:7');
    expect(scanAt('{\n  "a": 1 /* why */\n}')).toBe('2:10');
    expect(scanAt("{'a': 1}")).toBe('1:2');
    expect(scanAt('{a: 1}')).toBe('1:2');
    expect(scanAt('{"a" 1}')).toBe('1:6');
    expect(scanAt('[1 2]')).toBe('1:4');
    expect(scanAt('{"a": 1}\n}')).toBe('2:1');
    expect(scanAt('{"a": "\\q"}')).toBe('1:8');
    expect(scanAt('{"a": "\\u12"}')).toBe('1:8');
    expect(scanAt('{"a": "x\ty"}')).toBe('1:9');
    expect(scanAt('{"a": 07}')).toBe('1:7');
    expect(scanAt('{"a": 1.}')).toBe('1:7');
    expect(scanAt('{"a": -}')).toBe('1:7');
    expect(scanAt('[1e]')).toBe('1:2');
    expect(scanAt('[1}')).toBe('1:3');
  });

  it('reports an unterminated string at its opening quote', () => {
    expect(scanAt('{\n  "model": "opus\n}')).toBe('2:12');
    expect(scanAt('{"a": "open')).toBe('1:7');
    expect(scanAt('{"a": "continued \\\n here"}')).toBe('1:7');
    expect(findJsonSyntaxError('{"a": "open')?.message).toMatch(/no closing '"'/);
  });

  it('reports a file that ends early at its end, naming the open bracket', () => {
    expect(findJsonSyntaxError('{\n  "a": [1, 2')).toEqual({ offset: 14, message: "The file ends early: ']' is missing for the '[' at 2:8" });
    expect(scanAt('{"a"')).toBe('1:5');
    expect(findJsonSyntaxError('{"a"')?.message).toContain("':', a value and '}' are missing");
  });

  it('survives deep nesting', () => {
    const deep = '['.repeat(200_000);
    expect(findJsonSyntaxError(deep)).toMatchObject({ offset: 200_000 });
    expect(findJsonSyntaxError(`${deep}${']'.repeat(200_000)}`)).toBeUndefined();
  });
});
