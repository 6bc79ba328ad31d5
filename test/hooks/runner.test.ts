// Hooks with real shell scripts in a temp dir.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HookRunner } from '../../src/hooks/runner';
import type { HooksConfig } from '../../src/hooks/types';
import { matcherMatches } from '../../src/hooks/matcher';
import { makeTestTempDir } from '../support/temp-dirs';

let dir = '';

beforeAll(() => {
  dir = makeTestTempDir('tandem-hooks-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

function runner(hooks: HooksConfig): HookRunner {
  return new HookRunner(hooks, { sessionId: 's1', transcriptPath: path.join(dir, 't.jsonl'), cwd: dir, projectRoot: dir });
}

/** Alive and not a zombie (a killed orphan may wait to be reaped by an init that never does). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

const pre = (command: string, matcher = 'Bash', timeout?: number): HooksConfig => ({
  PreToolUse: [{ matcher, hooks: [{ type: 'command', command, ...(timeout ? { timeout } : {}) }] }],
});

describe('HookRunner', () => {
  it('passes the event as JSON on stdin, runs in the project root with the project env', async () => {
    const out = path.join(dir, 'seen.json');
    const s = script('record.sh', `cat > "${out}"; echo "$PWD|$CLAUDE_PROJECT_DIR|$TANDEM_PROJECT_DIR" >> "${out}.env"`);
    const r = await runner(pre(s)).run('PreToolUse', { tool_name: 'Bash', tool_input: { command: 'ls' } });
    expect(r.blocked).toBe(false);
    expect(r.errors).toEqual([]);
    const seen = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(seen).toMatchObject({ session_id: 's1', hook_event_name: 'PreToolUse', cwd: dir, tool_name: 'Bash', tool_input: { command: 'ls' } });
    expect(fs.readFileSync(`${out}.env`, 'utf8').trim()).toBe(`${dir}|${dir}|${dir}`);
  });

  it('exit 0 stdout becomes context for UserPromptSubmit and SessionStart only', async () => {
    const s = script('ctx.sh', 'echo "branch: main"');
    const ups = await runner({ UserPromptSubmit: [{ hooks: [{ type: 'command', command: s }] }] }).run('UserPromptSubmit', { prompt: 'hi' });
    expect(ups.additionalContext).toEqual(['branch: main']);
    const post = await runner({ PostToolUse: [{ hooks: [{ type: 'command', command: s }] }] }).run('PostToolUse', { tool_name: 'Bash' });
    expect(post.additionalContext).toBeUndefined();
  });

  it('exit 2 blocks with stderr as the reason', async () => {
    const s = script('block.sh', 'echo "rm is not allowed here" >&2; exit 2');
    const r = await runner(pre(s)).run('PreToolUse', { tool_name: 'Bash', tool_input: { command: 'rm x' } });
    expect(r.blocked).toBe(true);
    expect(r.reason).toBe('rm is not allowed here');
    expect(r.permissionDecision).toBe('deny');
  });

  it('PreToolUse fails closed: another exit code blocks, with the failure as the reason, and is shown', async () => {
    const s = script('fail.sh', 'echo "oops" >&2; exit 1');
    const r = await runner(pre(s)).run('PreToolUse', { tool_name: 'Bash' });
    expect(r.blocked).toBe(true);
    expect(r.permissionDecision).toBe('deny');
    expect(r.reason).toMatch(/exit code 1: oops.*blocks the call/);
    expect(r.errors[0]).toMatch(/exit code 1: oops/);
  });

  it('other events fail open: the same failure is only an error', async () => {
    const s = script('fail2.sh', 'echo "oops" >&2; exit 1');
    for (const event of ['PostToolUse', 'UserPromptSubmit', 'SessionStart', 'Stop'] as const) {
      const r = await runner({ [event]: [{ hooks: [{ type: 'command', command: s }] }] }).run(event, { tool_name: 'Bash' });
      expect(r.blocked, event).toBe(false);
      expect(r.errors[0], event).toMatch(/exit code 1/);
    }
  });

  it('a crashing PreToolUse hook (missing program) blocks', async () => {
    const r = await runner(pre(path.join(dir, 'does-not-exist.sh'))).run('PreToolUse', { tool_name: 'Bash' });
    expect(r.blocked).toBe(true);
    expect(r.reason).toMatch(/exit code 127/);
  });

  it('a PreToolUse hook killed by a signal blocks', async () => {
    const s = script('selfkill.sh', 'kill -9 $$');
    const r = await runner(pre(s)).run('PreToolUse', { tool_name: 'Bash' });
    expect(r.blocked).toBe(true);
    expect(r.errors).toHaveLength(1);
  });

  it('PreToolUse stdout that starts with { but is not JSON blocks; a non-object JSON too', async () => {
    const bad = script('badjson.sh', `echo '{"hookSpecificOutput": {"permissionDecision": "allow"'`);
    const r = await runner(pre(bad)).run('PreToolUse', { tool_name: 'Bash' });
    expect(r).toMatchObject({ blocked: true, permissionDecision: 'deny' });
    expect(r.reason).toMatch(/invalid JSON/);
    const arr = script('arrjson.sh', `echo '{}' | sed 's/{}/{"a":1}x/'`);
    expect((await runner(pre(arr)).run('PreToolUse', { tool_name: 'Bash' })).blocked).toBe(true);
    // Plain text (not starting with {) from a PreToolUse hook is not an answer: it goes on.
    const text = script('text.sh', 'echo checked');
    expect((await runner(pre(text)).run('PreToolUse', { tool_name: 'Bash' })).blocked).toBe(false);
  });

  it('a PreToolUse decision tandem does not know blocks instead of being ignored', async () => {
    const typo = script('typo.sh', `echo '{"hookSpecificOutput":{"permissionDecision":"alow"}}'`);
    const r = await runner(pre(typo)).run('PreToolUse', { tool_name: 'Bash' });
    expect(r.blocked).toBe(true);
    expect(r.reason).toMatch(/unknown permissionDecision "alow"/);
    const old = script('typo2.sh', `echo '{"decision":"deny"}'`);
    expect((await runner(pre(old)).run('PreToolUse', { tool_name: 'Bash' })).blocked).toBe(true);
  });

  it('text a hook sends the model is cut at 10 KB with a note', async () => {
    const big = script('big.sh', `head -c 30000 /dev/zero | tr '\\0' 'x'`);
    const ss = await runner({ SessionStart: [{ hooks: [{ type: 'command', command: big }] }] }).run('SessionStart', { source: 'startup' });
    const ctx = ss.additionalContext![0]!;
    expect(ctx.length).toBeLessThan(10 * 1024 + 200);
    expect(ctx).toMatch(/hook output cut: 19760 of 30000 bytes left out/);
    const blocker = script('bigblock.sh', `head -c 30000 /dev/zero | tr '\\0' 'y' >&2; exit 2`);
    const r = await runner(pre(blocker)).run('PreToolUse', { tool_name: 'Bash' });
    expect(r.blocked).toBe(true);
    expect(r.reason!.length).toBeLessThan(10 * 1024 + 200);
    expect(r.reason).toMatch(/hook output cut/);
    const json = script('bigjson.sh', `printf '{"hookSpecificOutput":{"additionalContext":"%s"}}' "$(head -c 20000 /dev/zero | tr '\\0' 'z')"`);
    const ups = await runner({ UserPromptSubmit: [{ hooks: [{ type: 'command', command: json }] }] }).run('UserPromptSubmit', { prompt: 'x' });
    expect(ups.additionalContext![0]!).toMatch(/^z{10240}\n\[hook output cut/);
    // Multi-byte text is cut on a character boundary.
    const wide = script('wide.sh', `i=0; while [ $i -lt 4000 ]; do printf 'é'; i=$((i+1)); done`);
    const w = await runner({ SessionStart: [{ hooks: [{ type: 'command', command: wide }] }] }).run('SessionStart', { source: 'startup' });
    expect(w.additionalContext![0]!).not.toContain('\uFFFD');
  });

  it('the whole text of a cut hook output is kept in the session folder, and the note names the file', async () => {
    const outputDir = path.join(dir, 'session-folder');
    const big = script('big-saved.sh', `head -c 15000 /dev/zero | tr '\\0' 'x'; printf 'THE-END'`);
    const r = new HookRunner({ SessionStart: [{ hooks: [{ type: 'command', command: big }] }] }, { sessionId: 's1', transcriptPath: path.join(dir, 't.jsonl'), cwd: dir, projectRoot: dir, outputDir });
    const ctx = (await r.run('SessionStart', { source: 'startup' })).additionalContext![0]!;
    expect(ctx).not.toContain('THE-END');
    const saved = /the whole output is saved at (\S+): Read it/.exec(ctx)?.[1];
    expect(saved && path.dirname(saved)).toBe(path.join(outputDir, 'hook-output'));
    expect(fs.readFileSync(saved!, 'utf8')).toMatch(/x{15000}THE-END$/);
  });

  it('a timeout outside 1 s .. 10 min is clamped, with a warning', () => {
    const cfg = (timeout: number): HooksConfig => ({ PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'true', timeout }] }] });
    expect(runner(cfg(0.01)).warnings[0]).toMatch(/timeout 0.01 s is outside 1..600 s; using 1 s/);
    expect(runner(cfg(99999)).warnings[0]).toMatch(/using 600 s/);
    expect(runner(cfg(30)).warnings).toEqual([]);
  });

  it('JSON permissionDecision allow with updatedInput', async () => {
    const s = script('rewrite.sh', `cat >/dev/null; echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","permissionDecisionReason":"safe","updatedInput":{"command":"ls -la"}}}'`);
    const r = await runner(pre(s)).run('PreToolUse', { tool_name: 'Bash', tool_input: { command: 'ls' } });
    expect(r).toMatchObject({ blocked: false, permissionDecision: 'allow', reason: 'safe', updatedInput: { command: 'ls -la' } });
  });

  it('JSON decision block, systemMessage, continue false', async () => {
    const s = script('json-block.sh', `echo '{"decision":"block","reason":"not on main","systemMessage":"policy hook ran","continue":false,"stopReason":"stop now"}'`);
    const r = await runner(pre(s)).run('PreToolUse', { tool_name: 'Bash' });
    expect(r.blocked).toBe(true);
    expect(r.reason).toBe('not on main');
    expect(r.systemMessages).toEqual(['policy hook ran']);
    expect(r.stop).toEqual({ reason: 'stop now' });
  });

  it('combined: deny beats ask beats allow; hooks run in parallel', async () => {
    const allow = script('a.sh', `sleep 0.3; echo '{"hookSpecificOutput":{"permissionDecision":"allow"}}'`);
    const ask = script('b.sh', `sleep 0.3; echo '{"hookSpecificOutput":{"permissionDecision":"ask","permissionDecisionReason":"check it"}}'`);
    const deny = script('c.sh', `sleep 0.3; echo '{"hookSpecificOutput":{"permissionDecision":"deny","permissionDecisionReason":"no"}}'`);
    const cfg = (cmds: string[]): HooksConfig => ({ PreToolUse: [{ matcher: '*', hooks: cmds.map((command) => ({ type: 'command' as const, command })) }] });
    const t0 = Date.now();
    const all = await runner(cfg([allow, ask, deny])).run('PreToolUse', { tool_name: 'Edit' });
    expect(Date.now() - t0).toBeLessThan(800);
    expect(all).toMatchObject({ blocked: true, permissionDecision: 'deny', reason: 'no' });
    const two = await runner(cfg([allow, ask])).run('PreToolUse', { tool_name: 'Edit' });
    expect(two).toMatchObject({ blocked: false, permissionDecision: 'ask', reason: 'check it' });
  });

  it('additionalContext from JSON for SessionStart', async () => {
    const s = script('ss.sh', `echo '{"hookSpecificOutput":{"hookEventName":"SessionStart","additionalContext":"remember X"}}'`);
    const r = await runner({ SessionStart: [{ hooks: [{ type: 'command', command: s }] }] }).run('SessionStart', { source: 'startup' });
    expect(r.additionalContext).toEqual(['remember X']);
  });

  it('matcher forms: name, A|B, regex, * and empty', async () => {
    const s = script('mark.sh', 'exit 2');
    const blocks = async (matcher: string, tool: string): Promise<boolean> => (await runner(pre(s, matcher)).run('PreToolUse', { tool_name: tool })).blocked;
    expect(await blocks('Bash', 'Bash')).toBe(true);
    expect(await blocks('Bash', 'BashOutput')).toBe(false);
    expect(await blocks('Edit|Write', 'Write')).toBe(true);
    expect(await blocks('Edit|Write', 'Read')).toBe(false);
    expect(await blocks('mcp__github__.*', 'mcp__github__list')).toBe(true);
    expect(await blocks('*', 'Read')).toBe(true);
    expect(await blocks('', 'Read')).toBe(true);
    expect(matcherMatches('(', 'x').error).toMatch(/not a valid regular expression/);
  });

  it('timeout kills a hanging hook and its children quickly; a PreToolUse timeout blocks', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const s = script('hang.sh', `sleep 30 & echo $! > "${pidFile}"; sleep 30`);
    const cfg: HooksConfig = { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: s, timeout: 0.5 }] }] };
    const t0 = Date.now();
    const r = await runner(cfg).run('PreToolUse', { tool_name: 'Bash' });
    // 0.5 s is below the 1 s floor: clamped.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.blocked).toBe(true);
    expect(r.reason).toMatch(/longer than 1 s/);
    expect(r.errors[0]).toMatch(/longer than 1 s/);
    const childPid = Number(fs.readFileSync(pidFile, 'utf8'));
    await new Promise((res) => setTimeout(res, 100));
    expect(isRunning(childPid)).toBe(false);
  });

  it('a hook that leaves a background child holding stdout does not hang the caller', async () => {
    const s = script('bg.sh', 'sleep 20 & exit 0');
    const t0 = Date.now();
    const r = await runner(pre(s)).run('PreToolUse', { tool_name: 'Bash' });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.errors).toEqual([]);
  });

  it('abort signal stops the hooks', async () => {
    const s = script('slow.sh', 'sleep 30');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const t0 = Date.now();
    const r = await runner(pre(s)).run('PreToolUse', { tool_name: 'Bash' }, { signal: ac.signal });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.errors[0]).toMatch(/cancelled/);
    expect(r.blocked).toBe(true); // a cancelled guard never lets the call through
  });
});
