import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomicWriteFile } from '../../../src/tools/atomic-write';
import { tempDir } from './ctx';

const failing = (step: string) => async () => {
  throw Object.assign(new Error(`simulated ${step} failure`), { code: 'EIO' });
};

describe('atomicWriteFile', () => {
  it('replaces the content and leaves no temp file', async () => {
    const dir = tempDir();
    const f = path.join(dir, 'a.txt');
    fs.writeFileSync(f, 'old');
    await atomicWriteFile(f, 'new');
    expect(fs.readFileSync(f, 'utf8')).toBe('new');
    expect(fs.readdirSync(dir)).toEqual(['a.txt']);
  });

  for (const step of ['rename', 'chmod'] as const) {
    it(`keeps the original intact and removes the temp file when ${step} fails`, async () => {
      const dir = tempDir();
      const f = path.join(dir, 'a.txt');
      fs.writeFileSync(f, 'original');
      await expect(atomicWriteFile(f, 'replacement', { ops: { [step]: failing(step) } })).rejects.toThrow(`simulated ${step}`);
      expect(fs.readFileSync(f, 'utf8')).toBe('original');
      expect(fs.readdirSync(dir)).toEqual(['a.txt']);
    });
  }

  it('fails cleanly when the target is a directory (real rename failure)', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'target'));
    fs.writeFileSync(path.join(dir, 'target', 'keep.txt'), 'keep');
    await expect(atomicWriteFile(path.join(dir, 'target'), 'data')).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['target']);
    expect(fs.readFileSync(path.join(dir, 'target', 'keep.txt'), 'utf8')).toBe('keep');
  });

  it('writes through a symlink to its target and keeps the link', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'real.txt'), 'old');
    fs.symlinkSync(path.join(dir, 'real.txt'), path.join(dir, 'link.txt'));
    await atomicWriteFile(path.join(dir, 'link.txt'), 'new');
    expect(fs.lstatSync(path.join(dir, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'real.txt'), 'utf8')).toBe('new');
  });
});
