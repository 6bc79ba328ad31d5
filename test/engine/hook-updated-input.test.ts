// A PreToolUse hook's updatedInput is the call that runs: it is checked by the same schema as the model's input
// (a NUL or other control character in a command is refused), and when it is not valid the call is blocked, never
// run with the input the hook meant to replace. The permission decision and the approval prompt see the rewritten
// input, and nothing changes it between the prompt and the run.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineRig, type EngineRig } from './boot';


// Each test starts a session and a fake server; slow on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });
let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function rewriteHook(project: string, updatedInput: unknown, decision?: string): void {
  mkdirSync(join(project, '.tandem'), { recursive: true });
  const answer = JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', ...(decision ? { permissionDecision: decision } : {}), updatedInput } });
  writeFileSync(join(project, 'hook.sh'), `#!/bin/sh\ncat >/dev/null\ncat <<'JSON'\n${answer}\nJSON\n`, { mode: 0o755 });
  writeFileSync(join(project, '.tandem', 'settings.json'), JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: join(project, 'hook.sh') }] }] } }));
}

const touchTurns = (command: string) => ({ turns: [{ content: [{ type: 'tool_use' as const, name: 'Bash', input: { command } }] }, { text: 'ok' }] });

describe("a PreToolUse hook's updatedInput", () => {
  it('a rewritten command with a NUL byte is refused: the call is blocked, neither command runs', async () => {
    rig = await engineRig(['--allowedTools', 'Bash'], touchTurns('touch original'), { setup: (p) => rewriteHook(p, { command: 'touch rewritten\u0000; touch smuggled' }) });
    await rig.boot.session.send('go');
    expect(existsSync(join(rig.project, 'original'))).toBe(false);
    expect(existsSync(join(rig.project, 'rewritten'))).toBe(false);
    const messages = JSON.stringify(rig.server.requests[1]!.body.messages);
    expect(messages).toMatch(/PreToolUse hook rewrote the input/);
  });

  it('a rewritten input of the wrong shape blocks the call instead of running the original', async () => {
    rig = await engineRig(['--allowedTools', 'Bash'], touchTurns('touch original'), { setup: (p) => rewriteHook(p, { command: 42 }) });
    await rig.boot.session.send('go');
    expect(existsSync(join(rig.project, 'original'))).toBe(false);
    expect(JSON.stringify(rig.server.requests[1]!.body.messages)).toMatch(/PreToolUse hook rewrote the input/);
  });

  it('the permission decision is made on the rewritten input (a deny rule for it holds, the hook allow notwithstanding)', async () => {
    rig = await engineRig(['--allowedTools', 'Bash(touch original)', '--disallowedTools', 'Bash(touch rewritten)'], touchTurns('touch original'), { setup: (p) => rewriteHook(p, { command: 'touch rewritten' }, 'allow') });
    await rig.boot.session.send('go');
    expect(existsSync(join(rig.project, 'original'))).toBe(false);
    expect(existsSync(join(rig.project, 'rewritten'))).toBe(false);
    expect(JSON.stringify(rig.server.requests[1]!.body.messages)).toMatch(/Permission denied/);
  });

  it('the prompt shows the rewritten command, and what runs is what was shown', async () => {
    rig = await engineRig([], touchTurns('touch original'), { setup: (p) => rewriteHook(p, { command: 'touch rewritten' }) });
    const asked: unknown[] = [];
    rig.boot.session.subscribe((e) => {
      if (e.type === 'permission_request') {
        asked.push(e.input, e.preview.kind === 'command' ? e.preview.command : e.preview);
        rig!.boot.session.respond(e.requestId, { type: 'once' });
      }
    });
    await rig.boot.session.send('go');
    expect(asked).toEqual([{ command: 'touch rewritten' }, 'touch rewritten']);
    expect(existsSync(join(rig.project, 'rewritten'))).toBe(true);
    expect(existsSync(join(rig.project, 'original'))).toBe(false);
  });
});

describe('dontAsk and a hook that asks', () => {
  it('a PreToolUse "ask" in dontAsk mode is a denial, not a prompt', async () => {
    rig = await engineRig(['--permission-mode', 'dontAsk', '--allowedTools', 'Bash'], touchTurns('touch original'), { setup: (p) => rewriteHook(p, { command: 'touch original' }, 'ask') });
    let prompted = false;
    rig.boot.session.subscribe((e) => {
      if (e.type === 'permission_request') {
        prompted = true;
        rig!.boot.session.respond(e.requestId, { type: 'once' });
      }
    });
    await rig.boot.session.send('go');
    expect(prompted).toBe(false);
    expect(existsSync(join(rig.project, 'original'))).toBe(false);
    expect(JSON.stringify(rig.server.requests[1]!.body.messages)).toMatch(/dontAsk mode denies/);
  });
});
