// A plugin in a headless run, as the Agent SDK starts one (`plugins: [{type: 'local', path}]` arrives as
// --plugin-dir): the init line lists it with its commands, agents and skills, `/command` runs its prompt, its hook
// runs with ${CLAUDE_PLUGIN_ROOT} expanded, and its MCP server starts. A plugin a repository turns on in an
// untrusted folder runs no hook until the folder is trusted.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer } from '../../src/fake-server/types';
import { jsonLines, runTandem, tempHome, testEnv, type TempHome } from './harness';

const FIXTURES = resolve(__dirname, '../fixtures/plugins');
const ECHO_SERVER = resolve(__dirname, '../fixtures/mcp/echo-server.mjs');

let t: TempHome;
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.cleanup();
});

describe('plugins in headless mode', () => {
  beforeEach(() => {
    t = tempHome('tandem-e2e-plugin-');
    mkdirSync(join(t.project, '.git'));
  });

  it('--plugin-dir: init lists the plugin and its parts, /changelog runs, the hook runs, the MCP server starts', async () => {
    // A copy of team-kit whose MCP server is a real one (the fixture echo server, reached through the plugin root).
    const kit = join(t.home, 'plugins src', 'team-kit');
    cpSync(join(FIXTURES, 'team-kit'), kit, { recursive: true });
    mkdirSync(join(kit, 'servers'), { recursive: true });
    writeFileSync(join(kit, 'servers', 'notes.js'), `await import(${JSON.stringify(ECHO_SERVER)});\n`);
    writeFileSync(join(kit, 'package.json'), '{"type": "module"}');
    writeFileSync(join(t.project, 'NOTES.md'), 'release notes');
    const hookLog = join(t.home, 'hook.log');
    server = await startFakeServer({ turns: [{ content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(t.project, 'NOTES.md') } }] }, { text: 'entry drafted' }] });
    const run = await runTandem(['-p', '/changelog v1.2', '--plugin-dir', kit, '--output-format', 'stream-json', '--verbose'], {
      cwd: t.project,
      env: testEnv(server.url, t, { PLUGIN_HOOK_LOG: hookLog }),
      timeoutMs: 60_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const init = jsonLines(run.stdout).find((l) => l.type === 'system' && l.subtype === 'init')!;
    expect(init.plugins).toEqual([{ name: 'team-kit', path: kit }]);
    expect(init.slash_commands).toEqual(expect.arrayContaining(['changelog', 'git:tag', 'semver-check']));
    expect(init.agents).toContain('release-reviewer');
    expect(init.skills).toContain('semver-check');
    expect(init.mcp_servers).toContainEqual({ name: 'plugin_team-kit_notes', status: 'connected' });
    expect(init.tools).toEqual(expect.arrayContaining([expect.stringMatching(/^mcp__plugin_team-kit_notes__/)]));
    const first = server.requests.find((r) => r.path.startsWith('/v1/messages'))!;
    expect(JSON.stringify(first.body.messages)).toContain('CHANGELOG-DRAFT: summarise the commits since v1.2');
    // The folder has a space: the hook found its script through ${CLAUDE_PLUGIN_ROOT}, and the script read it from its environment.
    expect(readFileSync(hookLog, 'utf8')).toBe(`team-kit hook ran from ${kit}\n`);
  });

  it('a broken plugin is reported on stderr and the run goes on with the others', async () => {
    server = await startFakeServer({ turns: [{ text: 'ok' }] });
    const run = await runTandem(['-p', 'hello', '--plugin-dir', join(FIXTURES, 'broken-manifest'), '--plugin-dir', join(FIXTURES, 'escaping'), '--plugin-dir', join(FIXTURES, 'custom-paths'), '--output-format', 'stream-json', '--verbose'], {
      cwd: t.project,
      env: testEnv(server.url, t),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('broken-manifest/.claude-plugin/plugin.json: field "name"');
    expect(run.stderr).toContain('"../team-kit/commands" points outside the plugin folder');
    const init = jsonLines(run.stdout).find((l) => l.type === 'system' && l.subtype === 'init')!;
    expect(init.plugins).toEqual([{ name: 'custom-paths', path: join(FIXTURES, 'custom-paths') }]);
    expect(init.slash_commands).toContain('deploy-notes');
    expect(init.slash_commands).not.toContain('never');
  });
});

describe('plugins and folder trust', () => {
  beforeEach(() => {
    t = tempHome('tandem-e2e-plugin-trust-', { trusted: false });
    mkdirSync(join(t.project, '.git'));
    cpSync(join(FIXTURES, 'custom-paths'), join(t.home, '.tandem', 'plugins', 'custom-paths'), { recursive: true });
    mkdirSync(join(t.project, '.claude'), { recursive: true });
    writeFileSync(join(t.project, '.claude', 'settings.json'), JSON.stringify({ enabledPlugins: { 'custom-paths@local': true } }));
  });

  const systemOf = (s: FakeServer) => JSON.stringify(s.requests.find((r) => r.path.startsWith('/v1/messages'))!.body.system);

  it("an untrusted folder's settings turn the plugin on without its hooks; --trust runs them", async () => {
    server = await startFakeServer({ turns: [{ text: 'one' }, { text: 'two' }] });
    const untrusted = await runTandem(['-p', 'hi', '--output-format', 'stream-json', '--verbose'], { cwd: t.project, env: testEnv(server.url, t) });
    expect(untrusted.code).toBe(0);
    expect(untrusted.stderr).toContain('plugin custom-paths: turned on by');
    expect(untrusted.stderr).toContain('its hooks and MCP servers do not run');
    expect(systemOf(server)).not.toContain('custom-paths ready from');
    // Its commands and agents are text and still load.
    const init = jsonLines(untrusted.stdout).find((l) => l.type === 'system' && l.subtype === 'init')!;
    expect(init.slash_commands).toContain('deploy-notes');
    expect(init.agents).toContain('docs-writer');
    expect(existsSync(join(t.project, 'pwned'))).toBe(false);

    server.requests.length = 0;
    const trusted = await runTandem(['-p', 'hi', '--trust'], { cwd: t.project, env: testEnv(server.url, t) });
    expect(trusted.code).toBe(0);
    expect(systemOf(server)).toContain(`custom-paths ready from ${join(t.home, '.tandem', 'plugins', 'custom-paths')}`);
  });
});
