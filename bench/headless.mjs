// Issue #2 figures: `tandem --version` time, and the CPU tandem -p spends consuming a 4,000-delta answer against
// a bare SDK script reading the same stream. Targets: --version under 150 ms; tandem within 1.3x of the bare script.
import { join } from 'node:path';
import { BIN, ROOT, benchTempDir, fmt, measure, median, startFakeServerProcess } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DELTAS = 4000;
const text = Array.from({ length: DELTAS }, (_, i) => `w${String(i % 1000).padStart(3, '0')}. `).join('');

const versionTimes = [];
for (let i = 0; i < 11; i++) versionTimes.push(measure(process.execPath, [BIN, '--version']).wallMs);

const turn = { text, chunkChars: 6 };
const server = await startFakeServerProcess({ turns: Array.from({ length: RUNS * 2 + 2 }, () => turn) });
const home = benchTempDir('tandem-bench-home-');
const env = { ...process.env, ANTHROPIC_API_KEY: 'bench', ANTHROPIC_BASE_URL: server.url, TANDEM_HOME: join(home, '.tandem'), HOME: home };
const project = benchTempDir('tandem-bench-project-');
const tandemCpu = [];
const bareCpu = [];
for (let i = 0; i < RUNS; i++) {
  tandemCpu.push(measure(process.execPath, [BIN, '-p', 'go', '--output-format', 'stream-json', '--verbose'], { env, cwd: project }).cpuMs);
  bareCpu.push(measure(process.execPath, [join(ROOT, 'bench', 'bare-sdk-stream.mjs')], { env, cwd: ROOT }).cpuMs);
}
server.stop();

const t = median(tandemCpu);
const b = median(bareCpu);
console.log('headless (issue #2)');
console.log(`  tandem --version, median of 11 wall:              ${fmt(median(versionTimes))}   (target < 150 ms)`);
console.log(`  CPU, ${DELTAS}-delta answer, tandem -p stream-json: ${fmt(t)}   (median of ${RUNS}, process start included)`);
console.log(`  CPU, same answer, bare SDK script:                ${fmt(b)}`);
console.log(`  ratio tandem / bare:                              ${(t / b).toFixed(2)}x  (target <= 1.3x)`);
