// The settings loader keeps every value it can read and reports the others (issue #12), accepts what Claude Code
// accepts (#15), and reads managed settings first and lets them win.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings, type LoadSettingsOptions } from '../../src/settings/load';
import { locateJsonValues, jsonPathKey } from '../../src/settings/json-position';
import { managedSettingsPaths } from '../../src/settings/managed';
import { choosePermissionMode } from '../../src/settings/permission-mode';
import { RulePolicy } from '../../src/permissions/policy';
import type { PermissionMode, PermissionQuery } from '../../src/permissions/types';
import { makeTestTempDir } from '../support/temp-dirs';

let base = '';
let opts: LoadSettingsOptions;

function write(rel: string, content: unknown): string {
  const file = path.join(base, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function policyFor(loaded = loadSettings(opts)): RulePolicy {
  const p = loaded.settings.permissions;
  return new RulePolicy({ rules: [...p.allow, ...p.ask, ...p.deny], homeDir: opts.homeDir, bypassDisabled: p.bypassDisabledBy !== undefined });
}

function readEnv(mode: PermissionMode): PermissionQuery {
  const file = path.join(opts.projectRoot, '.env');
  return { toolName: 'Read', input: { file_path: file }, preview: { kind: 'info', text: file } as never, agentName: 'main', mode, cwd: opts.projectRoot, projectRoot: opts.projectRoot };
}

function bash(command: string, mode: PermissionMode): PermissionQuery {
  return { toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd: opts.projectRoot }, agentName: 'main', mode, cwd: opts.projectRoot, projectRoot: opts.projectRoot };
}

beforeEach(() => {
  base = makeTestTempDir('tandem-tolerant-');
  opts = { cwd: path.join(base, 'proj'), projectRoot: path.join(base, 'proj'), tandemHome: path.join(base, 'home', '.tandem'), homeDir: path.join(base, 'home'), managedPaths: [] };
  fs.mkdirSync(opts.projectRoot, { recursive: true });
  fs.writeFileSync(path.join(opts.projectRoot, '.env'), 'SECRET=1\n');
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

describe('the story of issue #12: a mode tandem did not know cost the whole file, deny rules included', () => {
  it('"defaultMode": "dontAsk" with a Read(.env) deny: the file loads, the mode is dontAsk, the deny holds', () => {
    const file = write('proj/.claude/settings.json', { permissions: { defaultMode: 'dontAsk', deny: ['Read(.env)'] } });
    const loaded = loadSettings(opts);
    expect(loaded.errors).toEqual([]);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.settings.permissions.defaultMode).toBe('dontAsk');
    expect(loaded.settings.permissions.defaultModeSource).toBe(`${file}:3`);
    const d = policyFor(loaded).decide(readEnv('dontAsk'));
    expect(d.behavior).toBe('deny');
    expect(d.reason).toContain(`${file}:5`);
  });

  it('"defaultMode": "auto" (Claude Code only) is read as default with a warning naming file, line and key; the deny holds', () => {
    const file = write('proj/.claude/settings.json', { permissions: { defaultMode: 'auto', deny: ['Read(.env)'] } });
    const loaded = loadSettings(opts);
    expect(loaded.errors).toEqual([]);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatch(new RegExp(`^${file}:3: "permissions.defaultMode" is "auto"`));
    expect(loaded.settings.permissions.defaultMode).toBe('default');
    expect(policyFor(loaded).decide(readEnv('default')).behavior).toBe('deny');
  });

  it('an unknown mode in a higher file does not fall back to a wider mode of a lower file', () => {
    write('home/.tandem/settings.json', { permissions: { defaultMode: 'bypassPermissions' } });
    write('proj/.tandem/settings.json', { permissions: { defaultMode: 'yolo' } });
    const loaded = loadSettings(opts);
    expect(loaded.settings.permissions.defaultMode).toBe('default');
  });

  it('a deny list written as a single string is kept as a deny', () => {
    write('proj/.tandem/settings.json', { permissions: { deny: 'Read(.env)' } });
    const loaded = loadSettings(opts);
    expect(loaded.warnings[0]).toMatch(/"permissions.deny" must be a list/);
    expect(policyFor(loaded).decide(readEnv('bypassPermissions')).behavior).toBe('deny');
  });

  it('non-string items of a rule list are reported one by one; the readable rules stay', () => {
    write('proj/.tandem/settings.json', { permissions: { deny: [42, 'Read(.env)', { rule: 'x' }] } });
    const loaded = loadSettings(opts);
    expect(loaded.problems.map((p) => p.key)).toEqual(['permissions.deny.0', 'permissions.deny.2']);
    expect(loaded.settings.permissions.deny.map((r) => r.rule)).toEqual(['Read(.env)']);
  });
});

describe('values Claude Code accepts (#15)', () => {
  it('numbers where strings are expected and numeric strings where numbers are', () => {
    write('proj/.tandem/settings.json', {
      env: { N: 1, FLAG: true, S: 'x' },
      compactThreshold: '0.5',
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'check.sh', timeout: '30' }] }] },
    });
    const loaded = loadSettings(opts);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.settings.env).toEqual({ N: '1', FLAG: 'true', S: 'x' });
    expect(loaded.settings.compactThreshold).toBe(0.5);
    expect(loaded.settings.hooks.PreToolUse?.[0]?.hooks[0]).toMatchObject({ command: 'check.sh', timeout: 30 });
  });

  it('prompt and agent hooks are skipped with a warning each; the command hooks beside them are kept', () => {
    const file = write('proj/.tandem/settings.json', {
      hooks: {
        PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'prompt', prompt: 'is this safe?' }, { type: 'command', command: 'guard.sh' }] }],
        Stop: [{ hooks: [{ type: 'agent', prompt: 'check' }] }],
      },
    });
    const loaded = loadSettings(opts);
    expect(loaded.warnings).toHaveLength(2);
    expect(loaded.warnings[0]).toMatch(new RegExp(`^${file}:\\d+: "hooks.PreToolUse.0.hooks.0.type" is "prompt": tandem runs only "command" hooks`));
    expect(loaded.warnings[1]).toMatch(/"hooks.Stop.0.hooks.0.type" is "agent"/);
    expect(loaded.settings.hooks.PreToolUse?.[0]?.hooks.map((h) => h.command)).toEqual(['guard.sh']);
    expect(loaded.settings.hooks.Stop).toBeUndefined();
    expect(loaded.settings.hookSources).toEqual([{ event: 'PreToolUse', matcher: 'Bash', command: 'guard.sh', source: file, line: 11 }]);
  });

  it('Claude Code keys are accepted: those tandem keeps are stored, the rest named once per file, unknown keys warned', () => {
    const file = write('proj/.claude/settings.json', {
      statusLine: { type: 'command', command: '~/.claude/statusline.sh' },
      enabledPlugins: { 'formatter@tools': true },
      sandbox: { enabled: true, network: { allowedDomains: ['example.com'] } },
      enableAllProjectMcpServers: false,
      enabledMcpjsonServers: ['db'],
      disabledMcpjsonServers: ['web'],
      disableAllHooks: 'false',
      apiKeyHelper: '/bin/key.sh',
      includeCoAuthoredBy: false,
      cleanupPeriodDays: 20,
      outputStyle: 'Explanatory',
      forceLoginMethod: 'console',
      permissions: { disableBypassPermissionsMode: 'disable', additionalDirectories: ['../lib'], allow: ['Read'] },
      colur: 'red',
    });
    const loaded = loadSettings(opts);
    const s = loaded.settings;
    expect((s as unknown as Record<string, unknown>).statusLine).toBeUndefined();
    expect(s.enabledPlugins).toEqual({ 'formatter@tools': true });
    expect(s.sandbox).toEqual({ enabled: true, network: { allowedDomains: ['example.com'] } });
    expect(s.enableAllProjectMcpServers).toBe(false);
    expect(s.enabledMcpjsonServers).toEqual(['db']);
    expect(s.disabledMcpjsonServers).toEqual(['web']);
    // Read as false; a project file may only switch hooks off, so its false changes nothing.
    expect(s.disableAllHooks).toBeUndefined();
    expect(s.permissions.bypassDisabledBy).toBe(file);
    expect(s.permissions.additionalDirectories).toEqual([path.join(base, 'lib')]);
    expect(loaded.warnings).toEqual([
      expect.stringMatching(new RegExp(`^${file}:\\d+: "colur" is not a setting`)),
      `${file}: tandem does not use "statusLine", "apiKeyHelper", "includeCoAuthoredBy", "cleanupPeriodDays", "outputStyle", "forceLoginMethod" (Claude Code settings); ignored`,
    ]);
  });

  it('"disableBypassPermissionsMode": "disable" refuses bypass: on the command line, from a file, and in every decision', () => {
    write('proj/.tandem/settings.json', { permissions: { disableBypassPermissionsMode: 'disable' } });
    const loaded = loadSettings(opts);
    const settings = loaded.settings;
    expect(() => choosePermissionMode({ cliMode: 'bypassPermissions', dangerouslySkipPermissions: false, settings, managedFiles: [] })).toThrow(/bypassPermissions mode is disabled by .*settings.json/);
    expect(() => choosePermissionMode({ dangerouslySkipPermissions: true, settings, managedFiles: [] })).toThrow(/disableBypassPermissionsMode/);
    settings.permissions.defaultMode = 'bypassPermissions';
    const fromFile = choosePermissionMode({ dangerouslySkipPermissions: false, settings, managedFiles: [] });
    expect(fromFile.mode).toBe('default');
    expect(fromFile.notices[0]).toMatch(/starting in default mode/);
    // Switched to later (/mode, an agent's own mode): the policy still decides as default.
    expect(policyFor(loaded).decide(bash('rm -rf build', 'bypassPermissions')).behavior).toBe('ask');
    expect(new RulePolicy({}).decide(bash('rm -rf build', 'bypassPermissions')).behavior).toBe('allow');
  });

  it('a misspelt disableBypassPermissionsMode value still disables (a restriction never vanishes for a typo)', () => {
    write('proj/.tandem/settings.json', { permissions: { disableBypassPermissionsMode: 'disabled' } });
    const loaded = loadSettings(opts);
    expect(loaded.settings.permissions.bypassDisabledBy).toBeDefined();
    expect(loaded.warnings[0]).toMatch(/read as "disable"/);
  });

  it("a repository's shared settings cannot turn on bypassPermissions; local and user files can", () => {
    const shared = write('proj/.claude/settings.json', { permissions: { defaultMode: 'bypassPermissions' } });
    const fromRepo = choosePermissionMode({ dangerouslySkipPermissions: false, settings: loadSettings(opts).settings, managedFiles: [] });
    expect(fromRepo.mode).toBe('default');
    expect(fromRepo.notices[0]).toContain(`${shared}:3: a project's shared settings cannot turn on bypassPermissions`);
    write('proj/.claude/settings.local.json', { permissions: { defaultMode: 'bypassPermissions' } });
    expect(choosePermissionMode({ dangerouslySkipPermissions: false, settings: loadSettings(opts).settings, managedFiles: [] }).mode).toBe('bypassPermissions');
    fs.rmSync(path.join(opts.projectRoot, '.claude', 'settings.local.json'));
    write('home/.tandem/settings.json', { permissions: { defaultMode: 'bypassPermissions' } });
    fs.rmSync(shared);
    expect(choosePermissionMode({ dangerouslySkipPermissions: false, settings: loadSettings(opts).settings, managedFiles: [] }).mode).toBe('bypassPermissions');
  });

  it('--permission-mode: dontAsk is a mode, auto is read as default with a notice, anything else is an error', () => {
    const settings = loadSettings(opts).settings;
    expect(choosePermissionMode({ cliMode: 'dontAsk', dangerouslySkipPermissions: false, settings, managedFiles: [] })).toMatchObject({ mode: 'dontAsk', source: '--permission-mode' });
    const auto = choosePermissionMode({ cliMode: 'auto', dangerouslySkipPermissions: false, settings, managedFiles: [] });
    expect(auto.mode).toBe('default');
    expect(auto.notices[0]).toMatch(/no auto mode/);
    expect(() => choosePermissionMode({ cliMode: 'yolo', dangerouslySkipPermissions: false, settings, managedFiles: [] })).toThrow(/dontAsk/);
  });
});

describe('managed settings', () => {
  it('are read first, win single values, keep their deny rules under their own name, and are reported as sources', () => {
    const managed = write('etc/tandem/managed-settings.json', { model: 'managed-model', env: { PROXY: 'corp' }, permissions: { deny: ['Read(.env)', 'WebFetch'], defaultMode: 'plan' } });
    write('proj/.tandem/settings.local.json', { model: 'mine', env: { PROXY: 'mine', OTHER: 'x' }, permissions: { allow: ['Read(.env)', 'WebFetch'], deny: ['Read(.env)'], defaultMode: 'bypassPermissions' } });
    const loaded = loadSettings({ ...opts, managedPaths: [path.join(base, 'missing.json'), managed] });
    expect(loaded.sources.slice(0, 2)).toEqual([
      { path: path.join(base, 'missing.json'), level: 'managed', loaded: false, status: 'missing' },
      { path: managed, level: 'managed', loaded: true, status: 'loaded' },
    ]);
    const s = loaded.settings;
    expect(s.model).toBe('managed-model');
    expect(s.env).toEqual({ PROXY: 'corp', OTHER: 'x' });
    expect(s.permissions.deny.map((r) => [r.rule, r.source])).toEqual([['Read(.env)', managed], ['WebFetch', managed]]);
    const d = policyFor(loaded).decide(readEnv('default'));
    expect(d.behavior).toBe('deny');
    expect(d.reason).toContain(managed);
    // The managed mode beats the command line's.
    const choice = choosePermissionMode({ cliMode: 'acceptEdits', dangerouslySkipPermissions: false, settings: s, managedFiles: [managed] });
    expect(choice.mode).toBe('plan');
    expect(choice.source).toMatch(/\(managed\)$/);
  });

  it('allowManagedPermissionRulesOnly in a managed file drops the other files\' allow rules (never their denies)', () => {
    const managed = write('etc/managed.json', { allowManagedPermissionRulesOnly: true, permissions: { allow: ['Bash(npm test:*)'] } });
    const mine = write('proj/.tandem/settings.json', { permissions: { allow: ['Bash', 'Read(.env)'], deny: ['Bash(rm:*)'] } });
    const loaded = loadSettings({ ...opts, managedPaths: [managed] });
    expect(loaded.settings.permissions.allow.map((r) => r.rule)).toEqual(['Bash(npm test:*)']);
    expect(loaded.settings.permissions.deny.map((r) => r.rule)).toEqual(['Bash(rm:*)']);
    expect(loaded.warnings).toEqual([
      `${mine}:4: allow rule Bash is not used: ${managed} allows only managed permission rules (allowManagedPermissionRulesOnly)`,
      `${mine}:5: allow rule Read(.env) is not used: ${managed} allows only managed permission rules (allowManagedPermissionRulesOnly)`,
    ]);
    // The same key in a project file has no effect.
    write('proj/.tandem/settings.local.json', { allowManagedPermissionRulesOnly: true });
    expect(loadSettings(opts).settings.permissions.allow.map((r) => r.rule)).toEqual(['Bash', 'Read(.env)']);
  });

  it('disableAllHooks: any file may switch hooks off, only the user back on; a managed true stands', () => {
    const user = write('home/.tandem/settings.json', { disableAllHooks: true });
    write('proj/.claude/settings.json', { disableAllHooks: false });
    write('proj/.tandem/settings.local.json', { disableAllHooks: false });
    expect(loadSettings(opts).settings).toMatchObject({ disableAllHooks: true, disableAllHooksSource: user });
    write('home/.tandem/settings.json', { disableAllHooks: false });
    const project = write('proj/.claude/settings.json', { disableAllHooks: true });
    expect(loadSettings(opts).settings).toMatchObject({ disableAllHooks: true, disableAllHooksSource: project });
    write('proj/.claude/settings.json', {});
    expect(loadSettings(opts).settings.disableAllHooks).toBe(false);
    const managed = write('etc/managed.json', { disableAllHooks: true });
    write('home/.tandem/settings.json', { disableAllHooks: false });
    expect(loadSettings({ ...opts, managedPaths: [managed] }).settings).toMatchObject({ disableAllHooks: true, disableAllHooksSource: managed });
  });

  it('TANDEM_MANAGED_SETTINGS only adds files: the system paths are always read (a user cannot switch policy off)', () => {
    const system = ['/etc/claude-code/managed-settings.json', '/etc/tandem/managed-settings.json'];
    expect(managedSettingsPaths({})).toEqual(system);
    expect(managedSettingsPaths({ TANDEM_MANAGED_SETTINGS: '/a.json:/b.json' })).toEqual([...system, '/a.json', '/b.json']);
    expect(managedSettingsPaths({ TANDEM_MANAGED_SETTINGS: '' })).toEqual(system);
    expect(managedSettingsPaths({ TANDEM_MANAGED_SETTINGS: '/nonexistent-only.json' })).toEqual([...system, '/nonexistent-only.json']);
  });

  it('a broken managed file is an error like any broken file (headless refuses to start)', () => {
    const managed = write('etc/managed.json', '{ "permissions": ');
    const loaded = loadSettings({ ...opts, managedPaths: [managed] });
    expect(loaded.errors[0]?.path).toBe(managed);
    expect(loaded.sources[0]).toMatchObject({ level: 'managed', status: 'error' });
  });
});

describe('hostile values', () => {
  it('"__proto__" in env, pricing or mcpServers is reported and never becomes a prototype', () => {
    write('proj/.tandem/settings.json', '{"env": {"__proto__": "x", "A": "1"}, "pricing": {"__proto__": {"polluted": 1}}, "mcpServers": {"__proto__": {"command": "evil"}}}');
    const loaded = loadSettings(opts);
    expect(loaded.problems.map((p) => p.key)).toEqual(['env.__proto__', 'pricing.__proto__', 'mcpServers.__proto__']);
    expect(Object.getPrototypeOf(loaded.settings.pricing)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(loaded.settings.mcpServers)).toBe(Object.prototype);
    expect((loaded.settings.pricing as Record<string, unknown>).polluted).toBeUndefined();
    expect(loaded.settings.env).toEqual({ A: '1' });
  });

  it('a file saved with a byte order mark is read, and the BOM is mentioned', () => {
    const file = write('proj/.tandem/settings.json', '\ufeff{\n  "permissions": { "deny": ["Read(.env)"] }\n}\n');
    const loaded = loadSettings(opts);
    expect(loaded.errors).toEqual([]);
    expect(loaded.warnings).toEqual([`${file}: starts with a byte order mark (BOM); read anyway (save it as UTF-8 without BOM to silence this)`]);
    expect(loaded.settings.permissions.deny).toEqual([{ rule: 'Read(.env)', behavior: 'deny', source: file, line: 2 }]);
  });

  it('a settings file that is a list, a string or null is an error naming the file; the other files still load', () => {
    for (const text of ['[]', '"x"', 'null']) {
      const bad = write('proj/.tandem/settings.json', text);
      write('proj/.claude/settings.json', { permissions: { deny: ['Read(.env)'] } });
      const loaded = loadSettings(opts);
      expect(loaded.errors.map((e) => e.path)).toEqual([bad]);
      expect(loaded.settings.permissions.deny.map((r) => r.rule)).toEqual(['Read(.env)']);
    }
  });
});

describe('locateJsonValues', () => {
  it('gives the line of every key and array element, also for keys with dots and nested lists', () => {
    const text = '{\n  "a.b": 1,\n  "list": [\n    "x",\n    { "k": [true,\n false] }\n  ],\n  "s": "with \\" quote"\n}';
    const lines = locateJsonValues(text);
    expect(lines.get(jsonPathKey(['a.b']))).toBe(2);
    expect(lines.get(jsonPathKey(['list']))).toBe(3);
    expect(lines.get(jsonPathKey(['list', 0]))).toBe(4);
    expect(lines.get(jsonPathKey(['list', 1]))).toBe(5);
    expect(lines.get(jsonPathKey(['list', 1, 'k', 1]))).toBe(6);
    expect(lines.get(jsonPathKey(['s']))).toBe(8);
  });
});
