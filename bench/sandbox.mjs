// Bench for the sandbox: (1) the Bash tool's round trip for `true` inside the sandbox next to the same call
// unsandboxed (target: under 100 ms inside; the difference is the sandbox's cost), and (2) the permission prompts a
// scripted 40-call realistic session needs with the sandbox on and off (the same rules, default mode). Bundles the
// sources with esbuild into a temp dir (no TS loader is installed). Needs bubblewrap and socat on Linux.
// Run: node bench/sandbox.mjs [runs]. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleForBench, toolContext } from './lib.mjs';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-sandbox-'));
const RUNS = Number(process.argv[2] ?? 20);

const ENTRY = [
  "export { bashTool } from './src/tools/bash';",
  "export { SandboxController, attachSandbox } from './src/sandbox/controller';",
  "export { parseSandboxSettings } from './src/sandbox/settings';",
  "export { RulePolicy } from './src/permissions/policy';",
  "export { killAllShells } from './src/tools/shell-session';",
].join('\n');
const bundle = async () => (await bundleForBench(work, { entry: { contents: ENTRY } }, ['node-pty', '@vscode/ripgrep', '@anthropic-ai/sandbox-runtime'])).entry;
const context = (cwd) => toolContext(cwd, work);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

async function roundTrips(m, ctx, n) {
  const input = m.bashTool.inputSchema.parse({ command: 'true' });
  const times = [];
  await m.bashTool.run(input, ctx); // warm-up (module loads, the runtime's first wrap)
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await m.bashTool.run(input, ctx);
    times.push(performance.now() - t);
    if (!String(r.summary).startsWith('exit 0')) throw new Error(`unexpected result: ${r.summary}`);
  }
  return times;
}

/** 40 Bash calls of an ordinary working session: look around, build, test, edit with tools, commit. */
const SESSION = [
  'ls -la', 'git status', 'cat package.json', 'grep -rn TODO src', 'npm install', 'npm test', 'npm run build',
  'node scripts/gen.mjs', 'python3 tools/check.py', 'mkdir -p tmp/out', 'cp README.md tmp/out/', 'rm -rf dist',
  'make -j2', 'sed -i s/foo/bar/ src/a.ts', 'git diff', 'git add -A', 'git commit -m wip', 'npx tsc --noEmit',
  'npx vitest run test/a.test.ts', 'cat .env', 'find . -name "*.ts" | wc -l', 'echo hello > notes.txt',
  'tar czf tmp/src.tgz src', 'node -e "console.log(1)"', 'python3 -m pytest -q', 'go test ./...', 'cargo build',
  'curl -sS https://registry.npmjs.org/zod', 'git log --oneline -5', 'wc -l src/*.ts', 'touch src/new.ts',
  'mv src/new.ts src/renamed.ts', 'npm run lint -- --fix', 'chmod +x scripts/run.sh', './scripts/run.sh',
  'git push origin main', 'rm -rf node_modules/.cache', 'head -50 src/main.ts', 'npm ci', 'git stash list',
];

function promptCount(m, sandboxOn) {
  const root = fs.mkdtempSync(path.join(work, 'project-'));
  const rules = [
    { rule: 'Read(./.env)', behavior: 'deny', source: 'bench' },
    { rule: 'Bash(git push:*)', behavior: 'ask', source: 'bench' },
  ];
  const policy = new m.RulePolicy({ rules, homeDir: root });
  const { settings } = m.parseSandboxSettings({ enabled: sandboxOn });
  const controller = new m.SandboxController(settings, { projectRoot: root, additionalDirectories: [], homeDir: root, tandemHome: path.join(root, '.th'), settings, readDenySpecifiers: ['./.env'] });
  // The decision only (no commands run): what the state would be after a successful start.
  if (sandboxOn) controller.state = { kind: 'on' };
  const tally = { allow: 0, ask: 0, deny: 0 };
  for (const command of SESSION) {
    const d = policy.decide({
      toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd: root }, agentName: 'main', mode: 'default',
      cwd: root, projectRoot: root, sandboxAutoAllow: controller.autoAllows({ command }),
    });
    tally[d.behavior]++;
  }
  return tally;
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`machine: ${os.cpus().length} cores, load average ${load()} (1, 5, 15 min) at start`);
/**
 * The start of one wrapped command, piece by piece: the same bubblewrap command line cut short after its mounts,
 * then with the seccomp helper, then whole (with the proxy relays inside). Measurement only: the cut command lines
 * are never used to run anything but `true`.
 */
async function startBreakdown(controller, cwd) {
  const { command, release } = await controller.wrap('true', cwd);
  try {
    const full = command.args[1];
    const cut = full.indexOf(' -- /bin/bash -c ');
    const helper = /SRT_ALLOW_NESTED_USERNS=0 (\S+apply-seccomp) /.exec(full)?.[1];
    if (cut < 0 || !helper) return console.log('  (start breakdown skipped: the runtime\'s command line is not the expected shape)');
    const lines = {
      'bare bubblewrap (no mounts)': 'bwrap --new-session --die-with-parent --unshare-net --ro-bind / / --dev /dev --unshare-pid --unshare-user --proc /proc -- /bin/true',
      'with the mounts': `${full.slice(0, cut)} -- /bin/true`,
      '+ seccomp helper': `${full.slice(0, cut)} -- /bin/bash -c 'SRT_ALLOW_NESTED_USERNS=0 ${helper} /bin/true'`,
      '+ proxy relays (whole)': full,
    };
    const times = Object.fromEntries(Object.keys(lines).map((k) => [k, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const [k, line] of Object.entries(lines)) {
        const t = performance.now();
        spawnSync('/bin/bash', ['-c', line], { stdio: 'ignore', cwd });
        times[k].push(performance.now() - t);
      }
    }
    console.log(`  starting it, medians: ${Object.entries(times).map(([k, v]) => `${k} ${ms(median(v))}`).join('; ')}`);
  } finally {
    release();
  }
}

const m = await bundle();
const project = fs.mkdtempSync(path.join(work, 'rt-'));
// A project shaped like a real one, so the per-call scans have something to look through: a repository, 40 source
// folders two deep, and 300 installed packages.
spawnSync('git', ['init', '-q'], { cwd: project });
for (let i = 0; i < 40; i++) {
  fs.mkdirSync(path.join(project, 'src', `mod${i}`, 'lib'), { recursive: true });
  fs.writeFileSync(path.join(project, 'src', `mod${i}`, 'lib', 'index.ts'), 'export {};\n');
}
for (let i = 0; i < 300; i++) {
  fs.mkdirSync(path.join(project, 'node_modules', `pkg${i}`, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(project, 'node_modules', `pkg${i}`, 'package.json'), '{}\n');
}
const plain = context(project);
const plainTimes = await roundTrips(m, plain, RUNS);
console.log(`Bash \`true\` unsandboxed: median ${ms(median(plainTimes))} over ${RUNS} runs`);

const missing = ['bwrap', 'socat'].filter((p) => spawnSync('sh', ['-c', `command -v ${p}`]).status !== 0);
if (process.platform !== 'linux' || missing.length > 0) {
  console.log(`sandboxed round trip skipped: ${missing.length ? `${missing.join(', ')} missing (apt-get install -y bubblewrap socat)` : 'Linux only here'}`);
} else {
  const { settings } = m.parseSandboxSettings({ enabled: true });
  const controller = new m.SandboxController(settings, { projectRoot: project, additionalDirectories: [], homeDir: os.homedir(), tandemHome: path.join(work, 'th'), settings, readDenySpecifiers: [] });
  const problem = await controller.start();
  if (problem) throw new Error(problem);
  const boxed = context(project);
  m.attachSandbox(boxed.sessionStore, controller);
  const boxedTimes = await roundTrips(m, boxed, RUNS);
  const a = median(plainTimes);
  const b = median(boxedTimes);
  console.log(`Bash \`true\` sandboxed:   median ${ms(b)} over ${RUNS} runs (target < 100 ms: ${b < 100 ? 'met' : 'NOT met'}); cost over unsandboxed ${ms(b - a)} (x${(b / a).toFixed(1)})`);
  // Where the sandbox's cost goes: preparing one wrap (tandem's scan for protected paths, the runtime's resolution of
  // the boundary and deny-read globs, fresh for every command) and starting it (bubblewrap, the seccomp helper, the
  // proxy relays).
  const wrapTimes = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const { release } = await controller.wrap('true', project);
    wrapTimes.push(performance.now() - t);
    release();
  }
  const w = median(wrapTimes);
  // tandem's own part of the preparation: the scan for protected paths in every writable root (listings kept).
  const scanTimes = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    controller.wrapFilesystem(project);
    scanTimes.push(performance.now() - t);
  }
  console.log(`  of which preparing the wrap: median ${ms(w)} (tandem's scan for protected paths ${median(scanTimes).toFixed(1)} ms, the rest the runtime); starting and running it (bubblewrap, seccomp helper, proxy relays) and the tool: about ${ms(b - w - a)} over unsandboxed`);
  await startBreakdown(controller, project);
  await controller.close();
}

const off = promptCount(m, false);
const on = promptCount(m, true);
console.log(`40-call session, default mode, deny Read(./.env), ask Bash(git push:*):`);
console.log(`  sandbox off: ${off.ask} prompts, ${off.allow} unprompted, ${off.deny} denied`);
console.log(`  sandbox on:  ${on.ask} prompts, ${on.allow} unprompted, ${on.deny} denied`);
console.log(`load average ${load()} at the end`);
fs.rmSync(work, { recursive: true, force: true });
