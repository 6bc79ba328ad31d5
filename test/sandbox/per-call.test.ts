// What each sandboxed call gets fresh, and what one call cannot hand to the next. These hold because every call is
// wrapped and started anew (see the README on why tandem keeps no long-lived sandboxed shell): they are the checks a
// faster design (a shell kept between calls, a cached wrap) would have to pass.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashTool } from '../../src/tools/bash';
import { killAllShells } from '../../src/tools/shell-session';
import type { TestContext } from '../tools/other/context';
import { makeSandboxWorld, sandboxSkipReason, type SandboxWorld } from './support';

const skip = sandboxSkipReason();
if (skip) console.warn(`sandbox per-call tests skipped: ${skip}`);

const run = (ctx: TestContext, command: string) => bashTool.run(bashTool.inputSchema.parse({ command }), ctx);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Host pids of processes whose command line holds `marker` and whose program is `comm`. */
function pidsOf(comm: string, marker: string): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== comm) continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) out.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

describe.skipIf(skip !== undefined)('sandboxed Bash: each call on its own', () => {
  let w: SandboxWorld;
  const contexts: TestContext[] = [];
  const ctx = () => {
    const c = w.ctx();
    contexts.push(c);
    return c;
  };

  beforeAll(async () => {
    w = await makeSandboxWorld({ enabled: true }, ['./**/.env']);
  });
  afterAll(async () => {
    for (const c of contexts) await killAllShells(c.sessionStore);
    await w?.controller.close();
  });

  it("denies a file that matches a deny-read glob and appeared after the previous call", async () => {
    const c = ctx();
    await run(c, 'true');
    fs.mkdirSync(path.join(w.project, 'later'), { recursive: true });
    fs.writeFileSync(path.join(w.project, 'later', '.env'), 'LATE-SECRET\n');
    const r = await run(c, 'cat later/.env; ls later');
    expect(String(r.forModel)).not.toContain('LATE-SECRET');
  });

  it("does not show a call's leftover process to the next call, nor let it write afterwards", async () => {
    const c = ctx();
    await run(c, `(exec -a LEFTOVER-MARKER-7 sleep 2; touch ${w.project}/left-inside ${w.outside}/left-outside) & disown; echo started`);
    const r = await run(c, 'ps -eo args');
    expect(String(r.forModel)).not.toContain('LEFTOVER-MARKER-7');
    expect(pidsOf('sleep', 'LEFTOVER-MARKER-7')).toEqual([]);
    await sleep(2500);
    expect(fs.existsSync(path.join(w.project, 'left-inside'))).toBe(false);
    expect(fs.existsSync(path.join(w.outside, 'left-outside'))).toBe(false);
  });

  it('returns a result (no hang) when the sandbox is killed mid-call, and the next call runs', async () => {
    const c = ctx();
    const call = run(c, 'echo KILL-MARKER-3 started; sleep 30; echo never');
    let bwrap: number[] = [];
    for (let i = 0; i < 100 && bwrap.length === 0; i++) {
      await sleep(100);
      bwrap = pidsOf('bwrap', 'KILL-MARKER-3');
    }
    expect(bwrap.length).toBeGreaterThan(0);
    for (const pid of bwrap) process.kill(pid, 'SIGKILL');
    const started = Date.now();
    const r = await call;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(String(r.forModel)).not.toContain('never');
    expect(r.summary).not.toMatch(/^exit 0/);
    const next = await run(c, 'echo again-fine');
    expect(String(next.forModel)).toContain('again-fine');
    expect(next.summary).toMatch(/^exit 0.*\(sandboxed\)$/);
  });
});
