// `tandem plugin list | install | enable | disable`, ${CLAUDE_PLUGIN_ROOT} in a hook command whatever the folder is
// called, and --plugin-dir being taken (not warned about as ignored).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPluginCommand } from '../../src/plugins/cli';
import { expandRootInCommand } from '../../src/plugins/root-var';
import { ignoredFlagWarnings, parseArgs } from '../../src/cli/args';
import { runAgentsCommand } from '../../src/cli/agents-command';
import { makeTestTempDir } from '../support/temp-dirs';

const TEAM_KIT = resolve(__dirname, '../fixtures/plugins/team-kit');

let root: string;
let home: string;
let project: string;
let out: string;
let err: string;
beforeEach(() => {
  root = makeTestTempDir('tandem-plugin-cli-');
  home = join(root, 'home');
  project = join(root, 'project');
  mkdirSync(join(project, '.git'), { recursive: true });
  mkdirSync(home, { recursive: true });
  out = '';
  err = '';
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function run(...argv: string[]): number {
  return runPluginCommand(argv, {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    cwd: project,
    env: { HOME: home, TANDEM_HOME: join(home, '.tandem'), TANDEM_MANAGED_SETTINGS: '' },
  });
}

const userSettings = () => JSON.parse(readFileSync(join(home, '.tandem', 'settings.json'), 'utf8')) as Record<string, unknown>;

describe('tandem plugin', () => {
  it('install copies a local folder into $TANDEM_HOME/plugins and enables it; list shows it with what it adds', () => {
    expect(run('install', TEAM_KIT)).toBe(0);
    const dest = join(home, '.tandem', 'plugins', 'team-kit');
    expect(out).toContain(`installed team-kit 0.3.1 to ${dest} and enabled it (team-kit@local`);
    expect(readFileSync(join(dest, 'commands', 'changelog.md'), 'utf8')).toContain('CHANGELOG-DRAFT');
    expect(userSettings().enabledPlugins).toEqual({ 'team-kit@local': true });
    out = '';
    expect(run('list')).toBe(0);
    expect(out).toContain('team-kit 0.3.1  [enabled]  team-kit@local, installed with tandem');
    expect(out).toContain('adds: commands /changelog, /git:tag; agents release-reviewer; skills semver-check; 1 hook (PostToolUse); MCP servers plugin_team-kit_notes');
  });

  it('install keeps the other settings and refuses to overwrite without --force', () => {
    mkdirSync(join(home, '.tandem'), { recursive: true });
    writeFileSync(join(home, '.tandem', 'settings.json'), JSON.stringify({ model: 'haiku', enabledPlugins: { 'x@y': false } }));
    expect(run('install', TEAM_KIT)).toBe(0);
    expect(userSettings()).toEqual({ model: 'haiku', enabledPlugins: { 'x@y': false, 'team-kit@local': true } });
    expect(run('install', TEAM_KIT)).toBe(1);
    expect(err).toContain('exists already; run `tandem plugin install');
    writeFileSync(join(home, '.tandem', 'plugins', 'team-kit', 'stale.md'), 'old');
    expect(run('install', TEAM_KIT, '--force')).toBe(0);
    expect(existsSync(join(home, '.tandem', 'plugins', 'team-kit', 'stale.md'))).toBe(false);
  });

  it('install refuses a broken manifest, a link out of the folder, and a folder without plugin.json, changing nothing', () => {
    expect(run('install', resolve(__dirname, '../fixtures/plugins/broken-manifest'))).toBe(1);
    expect(err).toContain('field "name"');
    const linked = join(root, 'linked');
    cpSync(TEAM_KIT, linked, { recursive: true });
    // Not in a component folder: the copy would still carry the outside file's content.
    symlinkSync('/etc/passwd', join(linked, 'scripts', 'passwd'));
    err = '';
    expect(run('install', linked)).toBe(1);
    expect(err).toMatch(/scripts\/passwd is a link to \/etc\/passwd, outside the plugin folder/);
    // Deep down, in node_modules: still checked, since it would be copied.
    rmSync(join(linked, 'scripts', 'passwd'));
    mkdirSync(join(linked, 'node_modules', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'), { recursive: true });
    symlinkSync('/etc/passwd', join(linked, 'node_modules', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'passwd'));
    err = '';
    expect(run('install', linked)).toBe(1);
    expect(err).toMatch(/node_modules\/a\/b\/c\/d\/e\/f\/g\/h\/i\/j\/passwd is a link to \/etc\/passwd/);
    const bare = join(root, 'bare');
    mkdirSync(join(bare, 'commands'), { recursive: true });
    err = '';
    expect(run('install', bare)).toBe(1);
    expect(err).toContain('has no .claude-plugin/plugin.json');
    expect(existsSync(join(home, '.tandem', 'plugins'))).toBe(false);
    expect(existsSync(join(home, '.tandem', 'settings.json'))).toBe(false);
  });

  it('install refuses a path that does not exist', () => {
    expect(run('install', 'nowhere')).toBe(1);
    expect(err).toContain('no such folder');
  });

  it('enable and disable by name or id write enabledPlugins; an unknown name says what is installed', () => {
    run('install', TEAM_KIT);
    out = '';
    expect(run('disable', 'team-kit')).toBe(0);
    expect(out).toContain('disabled team-kit@local');
    expect(userSettings().enabledPlugins).toEqual({ 'team-kit@local': false });
    out = '';
    run('list');
    expect(out).toContain('[disabled]');
    expect(run('enable', 'team-kit@local')).toBe(0);
    expect(userSettings().enabledPlugins).toEqual({ 'team-kit@local': true });
    expect(run('enable', 'nope')).toBe(1);
    expect(err).toContain('no installed plugin named "nope". Installed: team-kit@local');
  });

  it('enable says when a higher settings file decides otherwise', () => {
    run('install', TEAM_KIT);
    mkdirSync(join(project, '.claude'), { recursive: true });
    writeFileSync(join(project, '.claude', 'settings.local.json'), JSON.stringify({ enabledPlugins: { 'team-kit@local': false } }));
    expect(run('enable', 'team-kit')).toBe(0);
    expect(err).toContain('settings.local.json sets "team-kit@local" to false, and that file wins over yours');
  });

  it('enable refuses to rewrite a settings file that is not JSON', () => {
    run('install', TEAM_KIT);
    writeFileSync(join(home, '.tandem', 'settings.json'), '{ broken');
    expect(run('disable', 'team-kit')).toBe(1);
    expect(err).toContain('is not valid JSON');
    expect(readFileSync(join(home, '.tandem', 'settings.json'), 'utf8')).toBe('{ broken');
  });

  it('`tandem agents` lists an enabled plugin\'s agents', async () => {
    run('install', TEAM_KIT);
    let listed = '';
    const env = { HOME: home, TANDEM_HOME: join(home, '.tandem'), TANDEM_MANAGED_SETTINGS: '' };
    await runAgentsCommand(['--json'], { stdout: (s) => void (listed += s), stderr: () => undefined, cwd: project, env });
    const agent = (JSON.parse(listed) as { agents: Array<{ name: string; source: { kind: string } }> }).agents.find((a) => a.name === 'release-reviewer');
    expect(agent?.source.kind).toBe('plugin');
    run('disable', 'team-kit');
    listed = '';
    await runAgentsCommand(['--json'], { stdout: (s) => void (listed += s), stderr: () => undefined, cwd: project, env });
    expect(listed).not.toContain('release-reviewer');
  });

  it('list --json', () => {
    run('install', TEAM_KIT);
    out = '';
    run('list', '--json');
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ id: 'team-kit@local', state: 'enabled', origin: 'tandem' })]);
  });
});

describe('${CLAUDE_PLUGIN_ROOT} in hook commands', () => {
  it('a plain path is put in as text, and the variable is exported for the scripts the hook runs', () => {
    const command = expandRootInCommand('sh "${CLAUDE_PLUGIN_ROOT}/x.sh"', '/opt/plugins/kit');
    expect(command).toBe(`export CLAUDE_PLUGIN_ROOT='/opt/plugins/kit'; sh "/opt/plugins/kit/x.sh"`);
    expect(execFileSync('/bin/sh', ['-c', expandRootInCommand('sh -c \'echo "$CLAUDE_PLUGIN_ROOT"\'', '/opt/plugins/kit')], { encoding: 'utf8' })).toBe('/opt/plugins/kit\n');
  });

  it('a folder name with quotes, spaces or $(...) never becomes shell syntax', () => {
    const weird = join(root, `it's $(touch pwned) dir`);
    mkdirSync(weird, { recursive: true });
    writeFileSync(join(weird, 'say.sh'), 'echo said-from-plugin');
    const command = expandRootInCommand('sh "${CLAUDE_PLUGIN_ROOT}/say.sh" && echo "$CLAUDE_PLUGIN_ROOT"', weird);
    const output = execFileSync('/bin/sh', ['-c', command], { cwd: root, encoding: 'utf8' });
    expect(output).toBe(`said-from-plugin\n${weird}\n`);
    expect(existsSync(join(root, 'pwned'))).toBe(false);
  });
});

describe('--plugin-dir on the command line', () => {
  it('is taken (repeatable), not warned about as ignored', () => {
    const options = parseArgs(['-p', 'hi', '--plugin-dir', 'a', '--plugin-dir=b', '--plugin-dir-no-mcp', 'c']);
    expect(options.pluginDirs).toEqual(['a', 'b']);
    expect(options.pluginDirsWithoutMcp).toEqual(['c']);
    expect(ignoredFlagWarnings(options)).toEqual([]);
  });

  it('`tandem plugin` is a subcommand', () => {
    expect(parseArgs(['plugin', 'list']).command).toEqual({ name: 'plugin', argv: ['list'] });
  });
});
