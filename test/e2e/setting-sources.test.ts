// --setting-sources: only the named settings files are read. Managed files and --settings are read whatever it
// says, so leaving sources out never drops an administrator's deny rule.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer, ScriptedTurn } from '../../src/fake-server/types';
import { jsonLines, runTandem, tempHome, testEnv, type TempHome } from './harness';

let t: TempHome;
let server: FakeServer | undefined;

beforeEach(() => {
  t = tempHome('tandem-e2e-sources-');
  mkdirSync(join(t.project, '.git'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.cleanup();
});

function writeJson(file: string, value: unknown): string {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

/** The model runs `touch sources-ok` once (not read-only: it needs a rule), then ends; returns the tool_result the run sent back. */
async function runEcho(args: string[], extraEnv: Record<string, string> = {}) {
  const turns: ScriptedTurn[] = [{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch sources-ok' } }] }, { text: 'done' }];
  server = await startFakeServer({ turns });
  const run = await runTandem(['-p', 'go', '--output-format', 'stream-json', '--verbose', ...args], { cwd: t.project, env: testEnv(server.url, t, extraEnv) });
  const results = jsonLines(run.stdout).filter((l) => l.type === 'user').map((l) => (l.message as { content: Array<Record<string, unknown>> }).content[0]!);
  return { run, result: results[0] };
}

const ranEcho = (result: Record<string, unknown> | undefined) => {
  const made = existsSync(join(t.project, 'sources-ok'));
  rmSync(join(t.project, 'sources-ok'), { force: true });
  return result?.is_error === false && made;
};

describe('--setting-sources', () => {
  it('a project file that allows the command is used with all sources, and not read when project is left out', async () => {
    writeJson(join(t.project, '.claude/settings.json'), { permissions: { allow: ['Bash(touch sources-ok)'] } });
    const all = await runEcho([]);
    expect(ranEcho(all.result)).toBe(true);
    await server?.close();

    const userOnly = await runEcho(['--setting-sources', 'user,local']);
    expect(ranEcho(userOnly.result)).toBe(false);
    expect(userOnly.result?.is_error).toBe(true);
    expect(userOnly.run.stderr).not.toMatch(/setting-sources is accepted for compatibility/);
  });

  it('a project file that denies the command: in force with project, not read without it', async () => {
    writeJson(join(t.project, '.tandem/settings.json'), { permissions: { deny: ['Bash(touch:*)'] } });
    const withProject = await runEcho(['--setting-sources', 'project', '--allowedTools', 'Bash']);
    expect(ranEcho(withProject.result)).toBe(false);
    await server?.close();

    const withoutProject = await runEcho(['--setting-sources=user', '--allowedTools', 'Bash']);
    expect(ranEcho(withoutProject.result)).toBe(true);
  });

  it('the user file is left out like the others', async () => {
    writeJson(join(t.home, '.tandem/settings.json'), { permissions: { deny: ['Bash(touch:*)'] } });
    const withUser = await runEcho(['--setting-sources', 'user', '--allowedTools', 'Bash']);
    expect(ranEcho(withUser.result)).toBe(false);
    await server?.close();
    const without = await runEcho(['--setting-sources', 'project,local', '--allowedTools', 'Bash']);
    expect(ranEcho(without.result)).toBe(true);
  });

  it('an empty list reads no file settings, but managed settings and --settings still apply', async () => {
    writeJson(join(t.project, '.claude/settings.local.json'), { permissions: { allow: ['Bash(touch sources-ok)'] } });
    const managed = writeJson(join(t.home, 'managed/managed-settings.json'), { permissions: { deny: ['Bash(touch:*)'] } });
    const denied = await runEcho(['--setting-sources', '', '--allowedTools', 'Bash'], { TANDEM_MANAGED_SETTINGS: managed });
    expect(ranEcho(denied.result)).toBe(false);
    expect(String(denied.result?.content)).toMatch(/deny|denied/i);
    await server?.close();

    // Without the managed file, an empty list drops the local allow: the call is not allowed...
    const none = await runEcho(['--setting-sources=']);
    expect(ranEcho(none.result)).toBe(false);
    await server?.close();
    // ...and --settings, named on the command line, is read all the same.
    const flag = await runEcho(['--setting-sources=', '--settings', JSON.stringify({ permissions: { allow: ['Bash(touch sources-ok)'] } })]);
    expect(ranEcho(flag.result)).toBe(true);
  });

  it('an unknown source is refused before any request, with the names it takes', async () => {
    server = await startFakeServer({ turns: [{ text: 'hi' }] });
    const run = await runTandem(['-p', 'hi', '--setting-sources', 'user,everything'], { cwd: t.project, env: testEnv(server.url, t) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--setting-sources: unknown source "everything"; use a comma-separated list of user, project, local');
    expect(server.requests.filter((r) => r.path.startsWith('/v1/messages'))).toHaveLength(0);
  });
});
