// Stress test for #13: the Bash tool must return the whole output of a fast-writing command every time, in the
// foreground and through run_in_background + BashOutput, and the live `output` chunks must add up to the same text.
// With node-pty on Linux the end of the output used to be lost in a large share of runs (libuv takes the hang-up
// after a short read for end-of-file while the kernel still holds data), so this runs each case many times.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { bashTool } from '../../../src/tools/bash';
import { bashOutputTool } from '../../../src/tools/bash-output';
import { getBackgroundShell, killAllShells } from '../../../src/tools/shell-session';
import { truncateForModel } from '../../../src/tools/truncate';
import { makeContext, makeTempDir, type TestContext } from './context';

const contexts: TestContext[] = [];
function ctxIn(): TestContext {
  const ctx = makeContext(makeTempDir('tandem-drain-'));
  contexts.push(ctx);
  return ctx;
}
afterEach(async () => {
  for (const c of contexts.splice(0)) await killAllShells(c.sessionStore);
});

/** Runs of the 5,000-line command; the 200,000-line one runs half as often (each takes ~40x longer). */
const RUNS = Number(process.env.TANDEM_BASH_STRESS_RUNS ?? 50);
/** Runs at once: several shells writing together also load the event loop, which makes a lost tail likelier. */
const PARALLEL = 4;

function numbers(n: number): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(String(i));
  return out.join('\n');
}

interface Outcome {
  text: string;
  live?: string;
}

async function foreground(command: string): Promise<Outcome> {
  const ctx = ctxIn();
  const res = await bashTool.run(bashTool.inputSchema.parse({ command }), ctx);
  const live = ctx.events.flatMap((e) => (e.type === 'output' ? [e.chunk] : [])).join('');
  expect(res.summary).toMatch(/^exit 0 in /);
  return { text: res.forModel as string, live };
}

async function background(command: string): Promise<Outcome> {
  const ctx = ctxIn();
  await bashTool.run(bashTool.inputSchema.parse({ command, run_in_background: true }), ctx);
  const shell = getBackgroundShell(ctx.sessionStore, 'bash_1');
  if (!shell) throw new Error('no background shell');
  const parts: string[] = [];
  // Read while it runs, as a model would, then once more after the end.
  while (shell.proc.running) {
    const r = await bashOutputTool.run({ bash_id: 'bash_1' }, ctx);
    if (r.display) parts.push(r.display);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const last = await bashOutputTool.run({ bash_id: 'bash_1' }, ctx);
  expect(last.forModel).toMatch(/\(status: exit 0\)$/);
  if (last.display) parts.push(last.display);
  return { text: parts.join('\n') };
}

/** Runs `count` times, `PARALLEL` at once; describes each result that was not exactly `expected`. */
async function stress(count: number, once: () => Promise<Outcome>, expected: string): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const { text, live } = await once();
      if (text !== expected) failures.push(`run ${i}: ${text.length}/${expected.length} chars, ends ${JSON.stringify(text.slice(-24))}`);
      else if (live !== undefined && live !== `${expected}\n`) {
        failures.push(`run ${i}: live output ${live.length}/${expected.length + 1} chars, ends ${JSON.stringify(live.slice(-12))}`);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return failures;
}

describe('Bash returns the whole output of a fast writer', () => {
  for (const [lines, runs] of [
    [5_000, RUNS],
    [200_000, Math.ceil(RUNS / 2)],
  ] as const) {
    const expected = numbers(lines);
    it(`seq 1 ${lines}, ${runs} times in the foreground`, { timeout: 120_000 }, async () => {
      const failures = await stress(runs, () => foreground(`seq 1 ${lines}`), expected);
      expect(failures, `${failures.length}/${runs} runs incomplete`).toEqual([]);
    });
    it(`seq 1 ${lines}, ${runs} times in the background (BashOutput)`, { timeout: 120_000 }, async () => {
      const failures = await stress(runs, () => background(`seq 1 ${lines}`), expected);
      expect(failures, `${failures.length}/${runs} runs incomplete`).toEqual([]);
    });
  }

  it('keeps the output written before the shell exits when a background child still holds the terminal', { timeout: 60_000 }, async () => {
    const expected = numbers(5_000);
    const pids = makeTempDir('tandem-drain-pids-');
    // The child (in its own session, so no hang-up reaches it) keeps the terminal open and never writes: the call
    // returns once the shell has exited, without waiting the 20 s. (The child starts first: bash 5.2 sometimes
    // prints "wait_for: No record of process" when a script ends with `&` and has an EXIT trap.)
    const command = `setsid sh -c 'echo $$ > ${pids}/$$.pid; exec sleep 20' & seq 1 5000`;
    const started = Date.now();
    try {
      const failures = await stress(10, () => foreground(command), expected);
      expect(failures, `${failures.length}/10 runs incomplete`).toEqual([]);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      for (const f of fs.readdirSync(pids)) {
        try {
          process.kill(Number.parseInt(f, 10), 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
  });

  it('keeps the whole output while the event loop is busy (a slow frame) and a child holds the terminal', { timeout: 60_000 }, async () => {
    // node-pty closes the terminal 200 ms after the shell exits when a child still holds it open; a loop that
    // reads a few KB per turn and blocks 150 ms between turns has not read everything by then.
    const expected = numbers(5_000);
    const pids = makeTempDir('tandem-drain-pids-');
    const command = `setsid sh -c 'echo $$ > ${pids}/$$.pid; exec sleep 20' & seq 1 5000`;
    try {
      for (let i = 0; i < 3; i++) {
        let busy = true;
        const block = () => {
          const until = Date.now() + 150;
          while (Date.now() < until);
          if (busy) setImmediate(block);
        };
        setImmediate(block);
        const { text } = await foreground(command).finally(() => (busy = false));
        expect(text.length, `run ${i}: ends ${JSON.stringify(text.slice(-24))}`).toBe(expected.length);
        expect(text).toBe(expected);
      }
    } finally {
      for (const f of fs.readdirSync(pids)) {
        try {
          process.kill(Number.parseInt(f, 10), 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
  });

  it('gives the model the last line of a long output (head and tail kept)', { timeout: 60_000 }, async () => {
    const ctx = ctxIn();
    const res = await bashTool.run(bashTool.inputSchema.parse({ command: 'seq 1 200000; exit 3' }), ctx);
    const forModel = await truncateForModel(res.forModel as string, { sessionDir: ctx.sessionDir, toolUseId: 'toolu_drain' });
    expect(forModel.startsWith('1\n2\n3\n')).toBe(true);
    expect(forModel.endsWith('199999\n200000\n(exit 3)')).toBe(true);
    expect(forModel).toMatch(/characters cut from the middle/);
  });
});
