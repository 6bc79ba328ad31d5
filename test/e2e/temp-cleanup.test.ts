// tandem's own temp folders (the sandbox's per-session folder, inline --settings) do not outlive the process: gone
// after a normal end, SIGINT, SIGTERM, SIGHUP and a crash; after a `kill -9` the next start sweeps them. Each test
// gives the real binary its own TMPDIR so it sees exactly what tandem left there.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxSkipReason } from '../sandbox/support';
import { KEYS, runTandem, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const skip = sandboxSkipReason();
if (skip) console.warn(`sandbox temp-folder e2e tests skipped: ${skip}`);

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});

/** A TMPDIR inside the test's temp root (removed with it). */
function privateTmp(): string {
  const dir = join(ws.t.home, '..', 'tmp');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const tandemEntries = (tmp: string) => readdirSync(tmp).filter((n) => n.startsWith('tandem-'));

async function waitForEntry(tmp: string, prefix: string, timeoutMs = 20_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const found = readdirSync(tmp).find((n) => n.startsWith(prefix));
    if (found) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`no ${prefix}* appeared in ${tmp}: ${readdirSync(tmp).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves with the exit code, or rejects when the process does not end in time (a swallowed signal). */
function exitWithin(t: TerminalSession, ms: number): Promise<number> {
  return Promise.race([t.exited, new Promise<number>((_, rej) => setTimeout(() => rej(new Error(`tandem still running ${ms} ms after the signal`)), ms))]);
}

async function startSandboxedShell(tmp: string, extraEnv: Record<string, string> = {}): Promise<TerminalSession> {
  const s = await ws.serve([{ text: 'unused' }]);
  const t = startTerminal(['--sandbox'], { cwd: ws.t.project, env: testEnv(s.url, ws.t, { TMPDIR: tmp, ...extraEnv }) });
  await t.waitFor('Type a message', 20_000);
  await waitForEntry(tmp, 'tandem-sandbox-');
  return t;
}

describe.skipIf(skip !== undefined)("tandem's temp folders end with the session", () => {
  it('a normal end (/exit) removes the sandbox folder', async () => {
    const tmp = privateTmp();
    term = await startSandboxedShell(tmp);
    for (let attempt = 0; ; attempt++) {
      term.write('/exit');
      await new Promise((r) => setTimeout(r, 200));
      term.write(KEYS.enter);
      const ended = await exitWithin(term, 3000).then(() => true, () => false);
      if (ended) break;
      if (attempt === 5) throw new Error(`/exit never ended the shell:\n${term.screen()}`);
    }
    expect(tandemEntries(tmp)).toEqual([]);
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal} ends the shell and removes the sandbox folder`, async () => {
      const tmp = privateTmp();
      term = await startSandboxedShell(tmp);
      process.kill(term.pid, signal);
      await exitWithin(term, 15_000);
      expect(tandemEntries(tmp)).toEqual([]);
    });
  }

  it('a crash (an uncaught exception) removes the sandbox folder', async () => {
    const tmp = privateTmp();
    // Preloaded into the real binary: throws, uncaught, once the sandbox folder exists.
    const crash = join(tmp, '..', 'crash.mjs');
    writeFileSync(
      crash,
      `import { readdirSync } from 'node:fs';\n` +
        `const timer = setInterval(() => { if (readdirSync(process.env.TMPDIR).some((n) => n.startsWith('tandem-sandbox-'))) { clearInterval(timer); setTimeout(() => { throw new Error('crash for the test'); }, 500); } }, 50);\n`,
    );
    term = await startSandboxedShell(tmp, { NODE_OPTIONS: `--import=${crash}` });
    expect(await exitWithin(term, 15_000)).not.toBe(0);
    expect(term.all()).toContain('crash for the test');
    expect(tandemEntries(tmp)).toEqual([]);
  });

  it('after kill -9 the next start sweeps the dead session’s folder, and nothing that is not clearly a dead tandem’s', async () => {
    const tmp = privateTmp();
    term = await startSandboxedShell(tmp);
    const stale = await waitForEntry(tmp, 'tandem-sandbox-');
    process.kill(term.pid, 'SIGKILL');
    await exitWithin(term, 15_000);
    term = undefined;
    expect(readdirSync(tmp)).toContain(stale);
    // Look-alikes that must stay: a live owner (this test process), no marker, another machine's marker, and a
    // folder whose name is not tandem's.
    const keep = {
      'tandem-sandbox-liveOK': { tool: 'tandem', pid: process.pid, host: hostname(), uid: process.getuid!() },
      'tandem-sandbox-noMark': undefined,
      'tandem-sandbox-otherH': { tool: 'tandem', pid: 999_999_999, host: `${hostname()}-elsewhere`, uid: process.getuid!() },
      'tandem-sandboxy-XXXXX': { tool: 'tandem', pid: 999_999_999, host: hostname(), uid: process.getuid!() },
    };
    for (const [name, marker] of Object.entries(keep)) {
      mkdirSync(join(tmp, name));
      if (marker) writeFileSync(join(tmp, name, '.tandem-owner.json'), JSON.stringify(marker));
    }
    const s = await ws.serve([{ text: 'hello' }]);
    const run = await runTandem(['-p', 'hi'], { cwd: ws.t.project, env: testEnv(s.url, ws.t, { TMPDIR: tmp }), timeoutMs: 40_000 });
    expect(run.code).toBe(0);
    expect(readdirSync(tmp)).not.toContain(stale);
    for (const name of Object.keys(keep)) expect(readdirSync(tmp)).toContain(name);
  });

  it('headless: a sandboxed Bash run and inline --settings leave nothing behind', async () => {
    const tmp = privateTmp();
    const s = await ws.serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo hi > inside.txt' } }] }, { text: 'done' }]);
    const run = await runTandem(['-p', 'go', '--sandbox', '--settings', '{"sandbox":{"enabled":true}}'], { cwd: ws.t.project, env: testEnv(s.url, ws.t, { TMPDIR: tmp }), timeoutMs: 40_000 });
    expect(run.code).toBe(0);
    expect(tandemEntries(tmp)).toEqual([]);
  });

  it('headless without the sandbox: the Bash command’s private folder and the --settings file go, even on SIGTERM mid-command', async () => {
    const tmp = privateTmp();
    const s = await ws.serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'sleep 30' } }] }, { text: 'done' }]);
    const run = runTandem(['-p', 'go', '--allowedTools', 'Bash', '--settings', '{"permissions":{"allow":[]}}'], { cwd: ws.t.project, env: testEnv(s.url, ws.t, { TMPDIR: tmp }), timeoutMs: 40_000 });
    await waitForEntry(tmp, 'tandem-bash-');
    expect(tandemEntries(tmp).some((n) => n.startsWith('tandem-settings-flag-'))).toBe(true);
    // The run is a child of this process: signal it by finding its pid through the marker it wrote.
    const pid = ownerPidOf(tmp);
    process.kill(pid, 'SIGTERM');
    await run;
    expect(tandemEntries(tmp)).toEqual([]);
  });
});

function ownerPidOf(tmp: string): number {
  const dir = tandemEntries(tmp).find((n) => n.startsWith('tandem-bash-'))!;
  return (JSON.parse(readFileSync(join(tmp, dir, '.tandem-owner.json'), 'utf8')) as { pid: number }).pid;
}
