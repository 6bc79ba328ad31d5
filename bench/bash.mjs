// Bench for the Bash tool: the round trip for `true`, and fast writers (`seq 1 5000`, `seq 1 200000`) run
// through the tool in the foreground, as results per second and bytes per second, next to the same command read
// from a bare node-pty (the floor: what the pseudo-terminal itself costs). Every result is checked to end with
// its last line, so a speed-up that loses output shows as "incomplete". The tool is bundled with esbuild into a
// temp dir first (no TS loader is installed). Run: node bench/bash.mjs [runs]. Prints figures; asserts nothing.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForBench, toolContext } from './lib.mjs';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-bash-'));
const RUNS = Number(process.argv[2] ?? 20);

const bundleBash = async () => (await bundleForBench(work, { bash: 'src/tools/bash.ts' })).bash;
const context = (cwd) => toolContext(cwd, work);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The same command in a bare node-pty, read until node-pty reports the exit (which may lose the tail). */
function barePty(pty, command) {
  return new Promise((resolve) => {
    const p = pty.spawn('/bin/bash', ['-c', command], { cols: 120, rows: 40, encoding: null });
    let bytes = 0;
    p.onData((d) => (bytes += d.length));
    p.onExit(() => resolve(bytes));
  });
}

try {
  const { bashTool } = await bundleBash();
  const pty = createRequire(path.join(repo, 'package.json'))('node-pty');
  const ctx = context(work);
  const run = (command) => bashTool.run(bashTool.inputSchema.parse({ command }), ctx);

  await run('true'); // warm-up: loads node-pty
  const trueMs = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await run('true');
    trueMs.push(performance.now() - t);
  }
  console.log(`Bash \`true\` round trip: ${median(trueMs).toFixed(1)} ms median of 20 (target < 50 ms)`);

  console.log(`\n${'command'.padEnd(18)}${'runs'.padEnd(6)}${'results/s'.padEnd(11)}${'MB/s'.padEnd(8)}${'bare pty MB/s'.padEnd(15)}complete`);
  for (const lines of [5_000, 200_000]) {
    const command = `seq 1 ${lines}`;
    const runs = lines > 10_000 ? Math.max(3, Math.floor(RUNS / 4)) : RUNS;
    let complete = 0;
    let chars = 0;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) {
      const res = await run(command);
      const text = String(res.forModel);
      chars += text.length + lines; // the \r of each \r\n line end the tool turns into \n
      if (text.endsWith(`\n${lines}`)) complete++;
    }
    const seconds = (performance.now() - t0) / 1000;
    let bareBytes = 0;
    const t1 = performance.now();
    for (let i = 0; i < runs; i++) bareBytes += await barePty(pty, command);
    const bareSeconds = (performance.now() - t1) / 1000;
    console.log(
      `${command.padEnd(18)}${String(runs).padEnd(6)}${(runs / seconds).toFixed(1).padEnd(11)}${(chars / seconds / 1e6).toFixed(2).padEnd(8)}${(bareBytes / bareSeconds / 1e6).toFixed(2).padEnd(15)}${complete}/${runs}`,
    );
  }
  console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores (figures are noisy when it is high)`);
  console.log('MB/s counts the bytes the terminal delivered (lines and \\r\\n ends); "bare pty" reads the same command without the tool.');
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
