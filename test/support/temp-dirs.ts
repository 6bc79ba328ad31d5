// The one way tests make temp folders: each folder handed out is removed after the test file that asked for it,
// by an afterAll this module registers when a test file imports it (directly or through another helper). A test
// needs no cleanup of its own, and test/support/no-raw-mkdtemp.test.ts keeps tests from going around it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { liveOwnedTempDirs, removeOwnedTempDir } from '../../src/process/owned-temp-dir';

const handedOut = new Set<string>();

/**
 * After every test of the file (and its own afterAll hooks: registered at import, this one runs last), so servers
 * and child processes the tests stopped are gone. A folder that still resists is reported, not failed on.
 */
afterAll(() => {
  for (const dir of handedOut) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
    } catch (error) {
      process.stderr.write(`test temp folder not removed: ${dir}: ${(error as Error).message}\n`);
    }
  }
  handedOut.clear();
  // tandem's own folders (a sandbox controller a test never closed): tandem removes them at process exit, but a
  // vitest worker is ended without its 'exit' handlers running.
  for (const dir of liveOwnedTempDirs()) removeOwnedTempDir(dir);
});

/** A fresh folder in the temp folder, by its real path (symlinks resolved, as macOS's /tmp needs). */
export function makeTestTempDir(prefix = 'tandem-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  handedOut.add(dir);
  return dir;
}

/** Removes one now (a test that wants it gone before the file ends); the afterAll forgets it. */
export function removeTestTempDir(dir: string): void {
  handedOut.delete(dir);
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
}
