// Settings end to end, headless: a deny rule that cannot be read stops `tandem -p` before anything runs (no
// request reaches the model); a Claude Code mode in a settings file no longer costs the file's deny rules.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer, ScriptedTurn } from '../../src/fake-server/types';
import { runTandem, tempHome, testEnv, type TempHome } from './harness';

let t: TempHome;
let server: FakeServer | undefined;

beforeEach(() => {
  t = tempHome('tandem-e2e-settings-');
  mkdirSync(join(t.project, '.git'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.cleanup();
});

async function serve(turns: ScriptedTurn[]): Promise<FakeServer> {
  server = await startFakeServer({ turns });
  return server;
}

function settings(rel: string, value: unknown): string {
  const file = join(t.project, rel);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

const modelRequests = (s: FakeServer) => s.requests.filter((r) => r.path.startsWith('/v1/messages'));

describe('tandem -p and settings', () => {
  it('a deny rule that cannot be parsed: exits non-zero with file:line, and never calls the model', async () => {
    const file = settings('.claude/settings.json', { permissions: { deny: ['Read(.env)', 'Bash(rm:*'] } });
    const s = await serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'rm -rf src' } }] }, { text: 'done' }]);
    const run = await runTandem(['-p', 'clean up', '--allowedTools', 'Bash'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`${file}:5: deny rule "Bash(rm:*" is missing its closing parenthesis`);
    expect(run.stderr).toMatch(/fix it and run again/);
    expect(modelRequests(s)).toHaveLength(0);
  });

  it('the same for --disallowedTools', async () => {
    const s = await serve([{ text: 'hi' }]);
    const run = await runTandem(['-p', 'hi', '--disallowedTools', 'Bash(rm:*'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--disallowedTools: deny rule "Bash(rm:*" is missing its closing parenthesis');
    expect(modelRequests(s)).toHaveLength(0);
  });

  it('"defaultMode": "dontAsk" with a Read(.env) deny: the run starts in dontAsk, .env is not read, what would ask is denied', async () => {
    writeFileSync(join(t.project, '.env'), 'SECRET=hunter2\n');
    settings('.claude/settings.json', { permissions: { defaultMode: 'dontAsk', deny: ['Read(.env)'] } });
    const s = await serve([
      { content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(t.project, '.env') } }] },
      // Not on the read-only list (echo would run unasked in every mode): dontAsk must deny it.
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch made-by-bash' } }] },
      { text: 'could not' },
    ]);
    const run = await runTandem(['-p', 'show me the secret', '--output-format', 'json'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { permission_denials: Array<{ tool_name: string }> };
    expect(result.permission_denials.map((d) => d.tool_name)).toEqual(['Read', 'Bash']);
    expect(existsSync(join(t.project, 'made-by-bash'))).toBe(false);
    const sent = JSON.stringify(modelRequests(s).map((r) => r.body));
    expect(sent).not.toContain('hunter2');
    expect(sent).toContain('denied by rule Read(.env)');
    expect(sent).toContain('dontAsk mode denies what would ask');
  });

  it('"auto" in a settings file runs as default and says so on stderr, naming file, line and key', async () => {
    const file = settings('.tandem/settings.json', { permissions: { defaultMode: 'auto' } });
    const s = await serve([{ text: 'hello' }]);
    const run = await runTandem(['-p', 'hi'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${file}:3: "permissions.defaultMode" is "auto"`);
    expect(run.stdout).toContain('hello');
  });

  it('managed "disableBypassPermissionsMode" refuses --dangerously-skip-permissions before anything runs', async () => {
    const managed = join(t.home, 'managed-settings.json');
    writeFileSync(managed, JSON.stringify({ permissions: { disableBypassPermissionsMode: 'disable' } }));
    const s = await serve([{ text: 'hi' }]);
    const run = await runTandem(['-p', 'hi', '--dangerously-skip-permissions'], { cwd: t.project, env: testEnv(s.url, t, { TANDEM_MANAGED_SETTINGS: managed }) });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`bypassPermissions mode is disabled by ${managed}`);
    expect(modelRequests(s)).toHaveLength(0);
  });

  it('tandem doctor runs from the binary and is in --help', async () => {
    const file = settings('.tandem/settings.json', { permissions: { deny: ['Bash(rm:*'] } });
    const doctor = await runTandem(['doctor'], { cwd: t.project, env: testEnv('http://127.0.0.1:9', t) });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(`deny  Bash(rm:*  (${file}:4; cannot be read, so every call of its tool asks)`);
    const help = await runTandem(['--help'], { cwd: t.project, env: testEnv('http://127.0.0.1:9', t) });
    expect(help.stdout).toContain('tandem doctor [--json]');
    expect(help.stdout).toContain('dontAsk');
  });
});
