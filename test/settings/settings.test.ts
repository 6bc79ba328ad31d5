// Settings files: merge order, errors with positions, warnings, saveLocalRule.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings, type LoadSettingsOptions } from '../../src/settings/load';
import { saveLocalRule } from '../../src/settings/save';
import { lineColumnAt } from '../../src/settings/json-position';
import { RulePolicy } from '../../src/permissions/policy';
import { makeTestTempDir } from '../support/temp-dirs';

let base = '';
let opts: LoadSettingsOptions;

function write(rel: string, content: unknown): string {
  const file = path.join(base, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

beforeEach(() => {
  base = makeTestTempDir('tandem-settings-');
  opts = { cwd: path.join(base, 'proj'), projectRoot: path.join(base, 'proj'), tandemHome: path.join(base, 'home', '.tandem'), homeDir: path.join(base, 'home'), managedPaths: [] };
  fs.mkdirSync(opts.projectRoot, { recursive: true });
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

describe('loadSettings', () => {
  it('merges lists across levels and lets the higher level win scalars', () => {
    write('home/.claude/settings.json', { model: 'claude-user', permissions: { allow: ['Bash(ls:*)'], defaultMode: 'plan' } });
    write('home/.tandem/settings.json', { model: 'tandem-user', env: { A: '1' } });
    write('proj/.claude/settings.json', { permissions: { deny: ['Bash(rm:*)'] }, env: { B: '2' } });
    const projFile = write('proj/.tandem/settings.json', { permissions: { allow: ['Bash(npm test:*)'], additionalDirectories: ['../shared'] } });
    write('proj/.claude/settings.local.json', { fallbackModel: 'haiku' });
    write('proj/.tandem/settings.local.json', { model: 'local-model', permissions: { defaultMode: 'acceptEdits' }, compactThreshold: 0.8 });
    const { settings, sources, errors, warnings } = loadSettings(opts);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(sources.map((s) => s.status)).toEqual(['loaded', 'loaded', 'loaded', 'loaded', 'loaded', 'loaded']);
    expect(settings.model).toBe('local-model');
    expect(settings.fallbackModel).toBe('haiku');
    expect(settings.compactThreshold).toBe(0.8);
    expect(settings.permissions.defaultMode).toBe('acceptEdits');
    expect(settings.env).toEqual({ A: '1', B: '2' });
    expect(settings.permissions.allow.map((r) => r.rule)).toEqual(['Bash(ls:*)', 'Bash(npm test:*)']);
    expect(settings.permissions.allow[1]!.source).toBe(projFile);
    expect(settings.permissions.additionalDirectories).toEqual([path.join(base, 'shared')]);
  });

  it('a deny at a low level beats an allow at a higher level', () => {
    write('home/.tandem/settings.json', { permissions: { deny: ['Bash(rm:*)'] } });
    write('proj/.tandem/settings.local.json', { permissions: { allow: ['Bash(rm:*)'] } });
    const { settings } = loadSettings(opts);
    const p = settings.permissions;
    const policy = new RulePolicy({ rules: [...p.allow, ...p.ask, ...p.deny] });
    const d = policy.decide({ toolName: 'Bash', input: { command: 'rm -rf x' }, preview: { kind: 'command', command: 'rm -rf x', cwd: opts.projectRoot }, agentName: 'main', mode: 'default', cwd: opts.projectRoot, projectRoot: opts.projectRoot });
    expect(d.behavior).toBe('deny');
    expect(d.reason).toContain(path.join(opts.tandemHome, 'settings.json'));
  });

  it('a JSON syntax error names the file, line and column, and the file is left out', () => {
    const file = write('proj/.tandem/settings.json', '{\n  "model": "x",\n  "permissions": { "allow": ["Bash"], }\n}\n');
    write('proj/.tandem/settings.local.json', { permissions: { allow: ['Read'] } });
    const { settings, errors, sources } = loadSettings(opts);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: file, line: 3, column: 39 });
    expect(errors[0]!.message).toContain(`${file}:3:39`);
    expect(sources.find((s) => s.path === file)?.loaded).toBe(false);
    expect(settings.model).toBeUndefined();
    expect(settings.permissions.allow.map((r) => r.rule)).toEqual(['Read']);
  });

  it('an error the engine gives no position for is found by scanning, and the message names the file and line', () => {
    const file = write('proj/.tandem/settings.json', '{\n "model":,\n}');
    const { errors } = loadSettings(opts);
    expect(errors).toEqual([
      { path: file, line: 2, column: 10, message: `${file}:2:10: invalid JSON: Unexpected ',' where a value was expected. Fix the file or move it away.` },
    ]);
  });

  it('truncated JSON points at the end', () => {
    write('proj/.tandem/settings.json', '{\n  "model": "x"');
    const { errors } = loadSettings(opts);
    expect(errors[0]).toMatchObject({ line: 2, column: 15 });
  });

  it('an unknown key is a warning naming file, line and key, and the rest of the file is used', () => {
    const file = write('proj/.tandem/settings.json', { model: 'm', colour: 'blue', permissions: { allow: ['Bash'], alow: ['x'] } });
    const { settings, errors, warnings } = loadSettings(opts);
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe(`${file}:3: "colour" is not a setting tandem or Claude Code knows; it is ignored (check the spelling)`);
    expect(warnings[1]).toMatch(new RegExp(`^${file}:8: "permissions.alow" is not a permissions setting`));
    expect(settings.model).toBe('m');
    expect(settings.permissions.allow.map((r) => r.rule)).toEqual(['Bash']);
  });

  it('a bad value is reported with its key and line; the rest of the file, above all its rules, is kept', () => {
    const file = write('proj/.tandem/settings.json', { permissions: { defaultMode: 'yolo', allow: ['Bash'], deny: ['Read(.env)'] } });
    const { settings, errors, warnings, sources } = loadSettings(opts);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([`${file}:3: "permissions.defaultMode" must be one of "default", "acceptEdits", "plan", "dontAsk", "bypassPermissions" (got "yolo"); tandem uses "default"`]);
    // An unknown mode never widens: it reads as default.
    expect(settings.permissions.defaultMode).toBe('default');
    expect(settings.permissions.allow.map((r) => r.rule)).toEqual(['Bash']);
    expect(settings.permissions.deny).toEqual([{ rule: 'Read(.env)', behavior: 'deny', source: file, line: 8 }]);
    expect(sources.find((s) => s.path === file)?.status).toBe('warnings');
  });

  it('wrong types and ranges are reported with their key; values that can be read are coerced', () => {
    write('proj/.tandem/settings.json', { permissions: { allow: 'Bash' }, compactThreshold: 3, env: { A: 1, B: { x: 1 } } });
    const { settings, errors, problems } = loadSettings(opts);
    expect(errors).toEqual([]);
    const byKey = Object.fromEntries(problems.map((e) => [e.key, e.message]));
    expect(byKey['permissions.allow']).toMatch(/must be a list \(\["Bash"\]\); read as a list of one/);
    expect(byKey.compactThreshold).toMatch(/out of range/);
    expect(byKey['env.B']).toMatch(/must be a string \(got an object\)/);
    expect(settings.env).toEqual({ A: '1' });
    expect(settings.permissions.allow.map((r) => r.rule)).toEqual(['Bash']);
    expect(settings.compactThreshold).toBeUndefined();
  });

  it('hooks merge per event; unknown events warn', () => {
    write('home/.tandem/settings.json', { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'a' }] }] } });
    write('proj/.tandem/settings.json', { hooks: { PreToolUse: [{ hooks: [{ type: 'command', command: 'b', timeout: 5 }] }], OnFire: [] } });
    const { settings, warnings } = loadSettings(opts);
    expect(settings.hooks.PreToolUse?.map((m) => m.hooks[0]!.command)).toEqual(['a', 'b']);
    expect(warnings[0]).toMatch(/"hooks.OnFire" is not a hook event tandem runs/);
  });
});

describe('saveLocalRule', () => {
  it('creates .tandem/settings.local.json, then appends and keeps other content', () => {
    const file = saveLocalRule(opts.projectRoot, 'Bash(npm test:*)', 'allow');
    expect(file).toBe(path.join(opts.projectRoot, '.tandem', 'settings.local.json'));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ permissions: { allow: ['Bash(npm test:*)'] } });
    fs.writeFileSync(file, JSON.stringify({ model: 'keep-me', permissions: { allow: ['Bash(npm test:*)'], deny: ['Read(.env)'] } }));
    saveLocalRule(opts.projectRoot, 'Edit(src/a.ts)', 'allow');
    saveLocalRule(opts.projectRoot, 'Edit(src/a.ts)', 'allow');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ model: 'keep-me', permissions: { allow: ['Bash(npm test:*)', 'Edit(src/a.ts)'], deny: ['Read(.env)'] } });
    const { settings, errors } = loadSettings(opts);
    expect(errors).toEqual([]);
    expect(settings.permissions.allow.map((r) => r.rule)).toEqual(['Bash(npm test:*)', 'Edit(src/a.ts)']);
  });

  it('refuses to overwrite a broken file', () => {
    const file = write('proj/.tandem/settings.local.json', '{ broken');
    expect(() => saveLocalRule(opts.projectRoot, 'Bash', 'allow')).toThrow(/not valid JSON/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{ broken');
  });
});

describe('lineColumnAt', () => {
  it('counts from 1', () => {
    expect(lineColumnAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('settings paths', () => {
  it('finds the git root, else the starting folder; TANDEM_HOME overrides ~/.tandem', async () => {
    const { findProjectRoot, tandemHomeDir } = await import('../../src/settings/paths');
    fs.mkdirSync(path.join(opts.projectRoot, '.git'));
    fs.mkdirSync(path.join(opts.projectRoot, 'a', 'b'), { recursive: true });
    expect(findProjectRoot(path.join(opts.projectRoot, 'a', 'b'))).toBe(opts.projectRoot);
    expect(findProjectRoot(path.join(base, 'home'))).toBe(path.join(base, 'home'));
    expect(tandemHomeDir({ TANDEM_HOME: '/x/y' }, '/h')).toBe('/x/y');
    expect(tandemHomeDir({}, '/h')).toBe('/h/.tandem');
  });
});
