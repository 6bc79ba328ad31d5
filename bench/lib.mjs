// Shared bench helpers: start the fake server as its own process (so its CPU is not counted), time commands,
// and measure a child's CPU time with bash's `time` (user + system of the child and its children).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import xtermHeadless from '@xterm/headless';
import pty from 'node-pty';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'tandem.js');

const benchDirs = new Set();
// However a bench ends (a throw included), the folders it took from benchTempDir go with it.
process.on('exit', () => {
  for (const dir of benchDirs) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});

/** A temp folder removed when the bench process exits. */
export function benchTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  benchDirs.add(dir);
  return dir;
}

export async function startFakeServerProcess(script) {
  const dir = benchTempDir('tandem-bench-');
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

/**
 * Bundles sources for a bench that runs tools outside a session (no TS loader is installed): each entry is a path
 * in the repository or `{ contents }` (a TS module's text), written to `<work>/dist/<name>.mjs` and imported.
 * `external` packages resolve from the repository's node_modules, linked into that folder.
 */
export async function bundleForBench(work, entries, external = ['node-pty']) {
  const { build } = await import('esbuild');
  const outdir = join(work, 'dist');
  for (const [name, entry] of Object.entries(entries)) {
    await build({
      ...(typeof entry === 'string' ? { entryPoints: [join(ROOT, entry)] } : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts', sourcefile: `${name}.ts` } }),
      outfile: join(outdir, `${name}.mjs`),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
      external,
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(outdir, 'node_modules'));
  const modules = {};
  for (const name of Object.keys(entries)) modules[name] = await import(pathToFileURL(join(outdir, `${name}.mjs`)).href);
  return modules;
}

/** The ToolContext a tool gets in a session, with nothing behind it (no model, no todos, no file tracking). */
export function toolContext(cwd, sessionDir) {
  const ctx = {
    cwd,
    setCwd: (d) => (ctx.cwd = d),
    projectRoot: cwd,
    additionalDirectories: [],
    sessionId: 'bench',
    sessionDir,
    signal: new AbortController().signal,
    files: { recordRead() {}, checkWritable: () => null, recordWrite() {} },
    // Live output is on, as in a session: its cost is part of the figures.
    progress() {},
    model: { stream() { throw new Error('no model'); } },
    resolveModel: (a) => a,
    todos: { get: () => [], set() {} },
    permissionMode: { get: () => 'default', set() {} },
    sessionStore: new Map(),
  };
  return ctx;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A command in a pseudo-terminal read by a headless xterm: `waitFor(re)` resolves with the ms since launch at
 *  which `re` is on the visible screen; `raw()` is every byte the command wrote. For `node cli.js` the pty child
 *  is the process that does the work (its pid is the one to measure). */
export function startPty(command, args, env, cwd, { cols = 120, rows = 40 } = {}) {
  const term = new xtermHeadless.Terminal({ cols, rows, scrollback: 10000, allowProposedApi: true });
  const started = process.hrtime.bigint();
  const proc = pty.spawn(command, args, { name: 'xterm-256color', cols, rows, cwd, env });
  let raw = '';
  const waiters = [];
  const screen = () => {
    const b = term.buffer.active;
    const lines = [];
    for (let i = b.viewportY; i < b.viewportY + rows; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n');
  };
  const check = () => {
    const s = screen();
    for (const w of [...waiters]) {
      if (w.re.test(s)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }
  };
  proc.onData((d) => {
    raw += d;
    term.write(d, check);
  });
  let exited = false;
  proc.onExit(() => (exited = true));
  return {
    pid: proc.pid,
    raw: () => raw,
    screen,
    write: (s) => proc.write(s),
    /** Resolves with ms since launch when `re` is on the visible screen. */
    waitFor: (re, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const w = { re, resolve };
        waiters.push(w);
        check();
        setTimeout(() => {
          if (waiters.includes(w)) reject(new Error(`timed out waiting for ${re}; screen:\n${screen()}`));
        }, timeoutMs);
      }),
    kill: async () => {
      if (exited) return;
      proc.kill('SIGKILL');
      for (let i = 0; i < 50 && !exited; i++) await sleep(20);
    },
  };
}
