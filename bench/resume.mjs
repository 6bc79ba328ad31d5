// Issue #14 resume figures, in a real 120x40 pseudo-terminal against the fake server (its own process):
// for generated sessions of 10, 50 and 200 turns (bench/resume-sessions.mjs, written through TranscriptWriter),
// `tandem --resume <id>` -> the shell's prompt and -> the last answer on screen (median of 3); then the CPU of one
// new turn in each (flat: a long history must not make every turn dearer) and RSS after resuming.
// Run: node bench/resume.mjs [turns...]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, median, startFakeServerProcess, startPty } from './lib.mjs';
import { writeSession } from './resume-sessions.mjs';

const COLS = 120;
const ROWS = 40;
// BENCH_TANDEM_BIN: another build's bin/tandem.js, to compare on the same load.
const TANDEM = process.env.BENCH_TANDEM_BIN ?? BIN;
const RUNS = Number(process.env.BENCH_RESUME_RUNS ?? 3);
/** BENCH_PROF_DIR=dir: each launch runs under `node --cpu-prof` and quits (ctrl+c twice) once the last answer shows. */
const PROF_DIR = process.env.BENCH_PROF_DIR;
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const TURNS = sizes.length ? sizes : [10, 50, 200];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const clk = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return ((Number(x[11]) + Number(x[12])) * 1000) / clk;
};
const rssMb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

function launch(args, env, cwd) {
  const node = PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`] : [];
  return startPty(process.execPath, [...node, TANDEM, ...args], env, cwd, { cols: COLS, rows: ROWS });
}

const server = await startFakeServerProcess({ turns: Array.from({ length: 200 }, (_, i) => ({ text: `fresh answer ${i} bench-turn-done`, chunkChars: 8 })) });
const root = mkdtempSync(join(tmpdir(), 'tandem-bench-resume-'));
const home = join(root, 'home');
const project = join(root, 'project');
mkdirSync(join(home, '.tandem'), { recursive: true });
mkdirSync(project, { recursive: true });
writeFileSync(join(home, '.tandem', 'trusted-folders.json'), JSON.stringify({ version: 1, folders: { [realpathSync(project)]: { trustedAt: new Date().toISOString() } } }));
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TANDEM_HOME: join(home, '.tandem'), ANTHROPIC_API_KEY: 'sk-ant-bench-not-real', ANTHROPIC_BASE_URL: server.url, TERM: 'xterm-256color', LANG: 'C.UTF-8' };

const rows = [];
try {
  for (const turns of TURNS) {
    const id = `${String(turns).padStart(8, '0')}-0000-4000-8000-000000000000`;
    await writeSession({ tandemHome: env.TANDEM_HOME, projectRoot: realpathSync(project), sessionId: id, turns });
    const file = join(env.TANDEM_HOME, 'projects', realpathSync(project).replace(/[^A-Za-z0-9]/g, '-'), `${id}.jsonl`);
    const kb = statSync(file).size / 1024;
    const ready = [];
    const last = [];
    const lastCpu = [];
    let turnCpu = [];
    let rss = 0;
    for (let run = 0; run < RUNS; run++) {
      // Each run resumes a copy: the new turns of a run must not grow the next run's session.
      const copy = id.replace(/0$/, String(run + 1));
      writeFileSync(file.replace(`${id}.jsonl`, `${copy}.jsonl`), readFileSync(file));
      const p = launch(['--resume', copy], env, project);
      try {
        ready.push(await p.waitFor(/Type a message/));
        last.push(await p.waitFor(new RegExp(`answer-of-turn-${turns}\\b`)));
        lastCpu.push(cpuMs(p.pid));
        if (PROF_DIR) {
          for (const key of ['\x03', '\x03']) (p.write(key), await sleep(300));
          await sleep(2000);
          continue;
        }
        if (run === RUNS - 1) {
          await sleep(1500);
          rss = rssMb(p.pid);
          for (let t = 0; t < 3; t++) {
            const c0 = cpuMs(p.pid);
            p.write(`one more question ${t}`);
            await sleep(30);
            p.write('\r');
            await p.waitFor(new RegExp(`fresh answer \\d+ bench-turn-done[\\s\\S]*❯`), 60_000).catch(() => p.waitFor(/bench-turn-done/));
            await sleep(300);
            turnCpu.push(cpuMs(p.pid) - c0);
            await sleep(200);
          }
        }
      } finally {
        await p.kill();
      }
    }
    rows.push({ turns, kb, ready: median(ready), last: median(last), lastCpu: median(lastCpu), turnCpu: median(turnCpu), rss });
  }
} finally {
  server.stop();
  rmSync(server.dir, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
}

const W = [14, 10, 16, 16, 16, 19, 16];
console.log(`load ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs: wall times grow with load; the CPU column does not`);
console.log(`\nresume (issue #14), ${COLS}x${ROWS} pty, median of ${RUNS} launches; targets: 50 turns < 500 ms to the last answer, turn CPU flat, RSS < 150 MB`);
console.log(['session', 'log size', '-> shell ready', '-> last answer', 'CPU until then', 'CPU of a new turn', 'RSS after resume'].map((s, i) => s.padEnd(W[i])).join(''));
for (const r of rows) {
  console.log([`${r.turns} turns`, `${r.kb.toFixed(0)} KB`, `${r.ready.toFixed(0)} ms`, `${r.last.toFixed(0)} ms`, `${r.lastCpu.toFixed(0)} ms`, `${r.turnCpu.toFixed(0)} ms`, `${r.rss.toFixed(0)} MB`].map((s, i) => s.padEnd(W[i])).join(''));
}
const fifty = rows.find((r) => r.turns === 50);
if (fifty) console.log(`50 turns -> last answer: ${fifty.last.toFixed(0)} ms ${fifty.last < 500 ? 'ok' : 'MISS'} (target < 500 ms)`);
const small = rows[0];
const big = rows[rows.length - 1];
if (rows.length > 1) console.log(`turn CPU ${small.turns} -> ${big.turns} turns: ${small.turnCpu.toFixed(0)} -> ${big.turnCpu.toFixed(0)} ms ${big.turnCpu < small.turnCpu * 1.5 + 20 ? 'ok (flat)' : 'MISS (grows)'}; RSS max ${Math.max(...rows.map((r) => r.rss)).toFixed(0)} MB ${rows.every((r) => r.rss < 150) ? 'ok' : 'MISS'}`);
