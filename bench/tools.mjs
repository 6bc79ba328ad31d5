// Bench for the search and shell tools: Grep and Glob against running rg by hand on a 20,000-file tree, and the
// round-trip cost of Bash for `true`. The tools are bundled with esbuild into a temp dir first (no TS loader is
// installed). Run: node bench/tools.mjs. Prints figures; asserts nothing.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleForBench, toolContext } from './lib.mjs';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-tools-'));
const tree = path.join(work, 'tree');
const FILES = 20_000;

function makeTree() {
  fs.mkdirSync(tree);
  fs.writeFileSync(path.join(tree, '.gitignore'), 'build/\n*.tmp\n');
  const words = ['alpha', 'beta', 'gamma', 'delta', 'render', 'parse', 'token', 'stream', 'widget', 'cache'];
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(tree, `pkg${i % 20}`, `mod${Math.floor(i / 20) % 25}`, `part${Math.floor(i / 500) % 40}`);
    fs.mkdirSync(dir, { recursive: true });
    const w = words[i % words.length];
    const ext = i % 3 === 0 ? 'ts' : i % 3 === 1 ? 'js' : 'md';
    const lines = [`// file ${i}`, `export function ${w}${i}(input) {`, `  const value = input * ${i};`];
    if (i % 97 === 0) lines.push('  // TODO: handle the needle case');
    lines.push('  return value;', '}', '');
    fs.writeFileSync(path.join(dir, `${w}_${i}.${ext}`), lines.join('\n'));
  }
  // Ignored content rg must skip.
  fs.mkdirSync(path.join(tree, 'build'));
  for (let i = 0; i < 500; i++) fs.writeFileSync(path.join(tree, 'build', `out${i}.js`), 'needle\n');
}

const bundleTools = () => bundleForBench(work, { grep: 'src/tools/grep.ts', glob: 'src/tools/glob.ts', bash: 'src/tools/bash.ts' }, ['node-pty', '@vscode/ripgrep']);
const context = (cwd) => toolContext(cwd, work);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Medians of n runs of a and b, alternated so that a busy machine slows both alike. */
async function timePair(n, a, b) {
  await a(); // warm-up (page cache, lazy imports)
  await b();
  const xa = [];
  const xb = [];
  for (let i = 0; i < n; i++) {
    for (const [fn, xs] of [[a, xa], [b, xb]]) {
      const t = performance.now();
      await fn();
      xs.push(performance.now() - t);
    }
  }
  return [median(xa), median(xb)];
}

function rg(rgPath, args) {
  return new Promise((resolve, reject) =>
    execFile(rgPath, args, { cwd: tree, maxBuffer: 256 * 1024 * 1024 }, (err, stdout) =>
      err && err.code !== 1 ? reject(err) : resolve(stdout),
    ),
  );
}

const rows = [];
function row(name, tool, ref, target) {
  rows.push({ name, tool, ref, ratio: ref ? tool / ref : undefined, target });
}

try {
  const t0 = performance.now();
  makeTree();
  const tools = await bundleTools();
  const { rgPath } = await import(pathToFileURL(path.join(work, 'dist/node_modules/@vscode/ripgrep/lib/index.js')).href);
  console.log(`tree: ${FILES.toLocaleString('en-US')} files (+500 ignored) built and tools bundled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const ctx = context(tree);
  const base = ['--no-config', '--no-require-git', '--color=never'];

  const grepCases = [
    ['Grep files (rare word)', { pattern: 'needle' }, ['--files-with-matches', 'needle', tree]],
    ['Grep files (common word)', { pattern: 'return' }, ['--files-with-matches', 'return', tree]],
    ['Grep content (rare word)', { pattern: 'needle', output_mode: 'content' }, ['-n', '--with-filename', 'needle', tree]],
    ['Grep count (-i, type ts)', { pattern: 'RENDER', '-i': true, type: 'ts', output_mode: 'count' }, ['-c', '-i', '-tts', 'RENDER', tree]],
  ];
  for (const [name, input, args] of grepCases) {
    const parsed = tools.grep.grepTool.inputSchema.parse(input);
    const [tool, ref] = await timePair(5, () => tools.grep.grepTool.run(parsed, ctx), () => rg(rgPath, [...base, ...args]));
    row(name, tool, ref, '1.5x');
  }

  const globCases = [
    ['Glob **/*.ts (6,667 files)', '**/*.ts'],
    ['Glob **/render_*.ts (667 files)', '**/render_*.ts'],
    ['Glob pkg3/**/*.md (333 files)', 'pkg3/**/*.md'],
  ];
  for (const [name, pattern] of globCases) {
    const parsed = tools.glob.globTool.inputSchema.parse({ pattern });
    const [tool, ref] = await timePair(5, () => tools.glob.globTool.run(parsed, ctx), () => rg(rgPath, [...base, '--files', '-g', pattern]));
    row(name, tool, ref, '1.5x');
  }

  const bashInput = tools.bash.bashTool.inputSchema.parse({ command: 'true' });
  const [bashMs, spawnRef] = await timePair(
    20,
    () => tools.bash.bashTool.run(bashInput, ctx),
    () => new Promise((r) => execFile('/bin/bash', ['-c', 'true'], r)),
  );
  row('Bash `true` round trip', bashMs, spawnRef, '< 50 ms');

  const pad = (s, n) => String(s).padEnd(n);
  console.log(`\n${pad('case', 34)}${pad('tool ms', 10)}${pad('ref ms', 10)}${pad('ratio', 8)}target`);
  for (const r of rows) {
    console.log(
      `${pad(r.name, 34)}${pad(r.tool.toFixed(1), 10)}${pad(r.ref ? r.ref.toFixed(1) : '-', 10)}${pad(r.ratio ? r.ratio.toFixed(2) + 'x' : '-', 8)}${r.target}`,
    );
  }
  console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores (figures are noisy when it is high)`);
  console.log('ref: rg run by hand with the same arguments (Grep, Glob); for Bash, a plain bash -c without a pty.');
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
