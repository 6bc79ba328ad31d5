// What a checkpoint adds to a turn on a 20,000-file project: the first snapshot (every file hashed once), then
// beforeWrite + endTurn with the tree unchanged (target: under 200 ms) and with 10 files changed.
// Run: node bench/checkpoints.mjs [fileCount]
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const fileCount = Number(process.argv[2] ?? 20_000);
const work = mkdtempSync(path.join(tmpdir(), 'tandem-bench-cp-'));

try {
  await build({
    entryPoints: [path.join(here, '..', 'src', 'checkpoints', 'index.ts')],
    outfile: path.join(work, 'checkpoints.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  const { CheckpointStore } = await import(pathToFileURL(path.join(work, 'checkpoints.mjs')).href);

  // 200 folders of 100 files each (half in a subfolder), a few KB of text apiece, plus an ignored node_modules.
  const root = path.join(work, 'project');
  const files = [];
  for (let d = 0; d < Math.ceil(fileCount / 100); d++) {
    mkdirSync(path.join(root, `pkg${d}`, 'lib'), { recursive: true });
    for (let f = 0; f < 100 && files.length < fileCount; f++) {
      const rel = path.join(`pkg${d}`, f % 2 ? 'lib' : '', `file${f}.ts`);
      writeFileSync(path.join(root, rel), `export const value${f} = ${d};\n`.repeat(40));
      files.push(rel);
    }
  }
  mkdirSync(path.join(root, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', 'dep', 'index.js'), 'ignored\n');
  writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n');

  const store = await CheckpointStore.open({ projectRoot: root, tandemHome: path.join(work, 'home'), sessionId: 'bench' });
  if (!store) throw new Error('git is not on PATH: the benchmark needs it');

  const timeTurn = async (index, change) => {
    await store.beginTurn({ index, prompt: `turn ${index}` });
    let spent = 0;
    let t = performance.now();
    await store.beforeWrite();
    spent += performance.now() - t;
    change();
    t = performance.now();
    const info = await store.endTurn();
    spent += performance.now() - t;
    return { spent, info };
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = (x) => `${x.toFixed(0)} ms`;

  // The conditions: figures scale with the cost of starting a process and walking the tree on this machine.
  const spawns = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spawnSync('git', ['--version']);
    spawns.push(performance.now() - t0);
  }
  console.log(`checkpoints on a tree of ${files.length} files (${process.platform}, node ${process.version}, ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}, one git spawn ${median(spawns).toFixed(0)} ms)`);
  const first = await timeTurn(0, () => writeFileSync(path.join(root, files[0]), 'first change\n'));
  console.log(`  first checkpoint (hashes the whole tree):     ${ms(first.spent)}`);

  const unchanged = [];
  for (let i = 1; i <= 7; i++) {
    const { spent, info } = await timeTurn(i, () => {});
    if (info !== null) throw new Error('an unchanged turn must leave no checkpoint');
    unchanged.push(spent);
  }
  console.log(`  turn, tree unchanged (beforeWrite + endTurn): ${ms(median(unchanged))} median of 7 (min ${ms(Math.min(...unchanged))}, max ${ms(Math.max(...unchanged))}; target < 200 ms)`);

  const changed = [];
  for (let i = 0; i < 5; i++) {
    const { spent, info } = await timeTurn(100 + i, () => {
      for (let k = 0; k < 10; k++) writeFileSync(path.join(root, files[(i * 997 + k * 1777) % files.length]), `changed ${i} ${k}\n`);
    });
    if (info?.files.length !== 10) throw new Error(`expected 10 changed files, got ${info?.files.length}`);
    changed.push(spent);
  }
  console.log(`  turn, 10 files changed (beforeWrite + endTurn): ${ms(median(changed))} median of 5 (min ${ms(Math.min(...changed))}, max ${ms(Math.max(...changed))})`);

  let t = performance.now();
  const list = await store.list();
  console.log(`  list() of ${list.length} checkpoints:                ${ms(performance.now() - t)}`);
  t = performance.now();
  const plan = await store.restore(list[0].id, { dryRun: true });
  console.log(`  restore dry run (${plan.files.length} files to change):        ${ms(performance.now() - t)}`);
  t = performance.now();
  await store.restore(list[0].id);
  console.log(`  restore to before the first turn:              ${ms(performance.now() - t)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
