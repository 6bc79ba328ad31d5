// Plugins as Claude Code users have them: found through --plugin-dir, $TANDEM_HOME/plugins and Claude Code's
// installed_plugins.json, switched by enabledPlugins, their parts handed to the same loaders as the project's, and
// refused (with the file and field, or the path) when broken or reaching outside their folder.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPlugins, type LoadPluginsOptions } from '../../src/plugins/load';
import { pluginAgentSources, pluginCommandSources, pluginMcpServers, pluginSkillSources, withPluginHooks } from '../../src/plugins/contributions';
import { loadCustomCommands } from '../../src/session/custom-commands';
import { loadAgentCatalog } from '../../src/agents';
import { loadSkills } from '../../src/skills/load';
import { loadSettings } from '../../src/settings/load';
import { makeTestTempDir } from '../support/temp-dirs';

const FIXTURES = resolve(__dirname, '../fixtures/plugins');
const TEAM_KIT = join(FIXTURES, 'team-kit');

let root: string;
let home: string;
let tandemHome: string;
let project: string;
beforeEach(() => {
  root = makeTestTempDir('tandem-plugins-');
  home = join(root, 'home');
  tandemHome = join(home, '.tandem');
  project = join(root, 'project');
  mkdirSync(join(project, '.git'), { recursive: true });
  mkdirSync(tandemHome, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function opts(extra: Partial<LoadPluginsOptions> = {}): LoadPluginsOptions {
  const settings = loadSettings({ cwd: project, projectRoot: project, tandemHome, homeDir: home, managedPaths: [] });
  return { pluginDirs: [], cwd: project, projectRoot: project, tandemHome, homeDir: home, settingsSources: settings.sources, trusted: true, ...extra };
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2));
}

function plugin(dir: string, manifest: Record<string, unknown> | string, files: Record<string, string> = {}): string {
  mkdirSync(join(dir, '.claude-plugin'), { recursive: true });
  writeFileSync(join(dir, '.claude-plugin', 'plugin.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('--plugin-dir', () => {
  it('loads a plugin with every part, ${CLAUDE_PLUGIN_ROOT} expanded in hooks and MCP servers', () => {
    const loaded = loadPlugins(opts({ pluginDirs: [TEAM_KIT] }));
    expect(loaded.notices).toEqual([]);
    const [p] = loaded.plugins;
    expect(p).toMatchObject({ id: 'team-kit@inline', name: 'team-kit', version: '0.3.1', state: 'enabled', origin: 'flag', decidedBy: '--plugin-dir' });
    expect(p!.components.commandDirs).toEqual([join(TEAM_KIT, 'commands')]);
    expect(p!.components.agentFiles).toEqual([join(TEAM_KIT, 'agents', 'release-reviewer.md')]);
    expect(p!.components.skillDirs).toEqual([join(TEAM_KIT, 'skills', 'semver-check')]);
    const hook = withPluginHooks({}, loaded).PostToolUse![0]!;
    expect(hook.matcher).toBe('Read|Bash');
    expect(hook.hooks[0]!.command).toBe(`export CLAUDE_PLUGIN_ROOT='${TEAM_KIT}'; sh "${TEAM_KIT}/scripts/log-tool.sh"`);
    const mcp = pluginMcpServers(loaded, {});
    expect(mcp.notices).toEqual([]);
    expect(mcp.servers).toHaveLength(1);
    const server = mcp.servers[0]!;
    expect(server.name).toBe('plugin_team-kit_notes');
    if (server.transport !== 'stdio') throw new Error('expected stdio');
    expect(server.args).toEqual([`${TEAM_KIT}/servers/notes.js`, '--store', `${TEAM_KIT}/data`]);
    expect(server.env).toEqual({ CLAUDE_PLUGIN_ROOT: TEAM_KIT, NOTES_MODE: 'read-only' });
    expect(server.userOwned).toBe(true);
  });

  it('registers commands, agents and skills through the project loaders; a taken name becomes plugin:name', async () => {
    // The project has its own /changelog, agent release-reviewer and skill semver-check: the plugin's are renamed.
    const files: Record<string, string> = {
      '.claude/commands/changelog.md': 'project changelog',
      '.claude/agents/release-reviewer.md': '---\nname: release-reviewer\ndescription: the project one\n---\nbody',
      '.claude/skills/semver-check/SKILL.md': '---\nname: semver-check\ndescription: the project one\n---\nbody',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(project, rel, '..'), { recursive: true });
      writeFileSync(join(project, rel), text);
    }
    const loaded = loadPlugins(opts({ pluginDirs: [TEAM_KIT] }));
    const base = { cwd: project, projectRoot: project, tandemHome, homeDir: home };

    const commands = await loadCustomCommands({ ...base, trusted: true, plugins: pluginCommandSources(loaded) });
    const byName = new Map(commands.commands.map((c) => [c.name, c]));
    expect(byName.get('changelog')!.scope).toBe('project');
    expect(byName.get('team-kit:changelog')).toMatchObject({ plugin: 'team-kit', argumentHint: '[since-tag]', mayRunShell: true });
    expect(byName.get('team-kit:changelog')!.expand('v1.2')).toContain('CHANGELOG-DRAFT: summarise the commits since v1.2');
    expect(byName.get('git:tag')).toMatchObject({ plugin: 'team-kit' });

    const catalog = await loadAgentCatalog({ ...base, pluginAgents: pluginAgentSources(loaded) });
    expect(catalog.agents.get('release-reviewer')!.description).toBe('the project one');
    expect(catalog.agents.get('team-kit:release-reviewer')!.source).toMatchObject({ kind: 'plugin', plugin: 'team-kit' });

    const skills = await loadSkills({ ...base, plugins: pluginSkillSources(loaded) });
    expect(skills.skills.map((s) => s.name)).toEqual(['semver-check', 'team-kit:semver-check']);
    expect(skills.skills[1]).toMatchObject({ scope: 'plugin', plugin: 'team-kit' });
  });

  it("a plugin command named like one of the shell's own takes plugin:name", async () => {
    const dir = plugin(join(root, 'clashy'), { name: 'clashy' }, { 'commands/clear.md': 'not the real clear', 'commands/lint.md': 'lint it' });
    const loaded = loadPlugins(opts({ pluginDirs: [dir] }));
    const commands = await loadCustomCommands({ cwd: project, projectRoot: project, tandemHome, homeDir: home, plugins: pluginCommandSources(loaded), reserved: ['clear', 'help'] });
    expect(commands.commands.map((c) => c.name)).toEqual(['clashy:clear', 'lint']);
  });

  it('keeps the plugin names when nothing clashes', async () => {
    const loaded = loadPlugins(opts({ pluginDirs: [TEAM_KIT] }));
    const base = { cwd: project, projectRoot: project, tandemHome, homeDir: home };
    const commands = await loadCustomCommands({ ...base, plugins: pluginCommandSources(loaded) });
    expect(commands.commands.map((c) => c.name)).toEqual(['changelog', 'git:tag']);
    const catalog = await loadAgentCatalog({ ...base, pluginAgents: pluginAgentSources(loaded) });
    expect(catalog.agents.has('release-reviewer')).toBe(true);
    expect((await loadSkills({ ...base, plugins: pluginSkillSources(loaded) })).skills.map((s) => s.name)).toEqual(['semver-check']);
  });

  it('reads the custom paths of plugin.json (commands, agents, hooks file, inline MCP servers)', async () => {
    const dir = join(FIXTURES, 'custom-paths');
    const loaded = loadPlugins(opts({ pluginDirs: [dir] }));
    expect(loaded.notices).toEqual([]);
    const c = loaded.plugins[0]!.components;
    expect(c.commandDirs).toEqual([join(dir, 'extra', 'cmds')]);
    expect(c.agentFiles).toEqual([join(dir, 'team-agents', 'docs-writer.md')]);
    expect(withPluginHooks({}, loaded).SessionStart![0]!.hooks[0]!.command).toBe(`export CLAUDE_PLUGIN_ROOT='${dir}'; echo custom-paths ready from ${dir}`);
    const server = pluginMcpServers(loaded, {}).servers[0]!;
    expect(server).toMatchObject({ name: 'plugin_custom-paths_inline-echo', command: `${dir}/bin/echo-server` });
    const commands = await loadCustomCommands({ cwd: project, projectRoot: project, tandemHome, homeDir: home, plugins: pluginCommandSources(loaded) });
    expect(commands.commands.map((x) => x.name)).toEqual(['deploy-notes']);
  });

  it('--plugin-dir-no-mcp loads the plugin without its servers', () => {
    const loaded = loadPlugins(opts({ pluginDirsWithoutMcp: [TEAM_KIT] }));
    expect(loaded.plugins[0]!.state).toBe('enabled');
    expect(pluginMcpServers(loaded, {}).servers).toEqual([]);
  });
});

describe('broken and unsafe plugins', () => {
  it('a malformed plugin.json is reported with its path and field, and the other plugins load', () => {
    const loaded = loadPlugins(opts({ pluginDirs: [join(FIXTURES, 'broken-manifest'), TEAM_KIT] }));
    const [broken, good] = loaded.plugins;
    expect(broken!.state).toBe('refused');
    expect(loaded.notices.join('\n')).toContain(`${join(FIXTURES, 'broken-manifest', '.claude-plugin', 'plugin.json')}: field "name": 42 is not a usable plugin name`);
    expect(good!.state).toBe('enabled');
    expect(pluginCommandSources(loaded).map((s) => s.plugin)).toEqual(['team-kit']);
  });

  it('invalid JSON names the line and column', () => {
    const dir = plugin(join(root, 'bad-json'), '{\n  "name": "bad-json",\n  "version": 1.0.0\n}');
    const loaded = loadPlugins(opts({ pluginDirs: [dir] }));
    expect(loaded.plugins[0]!.state).toBe('refused');
    expect(loaded.notices[0]).toMatch(/plugin\.json:3:\d+: invalid JSON/);
  });

  it('a path with ../ out of the plugin is refused with a message', () => {
    const loaded = loadPlugins(opts({ pluginDirs: [join(FIXTURES, 'escaping')] }));
    expect(loaded.plugins[0]!.state).toBe('refused');
    expect(loaded.notices[0]).toContain('commands: "../team-kit/commands" points outside the plugin folder');
    expect(pluginCommandSources(loaded)).toEqual([]);
  });

  it('an absolute path is refused', () => {
    const dir = plugin(join(root, 'abs'), { name: 'abs', agents: '/etc' });
    const loaded = loadPlugins(opts({ pluginDirs: [dir] }));
    expect(loaded.plugins[0]!.state).toBe('refused');
    expect(loaded.notices[0]).toContain('agents: "/etc" is an absolute path');
  });

  it('a symlink out of the plugin (a folder, a file, or the hooks file) is refused', () => {
    const outside = join(root, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'secret.md'), 'secret');
    writeFileSync(join(outside, 'hooks.json'), JSON.stringify({ hooks: { SessionStart: [{ hooks: [{ type: 'command', command: 'touch pwned' }] }] } }));
    const linkedDir = plugin(join(root, 'linked-dir'), { name: 'linked-dir' });
    symlinkSync(outside, join(linkedDir, 'commands'));
    const linkedFile = plugin(join(root, 'linked-file'), { name: 'linked-file' }, { 'agents/ok.md': '---\nname: ok\ndescription: ok\n---\n' });
    symlinkSync(join(outside, 'secret.md'), join(linkedFile, 'agents', 'secret.md'));
    const linkedHooks = plugin(join(root, 'linked-hooks'), { name: 'linked-hooks' });
    mkdirSync(join(linkedHooks, 'hooks'));
    symlinkSync(join(outside, 'hooks.json'), join(linkedHooks, 'hooks', 'hooks.json'));
    const loaded = loadPlugins(opts({ pluginDirs: [linkedDir, linkedFile, linkedHooks] }));
    expect(loaded.plugins.map((p) => p.state)).toEqual(['refused', 'refused', 'refused']);
    for (const notice of loaded.notices) expect(notice).toMatch(/is a link to .*outside the plugin folder/);
    expect(withPluginHooks({}, loaded)).toEqual({});
    expect(pluginAgentSources(loaded)).toEqual([]);
  });

  it('a link that stays inside the plugin is fine', () => {
    const dir = plugin(join(root, 'inner-link'), { name: 'inner-link' }, { 'shared/tag.md': 'tag it' });
    mkdirSync(join(dir, 'commands'));
    symlinkSync(join(dir, 'shared', 'tag.md'), join(dir, 'commands', 'tag.md'));
    expect(loadPlugins(opts({ pluginDirs: [dir] })).plugins[0]!.state).toBe('enabled');
  });

  it('a FIFO named like an agent or a skill is skipped, never read (the read would hang)', () => {
    const dir = plugin(join(root, 'fifo'), { name: 'fifo' }, { 'agents/ok.md': '---\nname: ok\ndescription: ok\n---\n' });
    mkdirSync(join(dir, 'skills', 'stuck'), { recursive: true });
    execFileSync('mkfifo', [join(dir, 'agents', 'stuck.md'), join(dir, 'skills', 'stuck', 'SKILL.md')]);
    const loaded = loadPlugins(opts({ pluginDirs: [dir] }));
    expect(loaded.plugins[0]!.components.agentFiles).toEqual([join(dir, 'agents', 'ok.md')]);
    expect(loaded.plugins[0]!.components.skillDirs).toEqual([]);
  });

  it('a missing --plugin-dir folder is reported', () => {
    const loaded = loadPlugins(opts({ pluginDirs: ['no-such-plugin'] }));
    expect(loaded.plugins[0]!.state).toBe('refused');
    expect(loaded.notices[0]).toContain('the folder does not exist');
  });

  it('two enabled plugins of the same name: the first loads, the second is reported', () => {
    const copy = join(root, 'copy', 'team-kit');
    cpSync(TEAM_KIT, copy, { recursive: true });
    const loaded = loadPlugins(opts({ pluginDirs: [TEAM_KIT, copy] }));
    expect(loaded.plugins.map((p) => p.state)).toEqual(['enabled', 'refused']);
    expect(loaded.notices[0]).toContain(`another plugin named "team-kit" is already loaded from ${TEAM_KIT}`);
  });
});

describe('enabledPlugins', () => {
  function installInTandemHome(): string {
    const dest = join(tandemHome, 'plugins', 'team-kit');
    cpSync(TEAM_KIT, dest, { recursive: true });
    return dest;
  }

  it('a plugin in $TANDEM_HOME/plugins is on only when enabledPlugins says true', () => {
    installInTandemHome();
    expect(loadPlugins(opts()).plugins[0]).toMatchObject({ id: 'team-kit@local', state: 'disabled' });
    writeJson(join(tandemHome, 'settings.json'), { enabledPlugins: { 'team-kit@local': true } });
    expect(loadPlugins(opts()).plugins[0]).toMatchObject({ state: 'enabled', decidedBy: join(tandemHome, 'settings.json') });
    writeJson(join(project, '.claude', 'settings.local.json'), { enabledPlugins: { 'team-kit@local': false } });
    expect(loadPlugins(opts()).plugins[0]!.state).toBe('disabled');
  });

  it('a value that is not true or false keeps the plugin off and says so', () => {
    installInTandemHome();
    writeJson(join(tandemHome, 'settings.json'), { enabledPlugins: { 'team-kit@local': 'yes' } });
    const loaded = loadPlugins(opts());
    expect(loaded.plugins[0]!.state).toBe('disabled');
    expect(loaded.notices[0]).toContain('enabledPlugins "team-kit@local": expected true or false (got "yes"); the plugin stays off');
  });

  it('an enabled id no installed plugin has is reported', () => {
    writeJson(join(home, '.claude', 'settings.json'), { enabledPlugins: { 'ghost@somewhere': true, 'off@somewhere': false } });
    const loaded = loadPlugins(opts());
    expect(loaded.notices).toHaveLength(1);
    expect(loaded.notices[0]).toContain('enabledPlugins "ghost@somewhere" is on, but no installed plugin has that id');
  });

  it("reads Claude Code's installed_plugins.json (version 2 lists and version 1 records)", () => {
    const cache = join(home, '.claude', 'plugins', 'cache', 'acme-tools', 'team-kit', '0.3.1');
    cpSync(TEAM_KIT, cache, { recursive: true });
    const other = plugin(join(home, '.claude', 'plugins', 'cache', 'acme-tools', 'other-kit', '1.0.0'), { name: 'other-kit' }, { 'commands/other.md': 'other' });
    writeJson(join(home, '.claude', 'plugins', 'installed_plugins.json'), {
      version: 2,
      plugins: {
        'team-kit@acme-tools': [{ scope: 'user', installPath: cache, version: '0.3.1', installedAt: '2026-01-02T03:04:05.000Z', lastUpdated: '2026-01-02T03:04:05.000Z', gitCommitSha: 'abc123', isLocal: false }],
        // Installed for another project only: not seen here.
        'other-kit@acme-tools': [{ scope: 'project', projectPath: join(root, 'elsewhere'), installPath: other, version: '1.0.0' }],
      },
    });
    writeJson(join(home, '.claude', 'settings.json'), { enabledPlugins: { 'team-kit@acme-tools': true, 'other-kit@acme-tools': true } });
    const loaded = loadPlugins(opts());
    expect(loaded.plugins.map((p) => [p.id, p.state, p.origin])).toEqual([['team-kit@acme-tools', 'enabled', 'claude']]);

    writeJson(join(home, '.claude', 'plugins', 'installed_plugins.json'), { version: 1, plugins: { 'team-kit@acme-tools': { version: '0.3.1', installPath: cache, isLocal: true } } });
    expect(loadPlugins(opts()).plugins[0]).toMatchObject({ id: 'team-kit@acme-tools', state: 'enabled', root: cache });
  });
});

describe("Claude Code's known marketplaces", () => {
  function marketplace(plugins: unknown[], extra: Record<string, unknown> = {}): string {
    const checkout = join(home, '.claude', 'plugins', 'marketplaces', 'acme-tools');
    cpSync(TEAM_KIT, join(checkout, 'plugins', 'team-kit'), { recursive: true });
    writeJson(join(checkout, '.claude-plugin', 'marketplace.json'), { name: 'acme-tools', owner: { name: 'Acme' }, plugins, ...extra });
    writeJson(join(home, '.claude', 'plugins', 'known_marketplaces.json'), {
      'acme-tools': { source: { source: 'github', repo: 'acme/tools' }, installLocation: checkout, lastUpdated: '2026-01-02T03:04:05.000Z' },
    });
    writeJson(join(home, '.claude', 'settings.json'), { enabledPlugins: { 'team-kit@acme-tools': true } });
    return checkout;
  }

  it('an enabled plugin not yet in the cache loads from its checked-out marketplace', () => {
    const checkout = marketplace([{ name: 'team-kit', source: './plugins/team-kit', description: 'kit' }]);
    const loaded = loadPlugins(opts());
    expect(loaded.notices).toEqual([]);
    expect(loaded.plugins[0]).toMatchObject({ id: 'team-kit@acme-tools', state: 'enabled', root: join(checkout, 'plugins', 'team-kit') });
  });

  it('pluginRoot applies to bare sources', () => {
    marketplace([{ name: 'team-kit', source: 'team-kit' }], { metadata: { pluginRoot: './plugins' } });
    expect(loadPlugins(opts()).plugins[0]!.state).toBe('enabled');
  });

  it('a source that climbs out of the checkout, or a remote one, is not followed', () => {
    marketplace([{ name: 'team-kit', source: '../../../../../project' }]);
    const loaded = loadPlugins(opts());
    expect(loaded.plugins).toEqual([]);
    expect(loaded.notices[0]).toContain('enabledPlugins "team-kit@acme-tools" is on, but no installed plugin has that id');
    marketplace([{ name: 'team-kit', source: { source: 'github', repo: 'acme/team-kit' } }]);
    expect(loadPlugins(opts()).plugins).toEqual([]);
  });
});

describe('folder trust', () => {
  function repoEnables(): void {
    cpSync(TEAM_KIT, join(tandemHome, 'plugins', 'team-kit'), { recursive: true });
    writeJson(join(project, '.claude', 'settings.json'), { enabledPlugins: { 'team-kit@local': true } });
  }

  it('a plugin a repository turns on in an untrusted folder loads its text but runs no hooks or servers', () => {
    repoEnables();
    const loaded = loadPlugins(opts({ trusted: false }));
    const p = loaded.plugins[0]!;
    expect(p.state).toBe('enabled');
    expect(p.codeSkipped).toContain('not trusted');
    expect(withPluginHooks({}, loaded)).toEqual({});
    expect(pluginMcpServers(loaded, {}).servers).toEqual([]);
    expect(pluginCommandSources(loaded)[0]!.mayRunShell).toBe(false);
    expect(pluginAgentSources(loaded)[0]!.files).toHaveLength(1);
  });

  it('once the folder is trusted, the same plugin runs its hooks and servers', () => {
    repoEnables();
    const loaded = loadPlugins(opts({ trusted: true }));
    expect(loaded.plugins[0]!.codeSkipped).toBeUndefined();
    expect(withPluginHooks({}, loaded).PostToolUse).toHaveLength(1);
    expect(pluginMcpServers(loaded, {}).servers).toHaveLength(1);
  });

  it("the user's own choice (user settings, --plugin-dir) runs in an untrusted folder", () => {
    cpSync(TEAM_KIT, join(tandemHome, 'plugins', 'team-kit'), { recursive: true });
    writeJson(join(tandemHome, 'settings.json'), { enabledPlugins: { 'team-kit@local': true } });
    expect(withPluginHooks({}, loadPlugins(opts({ trusted: false }))).PostToolUse).toHaveLength(1);
    expect(withPluginHooks({}, loadPlugins(opts({ trusted: false, pluginDirs: [join(FIXTURES, 'custom-paths')] }))).SessionStart).toHaveLength(1);
  });

  it('settings hooks come first, plugin hooks after them', () => {
    const loaded = loadPlugins(opts({ pluginDirs: [TEAM_KIT] }));
    const merged = withPluginHooks({ PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'echo mine' }] }] }, loaded);
    expect(merged.PostToolUse!.map((g) => g.hooks[0]!.command)).toEqual(['echo mine', `export CLAUDE_PLUGIN_ROOT='${TEAM_KIT}'; sh "${TEAM_KIT}/scripts/log-tool.sh"`]);
  });
});
