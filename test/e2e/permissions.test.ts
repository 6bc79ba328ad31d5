// Permissions end to end through `tandem -p`: settings rules, hooks and broken settings files.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeServer, ScriptedTurn } from '../../src/fake-server/types';
import { runTandem, testEnv, useWorkspace } from './harness';

const ws = useWorkspace();
const serve = (turns: ScriptedTurn[]) => ws.serve(turns);

function lastToolResult(s: FakeServer): { content: string; is_error?: boolean } {
  const messages = s.requests[s.requests.length - 1]!.body.messages as Array<{ content: any }>;
  const blocks = messages[messages.length - 1]!.content as Array<{ type: string; content: string; is_error?: boolean }>;
  return blocks.find((b) => b.type === 'tool_result')!;
}

const writeSettings = (dir: string, value: unknown) => {
  mkdirSync(join(dir, '.tandem'), { recursive: true });
  writeFileSync(join(dir, '.tandem', 'settings.json'), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
};

describe('permissions through tandem -p', () => {
  it('a deny rule stops the call and the model is told, even with --allowedTools', async () => {
    writeFileSync(join(ws.t.project, '.env'), 'SECRET=1\n');
    writeSettings(ws.t.project, { permissions: { deny: ['Read(.env)'] } });
    const s = await serve([{ content: [{ type: 'tool_use', name: 'Read', input: { file_path: '.env' } }] }, { text: 'I cannot read it.' }]);
    const run = await runTandem(['-p', 'read .env', '--allowedTools', 'Read', '--output-format', 'json'], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    const result = JSON.parse(run.stdout);
    expect(result.permission_denials).toHaveLength(1);
    const denial = lastToolResult(s);
    expect(denial.is_error).toBe(true);
    expect(denial.content).toMatch(/denied/i);
    expect(denial.content).not.toContain('SECRET');
  });

  it('a PreToolUse hook that exits 2 blocks the call and its stderr reaches the model', async () => {
    const hook = join(ws.t.project, 'guard.sh');
    writeFileSync(hook, '#!/bin/sh\necho "no edits to notes today" >&2\nexit 2\n');
    chmodSync(hook, 0o755);
    writeSettings(ws.t.project, { hooks: { PreToolUse: [{ matcher: 'Write|Edit', hooks: [{ type: 'command', command: hook }] }] } });
    const s = await serve([{ content: [{ type: 'tool_use', name: 'Write', input: { file_path: 'notes.txt', content: 'x' } }] }, { text: 'blocked' }]);
    await runTandem(['-p', 'write notes', '--allowedTools', 'Write'], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    const blocked = lastToolResult(s);
    expect(blocked.is_error).toBe(true);
    expect(blocked.content).toContain('no edits to notes today');
    expect(() => readFileSync(join(ws.t.project, 'notes.txt'))).toThrow();
  });

  it('a broken settings file stops headless mode with its path, line and column', async () => {
    writeSettings(ws.t.project, '{\n  "permissions": {\n    "deny": ["Bash"],\n  }\n}\n');
    const run = await runTandem(['-p', 'hi'], { cwd: ws.t.project, env: testEnv('http://127.0.0.1:9', ws.t) });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(join('.tandem', 'settings.json'));
    expect(run.stderr).toMatch(/:4:\d+|line 4/);
  });

  it('a compound command does not ride on an allowed prefix', async () => {
    const s = await serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo ok && touch pwned' } }] }, { text: 'done' }]);
    await runTandem(['-p', 'run it', '--allowedTools', 'Bash(echo:*)'], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    expect(lastToolResult(s).is_error).toBe(true);
    expect(() => readFileSync(join(ws.t.project, 'pwned'))).toThrow();
  });
});
