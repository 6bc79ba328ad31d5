// Issue #13, line endings: every line break stays as it was (lone CR, CRLF, CR CR LF, mixed files); an edit touches
// only the bytes it changes, and the lines it adds take the file's most common ending.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { editTool } from '../../../src/tools/edit';
import { multiEditTool } from '../../../src/tools/multi-edit';
import { readTool } from '../../../src/tools/read';
import { writeTool } from '../../../src/tools/write';
import { carryBreaks, splitBreaks } from '../../../src/tools/text-format';
import { call, expectOk, makeCtx, tempDir } from './ctx';

let dir: string;
let ctx: ReturnType<typeof makeCtx>;
beforeEach(() => {
  dir = tempDir();
  ctx = makeCtx(dir);
});

const put = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text, 'utf8');
const get = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const read = async (name: string) => expectOk(await call(readTool, { file_path: name }, ctx)).text;

describe('line endings', () => {
  it('a mixed file keeps every untouched ending; added lines take the dominant one (CRLF here)', async () => {
    put('m.txt', 'a\r\nb\nc\r\nd\re\r\r\nf\r\n');
    await read('m.txt');
    expectOk(await call(editTool, { file_path: 'm.txt', old_string: 'c\nd', new_string: 'c\nX\nd' }, ctx));
    expect(get('m.txt')).toBe('a\r\nb\nc\r\nX\r\nd\re\r\r\nf\r\n');
  });

  it('changing a line keeps its own ending and its neighbours', async () => {
    put('m.txt', 'one\ntwo\r\nthree\rfour\n');
    await read('m.txt');
    expectOk(await call(editTool, { file_path: 'm.txt', old_string: 'two\nthree', new_string: 'TWO\nTHREE' }, ctx));
    expect(get('m.txt')).toBe('one\nTWO\r\nTHREE\rfour\n');
  });

  it('an old Mac file (lone CR) shows as lines and stays CR after an edit', async () => {
    put('mac.txt', 'first\rsecond\rthird\r');
    const text = await read('mac.txt');
    expect(text).toMatch(/^1\tfirst\n2\tsecond\n3\tthird/);
    expectOk(await call(editTool, { file_path: 'mac.txt', old_string: 'second', new_string: 'second\nnew' }, ctx));
    expect(get('mac.txt')).toBe('first\rsecond\rnew\rthird\r');
  });

  it('CR CR LF (a twice-converted file) is kept as it is', async () => {
    put('d.txt', 'x\r\r\ny\r\r\nz\r\r\n');
    expect(await read('d.txt')).toMatch(/^1\tx\n2\ty\n/);
    expectOk(await call(editTool, { file_path: 'd.txt', old_string: 'y', new_string: 'Y' }, ctx));
    expect(get('d.txt')).toBe('x\r\r\nY\r\r\nz\r\r\n');
  });

  it('replace_all and MultiEdit keep the endings between distant edits', async () => {
    put('r.txt', 'v=1\nw\r\nv=1\rend\r\n');
    await read('r.txt');
    expectOk(await call(editTool, { file_path: 'r.txt', old_string: 'v=1', new_string: 'v=2', replace_all: true }, ctx));
    expect(get('r.txt')).toBe('v=2\nw\r\nv=2\rend\r\n');
    expectOk(await call(multiEditTool, { file_path: 'r.txt', edits: [{ old_string: 'w', new_string: 'W\nW2' }, { old_string: 'end', new_string: 'END' }] }, ctx));
    expect(get('r.txt')).toBe('v=2\nW\r\nW2\r\nv=2\rEND\r\n');
  });

  it('Write over an existing file keeps the endings of the lines that stay', async () => {
    put('w.txt', 'keep1\rkeep2\r\nold\nkeep3\r');
    await read('w.txt');
    expectOk(await call(writeTool, { file_path: 'w.txt', content: 'keep1\nkeep2\nnew\nmore\nkeep3\n' }, ctx));
    // The changed middle takes the dominant ending (CR: 2 of 4); the unchanged start and end keep theirs.
    expect(get('w.txt')).toBe('keep1\rkeep2\r\nnew\rmore\nkeep3\r');
  });

  it('carryBreaks, fuzzed: one break per newline of the result, and the text before the first splice keeps its bytes', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const pieces = ['a', 'b', '\n', '\r\n', '\r', '\r\r\n', 'xy'];
    for (let round = 0; round < 300; round++) {
      const raw = Array.from({ length: rand(30) }, () => pieces[rand(pieces.length)]).join('');
      const { text, breaks } = splitBreaks(raw);
      const at = rand(text.length + 1);
      const removed = rand(text.length - at + 1);
      const inserted = Array.from({ length: rand(5) }, () => ['q', '\n'][rand(2)]).join('');
      const after = text.slice(0, at) + inserted + text.slice(at + removed);
      const carried = carryBreaks(text, breaks, [{ at, removed, inserted }], '\n');
      expect(carried.length).toBe(after.split('\n').length - 1);
      const before = text.slice(0, at).split('\n').length - 1;
      expect(carried.slice(0, before)).toEqual(breaks.slice(0, before));
      const tail = text.slice(at + removed).split('\n').length - 1;
      expect(carried.slice(carried.length - tail)).toEqual(breaks.slice(breaks.length - tail));
    }
  });

  it('carryBreaks keeps the breaks of the common start and end of a splice', () => {
    const { text, breaks } = splitBreaks('a\r\nb\nc\r');
    expect(carryBreaks(text, breaks, [{ at: 0, removed: text.length, inserted: 'a\nB\nc\n' }], '\n')).toEqual(['\r\n', '\n', '\r']);
  });
});
