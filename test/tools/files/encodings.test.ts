// Issue #13, encodings: a file that is not plain UTF-8 is edited in its own encoding with every untouched byte
// identical, or refused with the reason; never re-encoded. Every check is byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { editTool } from '../../../src/tools/edit';
import { multiEditTool } from '../../../src/tools/multi-edit';
import { readTool } from '../../../src/tools/read';
import { writeTool } from '../../../src/tools/write';
import { call, expectError, expectOk, makeCtx, tempDir } from './ctx';

let dir: string;
let ctx: ReturnType<typeof makeCtx>;
beforeEach(() => {
  dir = tempDir();
  ctx = makeCtx(dir);
});

const put = (name: string, bytes: Buffer) => fs.writeFileSync(path.join(dir, name), bytes);
const bytesOf = (name: string) => fs.readFileSync(path.join(dir, name));
const read = async (name: string) => expectOk(await call(readTool, { file_path: name }, ctx)).text;

describe('Latin-1 and Windows-1252', () => {
  // "café déjà vu\nnaïve\n" with a Windows-1252 curly quote: not valid UTF-8.
  const latin1 = Buffer.from('caf\xe9 d\xe9j\xe0 vu\nna\xefve \xabquote\xbb\n', 'latin1');

  it('Read shows the accented letters and names the encoding', async () => {
    put('l.txt', latin1);
    const text = await read('l.txt');
    expect(text).toContain('café déjà vu');
    expect(text).toContain('naïve «quote»');
    expect(text).not.toContain('\uFFFD');
    expect(text).toMatch(/Latin-1/);
  });

  it('an Edit changes only the edited bytes and keeps every other byte identical', async () => {
    put('l.txt', latin1);
    await read('l.txt');
    expectOk(await call(editTool, { file_path: 'l.txt', old_string: 'naïve', new_string: 'naïf' }, ctx));
    expect(bytesOf('l.txt').equals(Buffer.from('caf\xe9 d\xe9j\xe0 vu\nna\xeff \xabquote\xbb\n', 'latin1'))).toBe(true);
  });

  it('Windows-1252 bytes 0x80-0x9F (curly quotes, euro, dash) round-trip through an edit', async () => {
    const cp = Buffer.from([0x93, 0x48, 0x69, 0x94, 0x20, 0x80, 0x35, 0x20, 0x96, 0x20, 0x6f, 0x6b, 0x0a, 0x81, 0x0a]);
    put('w.txt', cp);
    const text = await read('w.txt');
    expect(text).toContain('“Hi” €5 – ok');
    expect(text).toMatch(/Windows-1252/);
    expectOk(await call(editTool, { file_path: 'w.txt', old_string: 'ok', new_string: 'fine €' }, ctx));
    const expected = Buffer.concat([cp.subarray(0, 10), Buffer.from('fine ', 'latin1'), Buffer.from([0x80, 0x0a, 0x81, 0x0a])]);
    expect(bytesOf('w.txt').equals(expected)).toBe(true);
  });

  it('refuses an edit whose new text the encoding cannot hold, and leaves the file alone', async () => {
    put('l.txt', latin1);
    await read('l.txt');
    const err = expectError(await call(editTool, { file_path: 'l.txt', old_string: 'vu', new_string: 'vu 日本' }, ctx));
    expect(err).toMatch(/cannot be written in Latin-1/);
    expect(bytesOf('l.txt').equals(latin1)).toBe(true);
  });

  it('Write over an existing Latin-1 file keeps Latin-1', async () => {
    put('l.txt', latin1);
    await read('l.txt');
    expectOk(await call(writeTool, { file_path: 'l.txt', content: 'tout à fait\n' }, ctx));
    expect(bytesOf('l.txt').equals(Buffer.from('tout \xe0 fait\n', 'latin1'))).toBe(true);
  });

  it('MultiEdit keeps the encoding too', async () => {
    put('l.txt', latin1);
    await read('l.txt');
    expectOk(await call(multiEditTool, { file_path: 'l.txt', edits: [{ old_string: 'café', new_string: 'thé' }, { old_string: '«quote»', new_string: '«q»' }] }, ctx));
    expect(bytesOf('l.txt').equals(Buffer.from('th\xe9 d\xe9j\xe0 vu\nna\xefve \xabq\xbb\n', 'latin1'))).toBe(true);
  });
});

describe('byte order marks', () => {
  it('UTF-16 LE with BOM: Read decodes it, Edit writes UTF-16 LE with the BOM', async () => {
    const original = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße\r\nzwei\r\n', 'utf16le')]);
    put('u.txt', original);
    const text = await read('u.txt');
    expect(text).toContain('Grüße');
    expect(text).toMatch(/UTF-16 little-endian/);
    expectOk(await call(editTool, { file_path: 'u.txt', old_string: 'zwei', new_string: 'zwei\ndrei' }, ctx));
    expect(bytesOf('u.txt').equals(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße\r\nzwei\r\ndrei\r\n', 'utf16le')]))).toBe(true);
  });

  it('UTF-16 BE with BOM round-trips through an edit', async () => {
    const be = (s: string) => Buffer.from(s, 'utf16le').swap16();
    put('b.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), be('one ✓\ntwo\n')]));
    expect(await read('b.txt')).toContain('one ✓');
    expectOk(await call(editTool, { file_path: 'b.txt', old_string: 'two', new_string: 'deux' }, ctx));
    expect(bytesOf('b.txt').equals(Buffer.concat([Buffer.from([0xfe, 0xff]), be('one ✓\ndeux\n')]))).toBe(true);
  });

  it('UTF-8 with BOM keeps the BOM, and Read does not show it as text', async () => {
    put('bom.txt', Buffer.from('\uFEFFhello\n', 'utf8'));
    const text = await read('bom.txt');
    expect(text).toMatch(/1\thello$/m);
    expectOk(await call(editTool, { file_path: 'bom.txt', old_string: 'hello', new_string: 'bye' }, ctx));
    expect(bytesOf('bom.txt').equals(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('bye\n')]))).toBe(true);
  });
});

describe('encodings that cannot be kept', () => {
  const sjis = Buffer.from(new Uint8Array([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x82, 0xcc, 0x83, 0x65, 0x83, 0x4c, 0x83, 0x58, 0x83, 0x67, 0x0a]));

  it('Read shows Shift-JIS decoded and says edits will be refused', async () => {
    put('j.txt', sjis);
    const text = await read('j.txt');
    expect(text).toContain('日本語のテキスト');
    expect(text).toMatch(/Shift-JIS/);
    expect(text).toMatch(/Edit and Write will refuse/);
  });

  it('Edit and Write of a Shift-JIS file are refused and the bytes stay', async () => {
    put('j.txt', sjis);
    await read('j.txt');
    expect(expectError(await call(editTool, { file_path: 'j.txt', old_string: '日本', new_string: '英' }, ctx))).toMatch(/not UTF-8.*Shift-JIS/);
    expect(expectError(await call(writeTool, { file_path: 'j.txt', content: 'hello\n' }, ctx))).toMatch(/Shift-JIS/);
    expect(bytesOf('j.txt').equals(sjis)).toBe(true);
  });

  it('UTF-8 with a stray invalid byte is not taken for Latin-1 (which would show mojibake): Read shows it, Edit refuses', async () => {
    const damaged = Buffer.concat([Buffer.from('naïve café\n', 'utf8'), Buffer.from([0xff]), Buffer.from('\n')]);
    put('d.txt', damaged);
    const text = await read('d.txt');
    expect(text).toContain('naïve café');
    expect(text).toMatch(/not valid UTF-8/);
    expect(expectError(await call(editTool, { file_path: 'd.txt', old_string: 'café', new_string: 'thé' }, ctx))).toMatch(/not valid UTF-8/);
    expect(bytesOf('d.txt').equals(damaged)).toBe(true);
  });

  it('GBK (Chinese) is refused, while Latin-1 with neighbouring accents (Portuguese, German) stays editable', async () => {
    const gbk = Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xb2, 0xe2, 0xca, 0xd4, 0x0a]); // "中文测试"
    put('g.txt', gbk);
    await read('g.txt');
    expect(expectError(await call(editTool, { file_path: 'g.txt', old_string: 'x', new_string: 'y' }, ctx))).toMatch(/GBK|multi-byte/);
    expect(bytesOf('g.txt').equals(gbk)).toBe(true);
    const pt = Buffer.from('informa\xe7\xe3o e a\xe7\xe3o; Gr\xfc\xdfe\n', 'latin1');
    put('pt.txt', pt);
    expect(await read('pt.txt')).toContain('informação e ação; Grüße');
    expectOk(await call(editTool, { file_path: 'pt.txt', old_string: 'Grüße', new_string: 'Olá' }, ctx));
    expect(bytesOf('pt.txt').equals(Buffer.from('informa\xe7\xe3o e a\xe7\xe3o; Ol\xe1\n', 'latin1'))).toBe(true);
  });

  it('UTF-16 without a byte order mark: Read shows it and says so, Edit refuses', async () => {
    const le = Buffer.from('plain text\r\nmore\r\n', 'utf16le');
    put('nobom.txt', le);
    const text = await read('nobom.txt');
    expect(text).toContain('plain text');
    expect(text).toMatch(/UTF-16 little-endian without a byte order mark/);
    expect(expectError(await call(editTool, { file_path: 'nobom.txt', old_string: 'more', new_string: 'x' }, ctx))).toMatch(/without a byte order mark/);
    expect(bytesOf('nobom.txt').equals(le)).toBe(true);
  });

  it('a new file from Write is UTF-8', async () => {
    expectOk(await call(writeTool, { file_path: 'new.txt', content: 'café\r\n' }, ctx));
    expect(bytesOf('new.txt').equals(Buffer.from('café\r\n', 'utf8'))).toBe(true);
  });
});
