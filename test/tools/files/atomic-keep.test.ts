// Issue #13, atomic writes that keep the file: owner and group, hard links, symlinks, read-only files refused, and
// a write killed half-way never leaves a half-written file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteFile } from '../../../src/tools/atomic-write';
import { editTool } from '../../../src/tools/edit';
import { readTool } from '../../../src/tools/read';
import { writeTool } from '../../../src/tools/write';
import { call, expectError, expectOk, makeCtx, tempDir } from './ctx';

let dir: string;
let ctx: ReturnType<typeof makeCtx>;
beforeEach(() => {
  dir = tempDir();
  ctx = makeCtx(dir);
});

const isRoot = process.getuid?.() === 0;
const p = (name: string) => path.join(dir, name);

async function readThenEdit(name: string, oldS: string, newS: string) {
  expectOk(await call(readTool, { file_path: name }, ctx));
  return call(editTool, { file_path: name, old_string: oldS, new_string: newS }, ctx);
}

describe('what an edit keeps', () => {
  it.runIf(isRoot)('owner and group of a file owned by another user', async () => {
    fs.writeFileSync(p('owned.txt'), 'alpha\n');
    fs.chownSync(p('owned.txt'), 12345, 23456);
    fs.chmodSync(p('owned.txt'), 0o640);
    expectOk(await readThenEdit('owned.txt', 'alpha', 'beta'));
    const st = fs.statSync(p('owned.txt'));
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([12345, 23456, 0o640]);
    expect(fs.readFileSync(p('owned.txt'), 'utf8')).toBe('beta\n');
  });

  it.runIf(isRoot)('a set-uid script owned by another user keeps owner and its set-uid bit (chown clears it; chmod comes after)', async () => {
    fs.writeFileSync(p('tool.sh'), '#!/bin/sh\necho a\n');
    fs.chownSync(p('tool.sh'), 12345, 23456);
    fs.chmodSync(p('tool.sh'), 0o4755);
    expectOk(await readThenEdit('tool.sh', 'echo a', 'echo b'));
    const st = fs.statSync(p('tool.sh'));
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([12345, 23456, 0o4755]);
  });

  it('hard links: the file is written in place, every link sees the change, no temp file is left', async () => {
    fs.writeFileSync(p('a.txt'), 'one\ntwo\n');
    fs.linkSync(p('a.txt'), p('b.txt'));
    const inode = fs.statSync(p('a.txt')).ino;
    expectOk(await readThenEdit('a.txt', 'two', 'TWO'));
    expect(fs.readFileSync(p('b.txt'), 'utf8')).toBe('one\nTWO\n');
    expect(fs.statSync(p('a.txt')).ino).toBe(inode);
    expect(fs.statSync(p('a.txt')).nlink).toBe(2);
    expect(fs.readdirSync(dir).filter((n) => n.includes('tandem')).length).toBe(0);
  });

  it('hard links: a shorter new content is truncated, not left with the old tail', async () => {
    fs.writeFileSync(p('a.txt'), 'a long first version\n');
    fs.linkSync(p('a.txt'), p('b.txt'));
    expectOk(await call(readTool, { file_path: 'a.txt' }, ctx));
    expectOk(await call(writeTool, { file_path: 'a.txt', content: 'short\n' }, ctx));
    expect(fs.readFileSync(p('b.txt'), 'utf8')).toBe('short\n');
  });

  it('symlinks (relative, in another folder): the target changes, the link stays a link to the same place', async () => {
    fs.mkdirSync(p('real'));
    fs.writeFileSync(p('real/t.txt'), 'x = 1\n');
    fs.symlinkSync('real/t.txt', p('link.txt'));
    expectOk(await readThenEdit('link.txt', 'x = 1', 'x = 2'));
    expect(fs.lstatSync(p('link.txt')).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(p('link.txt'))).toBe('real/t.txt');
    expect(fs.readFileSync(p('real/t.txt'), 'utf8')).toBe('x = 2\n');
  });

  it('a dangling symlink is not replaced by a file', async () => {
    fs.symlinkSync('nowhere.txt', p('dangling.txt'));
    const err = expectError(await call(writeTool, { file_path: 'dangling.txt', content: 'hi\n' }, ctx));
    expect(err).toMatch(/symbolic link to nowhere\.txt, which does not exist/);
    expect(fs.lstatSync(p('dangling.txt')).isSymbolicLink()).toBe(true);
  });

  it('a read-only file is refused with a message (even as root) and stays as it was', async () => {
    fs.writeFileSync(p('ro.txt'), 'locked\n');
    fs.chmodSync(p('ro.txt'), 0o444);
    const err = expectError(await readThenEdit('ro.txt', 'locked', 'open'));
    expect(err).toMatch(/read-only \(mode 0444\).*chmod u\+w/);
    expect(expectError(await call(writeTool, { file_path: 'ro.txt', content: 'x' }, ctx))).toMatch(/read-only/);
    expect(fs.readFileSync(p('ro.txt'), 'utf8')).toBe('locked\n');
    expect(fs.statSync(p('ro.txt')).mode & 0o777).toBe(0o444);
  });
});

describe('interrupted writes', () => {
  it('a process killed half-way through writing leaves the original file whole', async () => {
    const target = p('big.txt');
    const original = 'original content\n'.repeat(1000);
    fs.writeFileSync(target, original);
    // A child that writes half of the new bytes into the temp file, says so, and waits to be killed.
    const script = p('child.mjs');
    await build({
      stdin: {
        contents: `
          import { atomicWriteFile } from ${JSON.stringify(path.resolve(__dirname, '../../../src/tools/atomic-write.ts'))};
          import fs from 'node:fs/promises';
          const data = Buffer.alloc(1 << 20, 'N');
          await atomicWriteFile(${JSON.stringify(target)}, data, { ops: { open: async (file, flags, mode) => {
            const handle = await fs.open(file, flags, mode);
            return new Proxy(handle, { get(t, k) {
              if (k === 'writeFile') return async (bytes) => {
                await t.write(bytes, 0, bytes.length >> 1, 0);
                await t.sync();
                process.stdout.write('HALF\\n');
                await new Promise(() => setInterval(() => {}, 1000));
              };
              const v = t[k]; return typeof v === 'function' ? v.bind(t) : v;
            } });
          } } });
        `,
        resolveDir: dir,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
    });
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('HALF') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    const halfWritten = fs.readdirSync(dir).find((n) => n.startsWith('.big.txt.tandem-'));
    expect(halfWritten).toBeTruthy(); // the crash really happened mid-write
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(fs.readFileSync(target, 'utf8')).toBe(original);
  }, 60_000);

  it('in place (hard link): a failure while copying into the original names the complete copy', async () => {
    fs.writeFileSync(p('a.txt'), 'old\n');
    fs.linkSync(p('a.txt'), p('b.txt'));
    let opens = 0;
    const open: typeof fs.promises.open = async (...args) => {
      if (++opens === 2) throw Object.assign(new Error('simulated EIO'), { code: 'EIO' });
      return fs.promises.open(...args);
    };
    const err = await atomicWriteFile(p('a.txt'), 'new\n', { ops: { open } }).catch((e: Error) => e);
    expect(String(err)).toMatch(/complete new content is saved in (\S+)\)/);
    const saved = /saved in (\S+)\)/.exec(String(err))![1]!;
    expect(fs.readFileSync(saved, 'utf8')).toBe('new\n');
    expect(fs.readFileSync(p('b.txt'), 'utf8')).toBe('old\n');
  });
});
