// Tests make temp folders only through test/support/temp-dirs.ts, which removes them after the file: a folder
// made with mkdtemp (or mkdir) straight in the system temp folder is one a test author has to remember to remove,
// and over thousands of runs they did not (12,600 folders in /tmp).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const TEST = join(__dirname, '..');
const ALLOWED = new Set(['support/temp-dirs.ts', 'support/no-raw-mkdtemp.test.ts']);
const RAW = /\bmkdtemp(?:Sync)?\s*\(|mkdir(?:Sync)?\s*\(\s*(?:path\.)?join\(\s*(?:os\.)?tmpdir\(\)/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(?:[cm]?[jt]sx?)$/.test(name) ? [p] : [];
  });
}

it('no test makes a temp folder of its own (use makeTestTempDir from test/support/temp-dirs)', () => {
  const offenders = files(TEST)
    .filter((p) => !ALLOWED.has(relative(TEST, p)))
    .flatMap((p) =>
      readFileSync(p, 'utf8')
        .split('\n')
        .flatMap((line, i) => (RAW.test(line) ? [`${relative(TEST, p)}:${i + 1}: ${line.trim()}`] : [])),
    );
  expect(offenders).toEqual([]);
});
