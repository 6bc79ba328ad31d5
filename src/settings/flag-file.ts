// `--settings FILE|JSON`: one more settings source, above every settings file (the person or program starting
// tandem chose it). Inline JSON is written to a private temp file so the one loader reads, checks and reports it
// like any other file; its folder is tandem's own and goes when the process ends.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeOwnedTempDir } from '../process/owned-temp-dir';

export function settingsFlagPath(value: string, cwd: string): string {
  if (!value.trim().startsWith('{')) return resolve(cwd, value);
  const dir = makeOwnedTempDir('settings-flag');
  const file = join(dir, 'settings-from-flag.json');
  writeFileSync(file, value, { mode: 0o600 });
  return file;
}
