// Issue #7 figure, through the real engine: a 30-turn session (each turn: a prompt, a Read call, its result, an
// answer) run as `tandem -p` then 29 x `tandem --continue -p`, against the fake server (its own process), whose
// usage follows the API's caching rules. Prints the share of input tokens read from the cache (target >= 85%).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, benchTempDir, startFakeServerProcess } from './lib.mjs';

const TURNS = 30;
const project = benchTempDir('tandem-cache-project-');
const home = benchTempDir('tandem-cache-home-');
for (let i = 0; i < TURNS; i++) writeFileSync(join(project, `file${i}.ts`), Array.from({ length: 40 }, (_, j) => `export const v${i}_${j} = ${i * j};`).join('\n'));
const turns = [];
for (let i = 0; i < TURNS; i++) {
  turns.push({ content: [{ type: 'text', text: `Looking at file${i}.ts.` }, { type: 'tool_use', name: 'Read', input: { file_path: `file${i}.ts` } }] });
  turns.push({ text: `file${i}.ts defines 40 constants; the last one is v${i}_39. ${'Some explanation. '.repeat(20)}` });
}
const server = await startFakeServerProcess({ turns });
const env = { ...process.env, ANTHROPIC_API_KEY: 'bench', ANTHROPIC_BASE_URL: server.url, TANDEM_HOME: join(home, '.tandem'), HOME: home };
const total = { input: 0, read: 0, write: 0, output: 0 };
for (let i = 0; i < TURNS; i++) {
  const args = [BIN, ...(i ? ['--continue'] : []), '-p', `Explain file${i}.ts`, '--allowedTools', 'Read', '--output-format', 'json'];
  const run = spawnSync(process.execPath, args, { cwd: project, env, encoding: 'utf8' });
  const result = JSON.parse(run.stdout);
  total.input += result.usage.input_tokens;
  total.read += result.usage.cache_read_input_tokens;
  total.write += result.usage.cache_creation_input_tokens;
  total.output += result.usage.output_tokens;
}
server.stop();
const all = total.input + total.read + total.write;
console.log(`prompt caching through the engine (issue #7), ${TURNS} turns, ${TURNS * 2} requests`);
console.log(`  input tokens: ${all} = ${total.read} cache reads + ${total.write} cache writes + ${total.input} uncached`);
console.log(`  cache-read share: ${((100 * total.read) / all).toFixed(1)}%   (target >= 85%)`);
