// Issue #13, background path: a killed command keeps what it printed. KillShell says how much output the model has
// not read yet, and BashOutput after the kill returns all of it.
import { afterEach, expect, it } from 'vitest';
import { bashTool } from '../../../src/tools/bash';
import { bashOutputTool } from '../../../src/tools/bash-output';
import { killShellTool } from '../../../src/tools/kill-shell';
import { killAllShells } from '../../../src/tools/shell-session';
import { makeContext, makeTempDir, type TestContext } from './context';

let ctx: TestContext | undefined;
afterEach(async () => {
  if (ctx) await killAllShells(ctx.sessionStore);
  ctx = undefined;
});

it('KillShell of a command whose output was never read: the kill says so, BashOutput returns every line', { timeout: 30_000 }, async () => {
  ctx = makeContext(makeTempDir());
  await bashTool.run(bashTool.inputSchema.parse({ command: "printf 'K-%s\\n' 1 2 3; sleep 30", run_in_background: true }), ctx);
  await new Promise((r) => setTimeout(r, 1000));
  const kill = await killShellTool.run({ shell_id: 'bash_1' }, ctx);
  expect(kill.forModel).toMatch(/^Killed bash_1/);
  expect(kill.forModel).toMatch(/3 unread lines of output: read them with BashOutput/);
  const after = await bashOutputTool.run(bashOutputTool.inputSchema.parse({ bash_id: 'bash_1' }), ctx);
  expect(after.forModel).toBe('K-1\nK-2\nK-3\n(status: killed)');
});
