import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readTool } from '../../../src/tools/read';
import { call, expectError, expectOk, makeCtx, tempDir } from './ctx';

// Smallest valid 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('Read', () => {
  let dir: string;
  let ctx: ReturnType<typeof makeCtx>;
  beforeEach(() => {
    dir = tempDir();
    ctx = makeCtx(dir);
  });

  it('numbers lines as Claude Code does (N<tab>line; the final line break ends in an empty line) and records the read', async () => {
    fs.writeFileSync(path.join(dir, 'a.txt'), 'alpha\nbeta\n');
    const r = expectOk(await call(readTool, { file_path: 'a.txt' }, ctx));
    expect(r.text).toBe('1\talpha\n2\tbeta\n3\t');
    expect(r.result.details).toMatchObject({ content: 'alpha\nbeta\n', numLines: 3, totalLines: 3, startLine: 1, fullPath: path.join(dir, 'a.txt') });
    expect(ctx.files.hasRead(path.join(dir, 'a.txt'))).toBe(true);
  });

  it('shows 2000 lines by default and says where to continue', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => `line ${i + 1}`);
    fs.writeFileSync(path.join(dir, 'big.txt'), lines.join('\n') + '\n');
    const r = expectOk(await call(readTool, { file_path: 'big.txt' }, ctx));
    const body = r.text.split('\n').filter((l) => /^\d+\t/.test(l));
    expect(body).toHaveLength(2000);
    expect(body[1999]).toBe('2000\tline 2000');
    expect(r.text).toContain('500 more lines after line 2000');
    expect(r.text).toContain('offset=2001');
  });

  it('honours offset and limit', async () => {
    fs.writeFileSync(path.join(dir, 'f.txt'), 'a\nb\nc\nd\ne');
    const r = expectOk(await call(readTool, { file_path: 'f.txt', offset: 2, limit: 2 }, ctx));
    expect(r.text.split('\n').slice(0, 2)).toEqual(['2\tb', '3\tc']);
    expect(r.text).toContain('offset=4');
    const last = expectOk(await call(readTool, { file_path: 'f.txt', offset: 4 }, ctx));
    expect(last.text).toBe('4\td\n5\te');
    const past = expectOk(await call(readTool, { file_path: 'f.txt', offset: 9 }, ctx));
    expect(past.text).toContain('has 5 lines; offset 9 is past the end');
  });

  it('cuts lines over 2000 characters and says how much was cut', async () => {
    fs.writeFileSync(path.join(dir, 'long.txt'), 'x'.repeat(2500) + '\nshort\n');
    const r = expectOk(await call(readTool, { file_path: 'long.txt' }, ctx));
    const first = r.text.split('\n')[0]!;
    expect(first).toBe(`1\t${'x'.repeat(2000)}... [line truncated, 500 more characters]`);
    expect(r.text.split('\n')[1]).toBe('2\tshort');
  });

  it('says when the file is empty', async () => {
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    const r = expectOk(await call(readTool, { file_path: 'empty.txt' }, ctx));
    expect(r.text).toContain('(the file is empty)');
  });

  it('refuses binary files with their size', async () => {
    fs.writeFileSync(path.join(dir, 'blob.bin'), Buffer.from([1, 2, 0, 4, 5, 0, 7]));
    expect(expectError(await call(readTool, { file_path: 'blob.bin' }, ctx))).toContain('binary file, 7 bytes');
  });

  it('refuses directories and points to LS', async () => {
    fs.mkdirSync(path.join(dir, 'sub'));
    expect(expectError(await call(readTool, { file_path: 'sub' }, ctx))).toMatch(/is a directory: use LS/);
  });

  it('suggests a similarly named file when the file is missing', async () => {
    fs.writeFileSync(path.join(dir, 'config.json'), '{}');
    const err = expectError(await call(readTool, { file_path: 'config.jsn' }, ctx));
    expect(err).toContain('does not exist');
    expect(err).toContain(`Did you mean ${path.join(dir, 'config.json')}?`);
    const plain = expectError(await call(readTool, { file_path: 'zzzzzz.md' }, ctx));
    expect(plain).not.toContain('Did you mean');
  });

  it('sends images as an image block with a short text', async () => {
    fs.writeFileSync(path.join(dir, 'pic.dat'), PNG); // detected by magic bytes, not by name
    const r = expectOk(await call(readTool, { file_path: 'pic.dat' }, ctx));
    const blocks = r.result.forModel as Array<{ type: string; source?: { media_type: string; data: string } }>;
    expect(blocks[0]!.type).toBe('text');
    expect(blocks[1]!.type).toBe('image');
    expect(blocks[1]!.source!.media_type).toBe('image/png');
    expect(Buffer.from(blocks[1]!.source!.data, 'base64').equals(PNG)).toBe(true);
  });

  it('reads absolute paths', async () => {
    const file = path.join(dir, 'abs.txt');
    fs.writeFileSync(file, 'x\n');
    expect(expectOk(await call(readTool, { file_path: file }, ctx)).text).toBe('1\tx\n2\t');
  });

  it('shows notebooks as cells with outputs', async () => {
    const nb = {
      cells: [
        { cell_type: 'markdown', id: 'intro', metadata: {}, source: ['# Title\n', 'words'] },
        {
          cell_type: 'code',
          execution_count: 2,
          id: 'calc',
          metadata: {},
          outputs: [
            { name: 'stdout', output_type: 'stream', text: ['hello\n'] },
            { data: { 'image/png': 'AAAA', 'text/plain': ['<Figure>'] }, metadata: {}, output_type: 'display_data' },
          ],
          source: ['print("hello")'],
        },
      ],
      metadata: { language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    fs.writeFileSync(path.join(dir, 'n.ipynb'), JSON.stringify(nb, null, 1));
    const r = expectOk(await call(readTool, { file_path: 'n.ipynb' }, ctx));
    expect(r.text).toContain('<cell id="intro" type="markdown">\n# Title\nwords\n</cell>');
    expect(r.text).toContain('<cell id="calc" type="code" execution_count="2">\nprint("hello")\n</cell>');
    expect(r.text).toContain('hello');
    expect(r.text).toContain('<Figure>');
    expect(r.text).toMatch(/\[image\/png image output.*not shown\]/);
    expect(ctx.files.hasRead(path.join(dir, 'n.ipynb'))).toBe(true);
  });

  it('preview is an info preview with the path and no side effects', async () => {
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    const p = await readTool.preview({ file_path: 'a.txt' }, ctx);
    expect(p).toMatchObject({ kind: 'info', paths: [path.join(dir, 'a.txt')], outsideProject: false });
    expect(ctx.files.hasRead(path.join(dir, 'a.txt'))).toBe(false);
  });
});
