// The shared temp-folder helpers clean up after the test file that used them, with no code in the test: a child
// vitest runs a probe file that takes a folder from each helper, and afterwards none is left.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { makeTestTempDir } from './temp-dirs';

const ROOT = path.resolve(__dirname, '../..');

it('every folder a helper handed out is gone once the test file has ended', () => {
  const tmp = makeTestTempDir('tandem-probe-tmp-');
  const out = path.join(makeTestTempDir('tandem-probe-out-'), 'made.txt');
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/support/fixtures/probe.config.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmp, PROBE_OUT: out },
    timeout: 120_000,
  });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const made = fs.readFileSync(out, 'utf8').split('\n');
  expect(made).toHaveLength(6);
  for (const dir of made) expect(dir.startsWith(fs.realpathSync(tmp) + path.sep), dir).toBe(true);
  for (const dir of made) expect(fs.existsSync(dir), dir).toBe(false);
  // Nothing else of the run's either (vitest's own cache aside, which it keeps under node_modules).
  expect(fs.readdirSync(tmp)).toEqual([]);
});
