// Issue #13 leftovers of interrupted writes: a write killed before its rename leaves `.name.tandem-<hex>.tmp`;
// the next write to that folder removes such files when they predate this process (and only exactly ours). The
// full copy an in-place write keeps is never removed, and a failed in-place write says where it is, never that
// the file was left unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteFile, isRenameTempName } from '../../../src/tools/atomic-write';
import { writeFailureMessage } from '../../../src/tools/file-io';
import { tempDir } from './ctx';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
const p = (name: string) => path.join(dir, name);
const hourAgo = new Date(Date.now() - 3600_000);

describe('stale temp files of killed writes', () => {
  it('are removed on the next write to the folder; others are kept', async () => {
    const stale = ['.a.txt.tandem-0123456789ab.tmp', '.other.md.tandem-ffffffffffff.tmp'];
    const kept = [
      '.a.txt.tandem-0123456789ab.kept.tmp', // an in-place write's full copy: may be the only copy of the new text
      'a.txt.tandem-0123456789ab.tmp', // not hidden: not a name we make
      '.a.txt.tandem-0123.tmp', // wrong length
      '.b.txt.tandem-abcdefabcdef.tmp.bak',
    ];
    for (const name of [...stale, ...kept]) {
      fs.writeFileSync(p(name), 'x');
      fs.utimesSync(p(name), hourAgo, hourAgo);
    }
    fs.writeFileSync(p('.fresh.txt.tandem-aaaaaaaaaaaa.tmp'), 'being written by another process right now');
    fs.mkdirSync(p('.dir.tandem-bbbbbbbbbbbb.tmp'));
    fs.utimesSync(p('.dir.tandem-bbbbbbbbbbbb.tmp'), hourAgo, hourAgo);
    await atomicWriteFile(p('a.txt'), 'hello\n');
    const left = fs.readdirSync(dir).sort();
    expect(left).toEqual(['.dir.tandem-bbbbbbbbbbbb.tmp', '.fresh.txt.tandem-aaaaaaaaaaaa.tmp', ...kept, 'a.txt'].sort());
  });
});

describe('a failed in-place write', () => {
  it('names the full copy, says the file may be partly written, and that copy survives later writes', async () => {
    fs.writeFileSync(p('a.txt'), 'old content that is long\n');
    fs.linkSync(p('a.txt'), p('b.txt'));
    // The copy into the original inode writes a few bytes, then the disk fails.
    const open: typeof fs.promises.open = async (file, flags, mode) => {
      const handle = await fs.promises.open(file, flags, mode);
      if (String(file) !== p('a.txt')) return handle;
      return new Proxy(handle, {
        get(t, k) {
          if (k === 'write') return async (bytes: Uint8Array) => {
            await t.write(bytes, 0, 3, 0);
            throw Object.assign(new Error('simulated EIO'), { code: 'EIO' });
          };
          const v = (t as unknown as Record<string | symbol, unknown>)[k];
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
        },
      });
    };
    const err = await atomicWriteFile(p('a.txt'), 'NEW CONTENT\n', { ops: { open } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const message = writeFailureMessage(p('a.txt'), err as Error);
    expect(message).not.toMatch(/left unchanged/);
    expect(message).toMatch(/partly/);
    const copy = /saved in (\S+?)[;:.)]?(\s|$)/.exec(message)?.[1];
    expect(copy, message).toBeTruthy();
    expect(fs.readFileSync(copy!, 'utf8')).toBe('NEW CONTENT\n');
    expect(isRenameTempName(path.basename(copy!))).toBe(false);
    // An hour later another write to the folder must not clean that copy away.
    fs.utimesSync(copy!, hourAgo, hourAgo);
    await atomicWriteFile(p('c.txt'), 'c');
    expect(fs.existsSync(copy!)).toBe(true);
  });
});
