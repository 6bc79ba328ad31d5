// `npm run bench`: runs every bench script in turn; each prints its own figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const skip = new Set(['run-all.mjs', 'lib.mjs', 'bare-sdk-stream.mjs', 'resume-sessions.mjs']);
const only = process.argv.slice(2);
for (const file of readdirSync(here).filter((f) => f.endsWith('.mjs') && !skip.has(f)).sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n== ${file}`);
  spawnSync(process.execPath, [join(here, file)], { stdio: 'inherit' });
}
