import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { editTool } from '../../../src/tools/edit';
import { multiEditTool } from '../../../src/tools/multi-edit';
import { readTool } from '../../../src/tools/read';
import { writeTool } from '../../../src/tools/write';
import { call, expectError, expectOk, makeCtx, tempDir } from './ctx';

describe('Edit, MultiEdit and Write', () => {
  let dir: string;
  let ctx: ReturnType<typeof makeCtx>;
  const file = (name: string) => path.join(dir, name);
  const readIt = async (name: string) => expectOk(await call(readTool, { file_path: name }, ctx));

  beforeEach(() => {
    dir = tempDir();
    ctx = makeCtx(dir);
  });

  it('refuses to edit or overwrite a file that was not read', async () => {
    fs.writeFileSync(file('a.ts'), 'const a = 1;\n');
    const err = expectError(await call(editTool, { file_path: 'a.ts', old_string: '1', new_string: '2' }, ctx));
    expect(err).toMatch(/not read .*a\.ts.*Read it/);
    expect(expectError(await call(writeTool, { file_path: 'a.ts', content: 'x' }, ctx))).toMatch(/not read/);
    expect(fs.readFileSync(file('a.ts'), 'utf8')).toBe('const a = 1;\n');
  });

  it('refuses a file that changed on disk since it was read', async () => {
    fs.writeFileSync(file('a.ts'), 'const a = 1;\n');
    await readIt('a.ts');
    fs.writeFileSync(file('a.ts'), 'const a = 7;\n'); // same size, different content
    const err = expectError(await call(editTool, { file_path: 'a.ts', old_string: 'const', new_string: 'let' }, ctx));
    expect(err).toContain('changed since you read it');
    expect(err).toContain('Read it again');
    expect(fs.readFileSync(file('a.ts'), 'utf8')).toBe('const a = 7;\n');
  });

  it('does not complain when the file was only touched', async () => {
    fs.writeFileSync(file('a.ts'), 'const a = 1;\n');
    await readIt('a.ts');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file('a.ts'), later, later);
    expectOk(await call(editTool, { file_path: 'a.ts', old_string: '1', new_string: '2' }, ctx));
    expect(fs.readFileSync(file('a.ts'), 'utf8')).toBe('const a = 2;\n');
  });

  it('edits once and reports a one-line summary and details', async () => {
    fs.writeFileSync(file('a.ts'), 'one\ntwo\nthree\n');
    await readIt('a.ts');
    const r = expectOk(await call(editTool, { file_path: 'a.ts', old_string: 'two\n', new_string: 'TWO\nTWO-B\n' }, ctx));
    expect(fs.readFileSync(file('a.ts'), 'utf8')).toBe('one\nTWO\nTWO-B\nthree\n');
    expect(r.result.summary).toBe('Edited a.ts: +2 -1');
    expect(r.result.details).toMatchObject({ filePath: file('a.ts'), oldString: 'two\n', newString: 'TWO\nTWO-B\n' });
    // our own write counts as read: a second edit needs no new Read
    expectOk(await call(editTool, { file_path: 'a.ts', old_string: 'one', new_string: '1' }, ctx));
  });

  it('takes $ patterns in new_string literally', async () => {
    fs.writeFileSync(file('a.ts'), 'x = A;\n');
    await readIt('a.ts');
    expectOk(await call(editTool, { file_path: 'a.ts', old_string: 'A', new_string: "$& $' $1" }, ctx));
    expect(fs.readFileSync(file('a.ts'), 'utf8')).toBe("x = $& $' $1;\n");
  });

  it('explains an absent old_string, with a whitespace hint when it nearly matches', async () => {
    fs.writeFileSync(file('a.py'), 'def f():\n\treturn 1\n');
    await readIt('a.py');
    const absent = expectError(await call(editTool, { file_path: 'a.py', old_string: 'return 2', new_string: 'x' }, ctx));
    expect(absent).toContain('old_string was not found in a.py');
    expect(absent).not.toContain('whitespace');
    const ws = expectError(await call(editTool, { file_path: 'a.py', old_string: 'def f():\n    return 1', new_string: 'x' }, ctx));
    expect(ws).toContain('would match if whitespace were ignored');
    const numbered = expectError(await call(editTool, { file_path: 'a.py', old_string: '     2\t\treturn 1', new_string: 'x' }, ctx));
    expect(numbered).toContain('line-number prefixes');
    // Read's own form today (Claude Code's): the number and a tab, no padding, copied with two lines.
    const copied = expectError(await call(editTool, { file_path: 'a.py', old_string: '1\tdef f():\n2\t\treturn 1', new_string: 'x' }, ctx));
    expect(copied).toContain('line-number prefixes of the Read output ("12<tab>")');
  });

  it('refuses a non-unique old_string with the count, and replace_all changes all', async () => {
    fs.writeFileSync(file('a.ts'), 'foo(); foo(); foo();\n');
    await readIt('a.ts');
    const err = expectError(await call(editTool, { file_path: 'a.ts', old_string: 'foo', new_string: 'bar' }, ctx));
    expect(err).toContain('matches 3 places');
    expect(err).toContain('replace_all');
    expect(fs.readFileSync(file('a.ts'), 'utf8')).toBe('foo(); foo(); foo();\n');
    const r = expectOk(await call(editTool, { file_path: 'a.ts', old_string: 'foo', new_string: 'bar', replace_all: true }, ctx));
    expect(fs.readFileSync(file('a.ts'), 'utf8')).toBe('bar(); bar(); bar();\n');
    expect(r.result.summary).toContain('3 replacements');
  });

  it('refuses old_string equal to new_string', async () => {
    fs.writeFileSync(file('a.ts'), 'x\n');
    await readIt('a.ts');
    expect(expectError(await call(editTool, { file_path: 'a.ts', old_string: 'x', new_string: 'x' }, ctx))).toContain('identical');
  });

  it('creates a missing file (and its folders) with an empty old_string, and refuses other edits of it', async () => {
    const err = expectError(await call(editTool, { file_path: 'new/x.ts', old_string: 'a', new_string: 'b' }, ctx));
    expect(err).toContain('does not exist');
    expectOk(await call(editTool, { file_path: 'new/deep/x.ts', old_string: '', new_string: 'hello\n' }, ctx));
    expect(fs.readFileSync(file('new/deep/x.ts'), 'utf8')).toBe('hello\n');
    // An empty old_string on a file with content is refused.
    expect(expectError(await call(editTool, { file_path: 'new/deep/x.ts', old_string: '', new_string: 'y' }, ctx))).toContain(
      'already has content',
    );
  });

  it('MultiEdit applies edits in order, and a failing edit leaves the file byte-identical', async () => {
    const original = 'let a = 1;\nlet b = 2;\nlet c = 3;\n';
    fs.writeFileSync(file('m.ts'), original);
    await readIt('m.ts');
    const before = fs.statSync(file('m.ts'));
    const err = expectError(
      await call(
        multiEditTool,
        {
          file_path: 'm.ts',
          edits: [
            { old_string: 'let a', new_string: 'const a' },
            { old_string: 'let b', new_string: 'const b' },
            { old_string: 'let a', new_string: 'var a' }, // gone after edit 1
          ],
        },
        ctx,
      ),
    );
    expect(err).toMatch(/^Edit 3 of 3 failed/);
    expect(err).toContain('not found');
    expect(err).toContain('unchanged');
    expect(fs.readFileSync(file('m.ts'), 'utf8')).toBe(original);
    expect(fs.statSync(file('m.ts')).mtimeMs).toBe(before.mtimeMs);

    const ok = expectOk(
      await call(
        multiEditTool,
        {
          file_path: 'm.ts',
          edits: [
            { old_string: 'let a', new_string: 'const a' },
            { old_string: 'const a = 1', new_string: 'const a = 10' }, // sees edit 1's result
            { old_string: 'let', new_string: 'var', replace_all: true },
          ],
        },
        ctx,
      ),
    );
    expect(fs.readFileSync(file('m.ts'), 'utf8')).toBe('const a = 10;\nvar b = 2;\nvar c = 3;\n');
    expect(ok.result.summary).toBe('Edited m.ts: +3 -3 (3 edits)');
  });

  it('Write creates files with parent folders and replaces read files', async () => {
    const created = expectOk(await call(writeTool, { file_path: 'a/b/c.txt', content: 'one\ntwo\n' }, ctx));
    expect(fs.readFileSync(file('a/b/c.txt'), 'utf8')).toBe('one\ntwo\n');
    expect(created.result.details).toMatchObject({ type: 'create', filePath: file('a/b/c.txt') });
    const updated = expectOk(await call(writeTool, { file_path: 'a/b/c.txt', content: 'three\n' }, ctx));
    expect(updated.result.details).toMatchObject({ type: 'update' });
    expect(fs.readFileSync(file('a/b/c.txt'), 'utf8')).toBe('three\n');
  });

  it('keeps CRLF line endings even when the model sends LF', async () => {
    fs.writeFileSync(file('w.txt'), 'one\r\ntwo\r\nthree\r\n');
    await readIt('w.txt');
    expectOk(await call(editTool, { file_path: 'w.txt', old_string: 'one\ntwo', new_string: 'ONE\nTWO\nextra' }, ctx));
    expect(fs.readFileSync(file('w.txt'), 'utf8')).toBe('ONE\r\nTWO\r\nextra\r\nthree\r\n');
    // A model that sends CRLF itself must match too.
    expectOk(await call(editTool, { file_path: 'w.txt', old_string: 'TWO\r\nextra', new_string: 'two' }, ctx));
    expect(fs.readFileSync(file('w.txt'), 'utf8')).toBe('ONE\r\ntwo\r\nthree\r\n');
    expectOk(await call(writeTool, { file_path: 'w.txt', content: 'a\nb\n' }, ctx));
    expect(fs.readFileSync(file('w.txt'), 'utf8')).toBe('a\r\nb\r\n');
    const p = await writeTool.preview({ file_path: 'w.txt', content: 'c\r\nd\r\n' }, ctx);
    expect(p).toMatchObject({ kind: 'diff', oldText: 'a\nb\n', newText: 'c\nd\n' });
  });

  it('keeps a UTF-8 BOM', async () => {
    fs.writeFileSync(file('bom.cs'), '\uFEFFclass A {}\n');
    await readIt('bom.cs');
    expectOk(await call(editTool, { file_path: 'bom.cs', old_string: 'class A', new_string: 'class B' }, ctx));
    const bytes = fs.readFileSync(file('bom.cs'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('class B {}\n');
  });

  it('keeps the file mode', async () => {
    fs.writeFileSync(file('run.sh'), '#!/bin/sh\necho hi\n');
    fs.chmodSync(file('run.sh'), 0o755);
    await readIt('run.sh');
    expectOk(await call(editTool, { file_path: 'run.sh', old_string: 'hi', new_string: 'hello' }, ctx));
    expect(fs.statSync(file('run.sh')).mode & 0o777).toBe(0o755);
    expectOk(await call(writeTool, { file_path: 'run.sh', content: '#!/bin/sh\n' }, ctx));
    expect(fs.statSync(file('run.sh')).mode & 0o777).toBe(0o755);
  });

  it('previews a diff without touching the disk, and an info preview for an edit that would fail', async () => {
    fs.writeFileSync(file('p.ts'), 'a\r\nb\r\n');
    const p = await editTool.preview({ file_path: 'p.ts', old_string: 'b', new_string: 'c' }, ctx);
    expect(p).toEqual({ kind: 'diff', path: file('p.ts'), oldText: 'a\nb\n', newText: 'a\nc\n', outsideProject: false });
    expect(fs.readFileSync(file('p.ts'), 'utf8')).toBe('a\r\nb\r\n');
    const bad = await editTool.preview({ file_path: 'p.ts', old_string: 'zzz', new_string: 'c' }, ctx);
    expect(bad.kind).toBe('info');
    expect(bad.kind === 'info' && bad.detail).toContain('not found');
    const w = await writeTool.preview({ file_path: 'nope/new.ts', content: 'x' }, ctx);
    expect(w).toMatchObject({ kind: 'diff', oldText: null, newText: 'x' });
    expect(fs.existsSync(file('nope'))).toBe(false);
    const m = await multiEditTool.preview({ file_path: 'p.ts', edits: [{ old_string: 'a', new_string: 'A' }, { old_string: 'b', new_string: 'B' }] }, ctx);
    expect(m).toMatchObject({ kind: 'diff', newText: 'A\nB\n' });
    const out = await writeTool.preview({ file_path: '../elsewhere.txt', content: 'x' }, ctx);
    expect(out).toMatchObject({ kind: 'diff', path: path.join(path.dirname(dir), 'elsewhere.txt'), outsideProject: true });
  });
});
