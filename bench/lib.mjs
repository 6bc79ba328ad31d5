// Shared bench helpers: start the fake server as its own process (so its CPU is not counted), time commands,
// and measure a child's CPU time with bash's `time` (user + system of the child and its children).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'tandem.js');

export async function startFakeServerProcess(script) {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  const file = join(dir, 'script.json');
  writeFileSync(file, JSON.stringify(script));
  const child = spawn(process.execPath, [BIN, 'fake-server', '--script', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) resolve(m[0]);
    });
    child.on('exit', (code) => reject(new Error(`fake server exited ${code}`)));
  });
  return { url, dir, stop: () => child.kill('SIGTERM') };
}

/** Runs a command and returns {wallMs, cpuMs} using bash's time builtin. */
export function measure(command, args, opts = {}) {
  const quoted = [command, ...args].map((a) => `'${String(a).replace(/'/g, "'\\''")}'`).join(' ');
  const started = process.hrtime.bigint();
  const result = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; { time ${quoted} > /dev/null 2>/dev/null ; } 2>&1`], {
    env: opts.env ?? process.env,
    cwd: opts.cwd ?? process.cwd(),
    encoding: 'utf8',
    input: opts.input ?? '',
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const [user, sys] = result.stdout.trim().split(/\s+/).slice(-2).map(Number);
  return { wallMs, cpuMs: (user + sys) * 1000, status: result.status };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const fmt = (ms) => `${ms.toFixed(0)} ms`;
