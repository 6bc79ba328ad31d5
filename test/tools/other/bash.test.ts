import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bashTool } from '../../../src/tools/bash';
import { bashOutputTool } from '../../../src/tools/bash-output';
import { killShellTool } from '../../../src/tools/kill-shell';
import { getBackgroundShell, killAllShells, MAX_INLINE_SCRIPT_BYTES, startShell } from '../../../src/tools/shell-session';
import { ToolError } from '../../../src/tools/types';
import { makeContext, makeTempDir, type TestContext } from './context';

const contexts: TestContext[] = [];
function ctxIn(dir = makeTempDir()): TestContext {
  const ctx = makeContext(dir);
  contexts.push(ctx);
  return ctx;
}
afterEach(async () => {
  for (const c of contexts.splice(0)) await killAllShells(c.sessionStore);
});

const run = (ctx: TestContext, input: Parameters<typeof bashTool.run>[0]) => bashTool.run(bashTool.inputSchema.parse(input), ctx);

/** True while the process exists and is not a zombie (a killed child waits for a busy reaper to collect it). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Bash', () => {
  it('returns output and reports a non-zero exit code', async () => {
    const ctx = ctxIn();
    const ok = await run(ctx, { command: 'echo hello' });
    expect(ok.forModel).toBe('hello');
    expect(ok.summary).toMatch(/^exit 0 in /);
    const bad = await run(ctx, { command: 'echo oops >&2; exit 3' });
    expect(bad.forModel).toBe('oops\n(exit 3)');
    expect(bad.summary).toMatch(/^exit 3/);
  });

  it('runs in a terminal', async () => {
    const ctx = ctxIn();
    const res = await run(ctx, { command: '[ -t 1 ] && echo tty; echo $TERM; tput cols' });
    expect(res.forModel).toBe('tty\nxterm-256color\n120');
  });

  it('keeps a cd for the next call but not an exported variable', async () => {
    const dir = makeTempDir();
    fs.mkdirSync(path.join(dir, 'sub dir'));
    const ctx = ctxIn(dir);
    await run(ctx, { command: 'cd "sub dir" && export TANDEM_TEST_VAR=set' });
    expect(ctx.cwd).toBe(path.join(dir, 'sub dir'));
    const res = await run(ctx, { command: 'pwd; echo "var=[$TANDEM_TEST_VAR]"' });
    expect(res.forModel).toBe(`${path.join(dir, 'sub dir')}\nvar=[]`);
  });

  it('keeps a cd even when the command exits early, and keeps the marker out of the output', async () => {
    const dir = makeTempDir();
    const ctx = ctxIn(dir);
    const res = await run(ctx, { command: 'cd /tmp; exit 4' });
    expect(ctx.cwd).toBe('/tmp');
    expect(res.forModel).toBe('(no output)\n(exit 4)');
  });

  it('gives commands an empty stdin so a prompt does not hang', async () => {
    const ctx = ctxIn();
    const res = await run(ctx, { command: 'read -r answer; echo "got [$answer] $?"', timeout: 5000 });
    expect(res.forModel).toBe('got [] 1');
  });

  it('kills the whole process group on timeout', async () => {
    const dir = makeTempDir();
    const ctx = ctxIn(dir);
    const started = Date.now();
    const res = await run(ctx, { command: `sleep 30 & echo $! > ${dir}/child.pid; wait`, timeout: 1500 });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(res.isError).toBe(true);
    expect(res.summary).toBe('killed after 1.5 s timeout');
    expect(res.forModel).toContain('(killed after 1.5 s timeout)');
    const childPid = Number(fs.readFileSync(path.join(dir, 'child.pid'), 'utf8'));
    expect(childPid).toBeGreaterThan(0);
    expect(alive(childPid)).toBe(false);
  });

  it('escalates to SIGKILL when the group ignores SIGTERM', async () => {
    const dir = makeTempDir();
    const ctx = ctxIn(dir);
    const res = await run(ctx, { command: `trap '' TERM; sh -c 'trap "" TERM; echo $$ > ${dir}/c.pid; sleep 30'`, timeout: 1500 });
    expect(res.summary).toContain('timeout');
    const pid = Number(fs.readFileSync(path.join(dir, 'c.pid'), 'utf8'));
    expect(pid).toBeGreaterThan(0);
    // SIGKILL is delivered at once but the kernel may finish the process a moment later on a loaded machine.
    for (let waited = 0; alive(pid) && waited < 2000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  });

  it('stops when the signal aborts and says the user interrupted', async () => {
    const ctx = ctxIn();
    setTimeout(() => ctx.abort.abort(), 300);
    const started = Date.now();
    const res = await run(ctx, { command: 'echo started; sleep 20' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.forModel).toBe('started\n(interrupted by the user)');
    expect(res.summary).toBe('interrupted by the user');
  });

  it('cleans colours and progress redraws from the output', async () => {
    const ctx = ctxIn();
    const res = await run(ctx, {
      command: String.raw`printf '\033[32mgreen\033[0m\n'; for p in 10 50 100; do printf '\rprogress %s%%' $p; done; printf '\n\033[1mbold\033[0m\n'`,
    });
    expect(res.forModel).toBe('green\nprogress 100%\nbold');
  });

  it('streams live output while the command runs', async () => {
    const ctx = ctxIn();
    const res = await run(ctx, { command: 'echo one; sleep 0.3; echo two' });
    const chunks = ctx.events.filter((e) => e.type === 'output').map((e) => (e as { chunk: string }).chunk);
    expect(chunks.length).toBeGreaterThanOrEqual(2); // "one" arrived before "two" was printed
    expect(chunks.join('')).toBe('one\ntwo\n');
    expect(res.forModel).toBe('one\ntwo');
  });

  it('never cuts an escape sequence or a \\r\\n between two live chunks', async () => {
    const ctx = ctxIn();
    const res = await run(ctx, {
      command: String.raw`printf 'one\r'; sleep 0.3; printf '\ntwo \033[3'; sleep 0.3; printf '1mred\033[0m\n\033]0;ti'; sleep 0.3; printf 'tle\007three\n'`,
    });
    const chunks = ctx.events.filter((e) => e.type === 'output').map((e) => (e as { chunk: string }).chunk);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.join('')).toBe('one\ntwo red\nthree\n');
    expect(res.forModel).toBe('one\ntwo red\nthree');
  });

  it('previews the command with the working directory', async () => {
    const ctx = ctxIn();
    expect(await bashTool.preview({ command: 'ls', description: 'List' }, ctx)).toEqual({
      kind: 'command',
      command: 'ls',
      cwd: ctx.cwd,
      description: 'List',
    });
  });

  it('stops a never-ending fast writer at its timeout, keeping what it wrote', async () => {
    const ctx = ctxIn();
    const started = Date.now();
    const res = await run(ctx, { command: 'echo first; yes', timeout: 1500 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.summary).toBe('killed after 1.5 s timeout');
    const text = res.forModel as string;
    // The start, unless yes outran the 5 MB kept in memory ("(N earlier lines dropped)").
    expect(text).toMatch(/^(first\n|\([\d,]+ earlier lines dropped\)\n)y\n/);
    expect(text).toMatch(/\ny\ny\n/);
    expect(text.endsWith('(killed after 1.5 s timeout)')).toBe(true);
  });

  it('stops a never-ending fast writer when the user presses Esc', async () => {
    const ctx = ctxIn();
    setTimeout(() => ctx.abort.abort(), 400);
    const started = Date.now();
    const res = await run(ctx, { command: 'yes' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.summary).toBe('interrupted by the user');
  });

  it('returns when the shell exits although a child in another session keeps writing into the terminal', async () => {
    const dir = makeTempDir();
    const ctx = ctxIn(dir);
    const started = Date.now();
    // The child outlives the shell, escapes its process group (no kill reaches it) and floods the terminal.
    const res = await run(ctx, { command: `setsid sh -c 'echo $$ > ${dir}/yes.pid; sleep 0.2; exec yes' & echo started; sleep 0.5`, timeout: 20_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((res.forModel as string).split('\n')[0]).toMatch(/started|earlier lines dropped/);
    expect(res.summary).toMatch(/^exit 0 in /);
    // With the terminal closed the child's next write fails and it ends.
    const pid = Number(fs.readFileSync(path.join(dir, 'yes.pid'), 'utf8'));
    await waitFor(() => !alive(pid), 10_000);
  });

  it('rejects a timeout above ten minutes', () => {
    expect(bashTool.inputSchema.safeParse({ command: 'true', timeout: 600_001 }).success).toBe(false);
  });
});

describe('long commands', () => {
  // $0, $#, the environment, an exported variable, a cd and the exit code, as a short command sees them.
  const body = (dir: string) =>
    [`echo "zero=$0 args=$# pager=$PAGER"`, '[ -t 1 ] && echo "in a terminal"', 'export TANDEM_LONG=set', 'cd sub', `echo "now in $(pwd) (${dir})"`, 'exit 7'].join('\n');

  for (const [label, filler] of [
    ['300 KB', 'x'.repeat(300_000)],
    ['3 MB', 'y'.repeat(3_000_000)],
    ['140 KB of two-byte characters (70,000 of them)', 'é'.repeat(70_000)],
  ] as const) {
    it(`runs a ${label} command exactly like a short one`, { timeout: 30_000 }, async () => {
      expect(Buffer.byteLength(filler)).toBeGreaterThan(MAX_INLINE_SCRIPT_BYTES);
      const dir = makeTempDir();
      fs.mkdirSync(path.join(dir, 'sub'));
      const short = await run(ctxIn(dir), { command: body(dir) });
      const ctx = ctxIn(dir);
      const long = await run(ctx, { command: `filler='${filler}'\necho "filler ${'$'}{#filler}"\n${body(dir)}` });
      expect(long.forModel).toBe(`filler ${filler.length}\n${short.forModel as string}`);
      expect(short.forModel).toBe(`zero=/bin/bash args=0 pager=cat\nin a terminal\nnow in ${dir}/sub (${dir})\n(exit 7)`);
      expect(long.summary).toMatch(/^exit 7 in /);
      expect(ctx.cwd).toBe(path.join(dir, 'sub')); // the cd carries over to the next call
      const next = await run(ctx, { command: 'pwd; echo "[$TANDEM_LONG]"' });
      expect(next.forModel).toBe(`${dir}/sub\n[]`); // the export does not
    });
  }

  it('keeps the marker file and the script in a folder only the user can enter, removed at the end', async () => {
    const proc = await startShell({ command: `x='${'w'.repeat(200_000)}'; sleep 0.5`, cwd: makeTempDir() });
    try {
      expect(path.dirname(proc.workDir)).toBe(os.tmpdir());
      expect(fs.statSync(proc.workDir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(proc.workDir, 'command.sh')).mode & 0o777).toBe(0o600);
      await proc.done;
      expect(proc.exitCode).toBe(0);
      await waitFor(() => !fs.existsSync(proc.workDir));
    } finally {
      await proc.kill('killed');
    }
  });

  it('says what to do when no private folder can be made', async () => {
    const ctx = ctxIn();
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = path.join(makeTempDir(), 'missing');
    try {
      await expect(run(ctx, { command: 'true' })).rejects.toThrow(/Set TMPDIR to a writable folder/);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('runs a long command in the background', { timeout: 30_000 }, async () => {
    const ctx = ctxIn();
    await run(ctx, { command: `x='${'z'.repeat(500_000)}'; echo "length ${'$'}{#x}"; exit 3`, run_in_background: true });
    await getBackgroundShell(ctx.sessionStore, 'bash_1')!.proc.done;
    const res = await bashOutputTool.run({ bash_id: 'bash_1' }, ctx);
    expect(res.forModel).toBe('length 500000\n(status: exit 3)');
  });
});

describe('background shells', () => {
  it('runs in the background; BashOutput returns new lines once, with a filter; KillShell stops it', async () => {
    const ctx = ctxIn();
    const started = await run(ctx, {
      command: 'for i in 1 2 3; do echo "line $i"; done; echo ready; sleep 30',
      run_in_background: true,
    });
    expect(started.forModel).toMatch(/bash_1/);
    const read = (input: object) => bashOutputTool.run(bashOutputTool.inputSchema.parse(input), ctx);

    let first = '';
    const end = Date.now() + 5000;
    while (!first.includes('ready') && Date.now() < end) {
      first += (await read({ bash_id: 'bash_1' })).forModel;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(first).toContain('line 1\nline 2\nline 3\nready');
    expect(first).toContain('(status: running)');
    const again = await read({ bash_id: 'bash_1' });
    expect(again.forModel).toBe('(no new output)\n(status: running)');

    const kill = await killShellTool.run({ shell_id: 'bash_1' }, ctx);
    expect(kill.forModel).toMatch(/^Killed bash_1/);
    const after = await read({ bash_id: 'bash_1' });
    expect(after.forModel).toContain('(status: killed)');
  });

  it('filters new lines with a regex and reports the exit code when done', async () => {
    const ctx = ctxIn();
    await run(ctx, { command: 'echo apple; echo banana; echo apricot; exit 2', run_in_background: true });
    const shell = (ctx.sessionStore.get('shells') as { shells: Map<string, { proc: { done: Promise<void> } }> }).shells.get('bash_1');
    await shell!.proc.done;
    const res = await bashOutputTool.run({ bash_id: 'bash_1', filter: '^ap' }, ctx);
    expect(res.forModel).toBe('apple\napricot\n(status: exit 2)');
  });

  it('says which ids exist when asked for an unknown one', async () => {
    const ctx = ctxIn();
    await expect(bashOutputTool.run({ bash_id: 'bash_9' }, ctx)).rejects.toThrow(ToolError);
    await expect(killShellTool.run({ shell_id: 'bash_9' }, ctx)).rejects.toThrow(/None has been started/);
  });

  it('killAllShells ends every background process group', async () => {
    const dir = makeTempDir();
    const ctx = ctxIn(dir);
    await run(ctx, { command: `sleep 30 & echo $! > ${dir}/a.pid; wait`, run_in_background: true });
    await run(ctx, { command: 'sleep 30', run_in_background: true });
    await waitFor(() => fs.existsSync(path.join(dir, 'a.pid')) && fs.readFileSync(path.join(dir, 'a.pid'), 'utf8').trim() !== '');
    const child = Number(fs.readFileSync(path.join(dir, 'a.pid'), 'utf8'));
    expect(alive(child)).toBe(true);
    await killAllShells(ctx.sessionStore);
    expect(alive(child)).toBe(false);
  });
});
