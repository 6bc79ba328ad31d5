// The sweep of folders left by killed tandem sessions removes only what is clearly a dead tandem's own: the attacker
// and clumsy-user cases (another user's folder, symlinks, forged or broken markers, a live owner) all stay.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { OWNER_MARKER, liveOwnedTempDirs, makeOwnedTempDir, removeOwnedTempDir, sweepStaleTempDirs } from '../../src/process/owned-temp-dir';
import { makeTestTempDir } from '../support/temp-dirs';

const uid = process.getuid!();
const DEAD = 999_999_999;
const dead = () => false;
const marker = (over: Record<string, unknown> = {}) => JSON.stringify({ tool: 'tandem', pid: DEAD, host: os.hostname(), uid, ...over });

function folder(root: string, name: string, markerText?: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  if (markerText !== undefined) fs.writeFileSync(path.join(dir, OWNER_MARKER), markerText);
  fs.writeFileSync(path.join(dir, 'payload'), 'x');
  return dir;
}

describe('sweepStaleTempDirs', () => {
  it('removes the folder of a dead owner, and only that one', async () => {
    const root = makeTestTempDir('tandem-sweep-');
    const stale = folder(root, 'tandem-bash-abc123', marker());
    const kept = [
      folder(root, 'tandem-sandbox-live01', marker({ pid: process.pid })),
      folder(root, 'tandem-sandbox-nomark'),
      folder(root, 'tandem-sandbox-badjsn', '{not json'),
      folder(root, 'tandem-sandbox-otherT', marker({ tool: 'other' })),
      folder(root, 'tandem-sandbox-otherH', marker({ host: 'some-other-machine' })),
      folder(root, 'tandem-sandbox-otherU', marker({ uid: uid + 1 })),
      folder(root, 'tandem-sandbox-zeroPd', marker({ pid: 0 })),
      folder(root, 'tandem-sandbox-strPid', marker({ pid: '123' })),
      folder(root, 'tandem-sandbox-big000', marker({ pad: 'x'.repeat(2000) })),
      // Not tandem's names: a prefix alike, a longer suffix, another kind.
      folder(root, 'tandem-sandboxes-abc123', marker()),
      folder(root, 'tandem-sandbox-abc1234', marker()),
      folder(root, 'tandem-files-abc123', marker()),
    ];
    const removed = await sweepStaleTempDirs({ root, isAlive: (pid) => pid === process.pid });
    expect(removed).toEqual([stale]);
    expect(fs.existsSync(stale)).toBe(false);
    for (const dir of kept) expect(fs.existsSync(path.join(dir, 'payload'))).toBe(true);
  });

  it('never follows a symlink: neither a linked folder nor a linked marker', async () => {
    const root = makeTestTempDir('tandem-sweep-');
    const victim = folder(root, 'victim', marker());
    fs.symlinkSync(victim, path.join(root, 'tandem-sandbox-linkDr'));
    const linkedMarker = folder(root, 'tandem-sandbox-linkMk');
    fs.writeFileSync(path.join(root, 'forged.json'), marker());
    fs.symlinkSync(path.join(root, 'forged.json'), path.join(linkedMarker, OWNER_MARKER));
    expect(await sweepStaleTempDirs({ root, isAlive: dead })).toEqual([]);
    expect(fs.existsSync(path.join(victim, 'payload'))).toBe(true);
    expect(fs.existsSync(path.join(linkedMarker, 'payload'))).toBe(true);
  });

  it.skipIf(uid !== 0)("leaves another user's folder alone, even with a marker naming a dead pid and this uid", async () => {
    const root = makeTestTempDir('tandem-sweep-');
    fs.chmodSync(root, 0o755);
    const theirs = folder(root, 'tandem-sandbox-theirs', marker());
    spawnSync('chown', ['-R', 'nobody', theirs]);
    expect(fs.statSync(theirs).uid).not.toBe(uid);
    expect(await sweepStaleTempDirs({ root, isAlive: dead })).toEqual([]);
    expect(fs.existsSync(path.join(theirs, 'payload'))).toBe(true);
  });

  it('a missing temp folder is no error', async () => {
    expect(await sweepStaleTempDirs({ root: path.join(makeTestTempDir('tandem-sweep-'), 'gone'), isAlive: dead })).toEqual([]);
  });
});

describe('makeOwnedTempDir', () => {
  it("writes a marker the sweep recognises, and this process's own folder is never swept", async () => {
    const root = makeTestTempDir('tandem-sweep-');
    const dir = makeOwnedTempDir('sandbox', root);
    expect(path.basename(dir)).toMatch(/^tandem-sandbox-[A-Za-z0-9]{6}$/);
    expect((fs.statSync(dir).mode & 0o777).toString(8)).toBe('700');
    expect(JSON.parse(fs.readFileSync(path.join(dir, OWNER_MARKER), 'utf8'))).toEqual({ tool: 'tandem', pid: process.pid, host: os.hostname(), uid });
    expect(await sweepStaleTempDirs({ root, isAlive: dead })).toEqual([]);
    expect(liveOwnedTempDirs()).toContain(dir);
    removeOwnedTempDir(dir);
    expect(fs.existsSync(dir)).toBe(false);
    expect(liveOwnedTempDirs()).not.toContain(dir);
  });

  it('removes what is still live when the process exits (a child node process ends without cleaning up)', () => {
    const root = makeTestTempDir('tandem-sweep-');
    // The module as the child's own: bundled into one .mjs file (the test process's copy has its own live set).
    const bundle = path.join(makeTestTempDir('tandem-sweep-bundle-'), 'owned-temp-dir.mjs');
    buildSync({ entryPoints: [path.resolve(__dirname, '../../src/process/owned-temp-dir.ts')], bundle: true, format: 'esm', platform: 'node', outfile: bundle, logLevel: 'silent' });
    const script = `import { makeOwnedTempDir } from ${JSON.stringify(bundle)}; console.log(makeOwnedTempDir('bash', ${JSON.stringify(root)})); process.exitCode = 3;`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
    const dir = run.stdout.trim();
    expect(path.dirname(dir)).toBe(root);
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
