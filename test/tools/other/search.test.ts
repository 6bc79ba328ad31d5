import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sortNewestFirst } from '../../../src/tools/file-order';
import { globTool } from '../../../src/tools/glob';
import { grepTool } from '../../../src/tools/grep';
import { lsTool } from '../../../src/tools/ls';
import { ToolError } from '../../../src/tools/types';
import { makeContext, makeTempDir } from './context';

/** Writes files and sets their mtimes so that later entries are newer. */
function writeTree(root: string, files: Record<string, string>): void {
  let t = Date.now() / 1000 - 10_000;
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    fs.utimesSync(abs, t, t);
    t += 10;
  }
}

let root: string;
beforeAll(() => {
  root = makeTempDir();
  writeTree(root, {
    '.gitignore': 'ignored/\n*.log\n',
    'src/old.ts': 'export const OLD = 1;\n',
    'src/util/helpers.ts': 'export function helper() {\n  return "Hello";\n}\n',
    'src/main.ts': 'import { helper } from "./util/helpers";\nconsole.log(helper());\n// TODO: more\n',
    'README.md': '# Title\nhello world\n',
    'ignored/secret.ts': 'export const HIDDEN = "hello";\n',
    'debug.log': 'hello from the log\n',
    'lib/code.py': 'def hello():\n    return 1\n',
  });
});

const glob = (input: object, ctx = makeContext(root)) => globTool.run(globTool.inputSchema.parse(input), ctx);
const grep = (input: object, ctx = makeContext(root)) => grepTool.run(grepTool.inputSchema.parse(input), ctx);
const ls = (input: object, ctx = makeContext(root)) => lsTool.run(lsTool.inputSchema.parse(input), ctx);

describe('Glob', () => {
  it('lists matching files as absolute paths, newest first, skipping .gitignored ones', async () => {
    const res = await glob({ pattern: '**/*.ts' });
    expect(res.forModel).toBe(['src/main.ts', 'src/util/helpers.ts', 'src/old.ts'].map((p) => path.join(root, p)).join('\n'));
  });

  it('searches under path, and splits an absolute pattern', async () => {
    const a = await glob({ pattern: '*.ts', path: 'src/util' });
    expect(a.forModel).toBe(path.join(root, 'src/util/helpers.ts'));
    const b = await glob({ pattern: `${root}/lib/*.py` }, makeContext('/'));
    expect(b.forModel).toBe(path.join(root, 'lib/code.py'));
  });

  it('caps at 100 files with a note saying how many there are', async () => {
    const many = makeTempDir();
    for (let i = 0; i < 150; i++) fs.writeFileSync(path.join(many, `f${i}.txt`), '');
    const res = await glob({ pattern: '*.txt' }, makeContext(many));
    const lines = (res.forModel as string).split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[100]).toBe('(showing 100 of 150; narrow the pattern or the path)');
  });

  it('says when nothing matches and fails on a missing path', async () => {
    expect((await glob({ pattern: '*.nothing' })).forModel).toBe('No files found');
    await expect(glob({ pattern: '*', path: 'missing' })).rejects.toThrow(/Path does not exist/);
  });
});

describe('LS', () => {
  it('prints an indented tree with folders marked, leaving out .gitignored entries', async () => {
    const res = await ls({ path: '.' });
    expect(res.forModel).toBe(
      [`${root}/`, '  lib/', '    code.py', '  src/', '    util/', '      helpers.ts', '    main.ts', '    old.ts', '  .gitignore', '  README.md'].join('\n'),
    );
  });

  it('applies ignore globs to names and paths', async () => {
    const res = await ls({ path: root, ignore: ['*.py', 'src/util'] });
    expect(res.forModel).not.toContain('code.py');
    expect(res.forModel).not.toContain('util/');
    expect(res.forModel).toContain('main.ts');
  });

  it('caps the listing breadth-first with a note', async () => {
    const big = makeTempDir();
    for (let d = 0; d < 5; d++) {
      fs.mkdirSync(path.join(big, `d${d}`));
      for (let f = 0; f < 300; f++) fs.writeFileSync(path.join(big, `d${d}`, `f${f}`), '');
    }
    const res = await ls({ path: big });
    const text = res.forModel as string;
    expect(text.split('\n').filter((l) => l.startsWith('    ')).length).toBe(995);
    expect(text).toContain('(showing the first 1,000 entries');
    for (let d = 0; d < 5; d++) expect(text).toContain(`  d${d}/`);
  });

  it('fails on a file or a missing path', async () => {
    await expect(ls({ path: 'README.md' })).rejects.toThrow(/Not a folder/);
    await expect(ls({ path: 'nope' })).rejects.toThrow(ToolError);
  });
});

describe('Grep', () => {
  it('lists matching files newest first by default, respecting .gitignore', async () => {
    const res = await grep({ pattern: 'hel+o' });
    expect(res.forModel).toBe([path.join(root, 'lib/code.py'), path.join(root, 'README.md')].join('\n'));
  });

  it('orders many matching files by modification time, not by path', async () => {
    const dir = makeTempDir();
    const files: Record<string, string> = {};
    for (let i = 30; i > 0; i--) files[`d${i % 3}/f${String(i).padStart(2, '0')}.txt`] = 'match\n';
    writeTree(dir, files); // f30 is written first (oldest), f01 last (newest)
    const res = await grep({ pattern: 'match' }, makeContext(dir));
    const names = (res.forModel as string).split('\n').map((p) => path.basename(p));
    expect(names).toEqual(Array.from({ length: 30 }, (_, i) => `f${String(i + 1).padStart(2, '0')}.txt`));
  });

  it('ignores case with -i', async () => {
    const res = await grep({ pattern: 'hello', '-i': true });
    expect((res.forModel as string).split('\n')).toContain(path.join(root, 'src/util/helpers.ts'));
  });

  it('returns matching lines with numbers and context in content mode', async () => {
    const res = await grep({ pattern: 'return "Hello"', output_mode: 'content', '-B': 1 });
    const f = path.join(root, 'src/util/helpers.ts');
    expect(res.forModel).toBe(`${f}-1-export function helper() {\n${f}:2:  return "Hello";`);
    const noNum = await grep({ pattern: 'TODO', output_mode: 'content', '-n': false });
    expect(noNum.forModel).toBe(`${path.join(root, 'src/main.ts')}:// TODO: more`);
    const ctxLines = await grep({ pattern: 'console', output_mode: 'content', '-C': 1, path: 'src/main.ts' });
    expect((ctxLines.forModel as string).split('\n')).toHaveLength(3);
    const after = await grep({ pattern: 'console', output_mode: 'content', '-A': 1, path: 'src/main.ts' });
    expect((after.forModel as string).split('\n')).toHaveLength(2);
  });

  it('counts matching lines per file', async () => {
    const res = await grep({ pattern: 'helper', output_mode: 'count' });
    const text = res.forModel as string;
    expect(text).toContain(`${path.join(root, 'src/main.ts')}:2`);
    expect(text).toContain(`${path.join(root, 'src/util/helpers.ts')}:1`);
    expect(text).toContain('Total: 3 matching lines in 2 files');
  });

  it('filters by glob and by type', async () => {
    expect((await grep({ pattern: 'hello', '-i': true, glob: '*.md' })).forModel).toBe(path.join(root, 'README.md'));
    expect((await grep({ pattern: 'hello', type: 'py' })).forModel).toBe(path.join(root, 'lib/code.py'));
  });

  it('matches across lines with multiline', async () => {
    expect((await grep({ pattern: 'helper\\(\\) \\{.*return' })).forModel).toBe('No matches found');
    expect((await grep({ pattern: 'helper\\(\\) \\{.*return', multiline: true })).forModel).toBe(
      path.join(root, 'src/util/helpers.ts'),
    );
  });

  it('stops at head_limit and says how many there were', async () => {
    const res = await grep({ pattern: '.', output_mode: 'content', head_limit: 2, path: 'src' });
    const lines = (res.forModel as string).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^\(showing 2 of 7 lines\)$/);
  });

  it('treats no match as a normal result and a bad regex as an error with rg\'s message', async () => {
    expect((await grep({ pattern: 'zzz_not_there' })).forModel).toBe('No matches found');
    await expect(grep({ pattern: 'foo(' })).rejects.toThrow(/Grep failed: .*regex parse error/s);
    await expect(grep({ pattern: 'x', path: 'missing' })).rejects.toThrow(/Path does not exist/);
  });

  it('takes patterns that start with a dash', async () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'use --force here\n');
    expect((await grep({ pattern: '--force' }, makeContext(dir))).forModel).toBe(path.join(dir, 'a.txt'));
  });
});

describe('sortNewestFirst', () => {
  it('orders by modification time, and by path above the limit', () => {
    const dir = makeTempDir();
    writeTree(dir, { 'b.txt': '', 'c.txt': '', 'a.txt': '' });
    const abs = ['a.txt', 'b.txt', 'c.txt'].map((f) => path.join(dir, f));
    expect(sortNewestFirst(abs).paths.map((p) => path.basename(p))).toEqual(['a.txt', 'c.txt', 'b.txt']);
    const capped = sortNewestFirst([abs[2]!, abs[0]!, abs[1]!], 2);
    expect(capped).toEqual({ paths: abs, byTime: false });
  });
});
