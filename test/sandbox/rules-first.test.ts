// With the sandbox on, a Bash call no deny or ask rule blocks runs without a prompt; rules still come first, and
// calls the sandbox does not cover (excluded commands, asked to run outside, sandbox off) prompt as before.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RulePolicy, type RuleEntry } from '../../src/permissions/policy';
import type { PermissionMode, PermissionQuery } from '../../src/permissions/types';
import { SandboxController, sandboxAutoAllows, attachSandbox } from '../../src/sandbox/controller';
import { parseSandboxSettings } from '../../src/sandbox/settings';
import { makeTestTempDir } from '../support/temp-dirs';

const root = makeTestTempDir('tandem-sbx-rules-');

function bash(command: string, sandboxAutoAllow: boolean, mode: PermissionMode = 'default'): PermissionQuery {
  return { toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd: root }, agentName: 'main', mode, cwd: root, projectRoot: root, sandboxAutoAllow };
}

const rules: RuleEntry[] = [
  { rule: 'Bash(rm:*)', behavior: 'deny', source: 'test' },
  { rule: 'Bash(git push:*)', behavior: 'ask', source: 'test' },
  { rule: 'Read(./.env)', behavior: 'deny', source: 'test' },
  { rule: 'Edit(./docs/**)', behavior: 'ask', source: 'test' },
];
const policy = new RulePolicy({ rules, homeDir: root });

describe('sandbox auto-allow in the policy', () => {
  it('runs an ordinary command unprompted only when the sandbox covers it', () => {
    expect(policy.decide(bash('npm install && make build', true))).toMatchObject({ behavior: 'allow', reason: expect.stringContaining('sandbox') });
    expect(policy.decide(bash('npm install && make build', false)).behavior).toBe('ask');
  });

  it('lets deny and ask rules come first', () => {
    expect(policy.decide(bash('rm -rf build', true)).behavior).toBe('deny');
    expect(policy.decide(bash('make && git push origin main', true)).behavior).toBe('ask');
    expect(policy.decide(bash('cat .env', true)).behavior).toBe('deny');
    expect(policy.decide(bash('echo x > docs/a.md', true)).behavior).toBe('ask');
    // A path only known at run time that a rule could cover still asks.
    expect(policy.decide(bash('cat $(ls -a | grep env)', true)).behavior).toBe('ask');
  });

  it('keeps plan mode read-only', () => {
    expect(policy.decide(bash('make build', true, 'plan')).behavior).not.toBe('allow');
  });

  it('dontAsk mode: the sandboxed call runs instead of being refused', () => {
    expect(policy.decide(bash('make build', true, 'dontAsk')).behavior).toBe('allow');
    expect(policy.decide(bash('make build', false, 'dontAsk')).behavior).toBe('deny');
  });

  it('never auto-allows another tool', () => {
    const q: PermissionQuery = { toolName: 'Write', input: { file_path: '/etc/x', content: '' }, preview: { kind: 'diff', path: '/etc/x', oldText: null, newText: '', outsideProject: true }, agentName: 'main', mode: 'default', cwd: root, projectRoot: root, sandboxAutoAllow: true };
    expect(policy.decide(q).behavior).toBe('ask');
  });
});

function controller(raw: unknown): SandboxController {
  const { settings } = parseSandboxSettings(raw);
  const c = new SandboxController(settings, { projectRoot: root, additionalDirectories: [], homeDir: root, tandemHome: path.join(root, '.th'), settings, readDenySpecifiers: [] });
  // As after a successful start(), without needing bubblewrap for this decision.
  (c as unknown as { state: unknown }).state = { kind: 'on' };
  return c;
}

describe('which Bash calls the sandbox covers', () => {
  it('covers ordinary commands and auto-allows them by default', () => {
    const c = controller({ enabled: true });
    expect(c.placement({ command: 'make' })).toEqual({ kind: 'sandboxed' });
    expect(c.autoAllows({ command: 'make' })).toBe(true);
  });

  it('sends excluded commands outside, through the prompt, also inside a longer line', () => {
    const c = controller({ enabled: true, excludedCommands: ['docker:*'] });
    expect(c.placement({ command: 'cd app && docker build .' }).kind).toBe('outside');
    expect(c.autoAllows({ command: 'cd app && docker build .' })).toBe(false);
    expect(c.autoAllows({ command: 'make' })).toBe(true);
  });

  it('runs a dangerouslyDisableSandbox call outside with a prompt, unless that is not allowed', () => {
    const c = controller({ enabled: true });
    expect(c.placement({ command: 'make', dangerouslyDisableSandbox: true }).kind).toBe('outside');
    expect(c.autoAllows({ command: 'make', dangerouslyDisableSandbox: true })).toBe(false);
    const strict = controller({ enabled: true, allowUnsandboxedCommands: false });
    expect(strict.placement({ command: 'make', dangerouslyDisableSandbox: true }).kind).toBe('sandboxed');
  });

  it('prompts for every call with autoAllowBashIfSandboxed off (the sandbox still wraps them)', () => {
    const c = controller({ enabled: true, autoAllowBashIfSandboxed: false });
    expect(c.placement({ command: 'make' }).kind).toBe('sandboxed');
    expect(c.autoAllows({ command: 'make' })).toBe(false);
  });

  it('covers nothing when off or unavailable; refuses when failIfUnavailable', () => {
    const { settings } = parseSandboxSettings({ enabled: false });
    const off = new SandboxController(settings, { projectRoot: root, additionalDirectories: [], homeDir: root, tandemHome: root, settings, readDenySpecifiers: [] });
    expect(off.autoAllows({ command: 'make' })).toBe(false);
    const un = controller({ enabled: true, failIfUnavailable: true });
    (un as unknown as { state: unknown }).state = { kind: 'unavailable', missing: ['bubblewrap'], problems: [] };
    expect(un.placement({ command: 'make' })).toMatchObject({ kind: 'refused', why: expect.stringContaining('apt-get install -y bubblewrap socat') });
    expect(un.autoAllows({ command: 'make' })).toBe(false);
  });

  it('is read from the session store by the permission step', () => {
    const store = new Map<string, unknown>();
    expect(sandboxAutoAllows(store, { command: 'make' })).toBe(false);
    attachSandbox(store, controller({ enabled: true }));
    expect(sandboxAutoAllows(store, { command: 'make' })).toBe(true);
    expect(sandboxAutoAllows(store, { command: 'make', dangerouslyDisableSandbox: true })).toBe(false);
    expect(sandboxAutoAllows(store, { command: 42 })).toBe(false);
  });
});

describe('a domain no list decides', () => {
  it('asks once per session; "always" saves it to the project\'s local settings; no asker means no', async () => {
    const project = makeTestTempDir('tandem-sbx-net-');
    const { settings } = parseSandboxSettings({ enabled: true });
    const c = new SandboxController(settings, { projectRoot: project, additionalDirectories: [], homeDir: project, tandemHome: path.join(project, '.th'), settings, readDenySpecifiers: [] });
    expect(await c.decideHost('nobody-asked.example')).toBe(false);
    const asked: string[] = [];
    c.setNetworkAsker(async (host) => {
      asked.push(host);
      return host === 'pkg.example' ? 'always' : 'session';
    });
    expect(await Promise.all([c.decideHost('pkg.example'), c.decideHost('PKG.example')])).toEqual([true, true]);
    expect(await c.decideHost('docs.example')).toBe(true);
    expect(await c.decideHost('docs.example')).toBe(true);
    expect(asked).toEqual(['pkg.example', 'docs.example']);
    const saved = JSON.parse(fs.readFileSync(path.join(project, '.tandem', 'settings.local.json'), 'utf8'));
    expect(saved.sandbox.network.allowedDomains).toEqual(['pkg.example']);
    c.setNetworkAsker(async () => {
      throw new Error('interrupted');
    });
    expect(await c.decideHost('failing.example')).toBe(false);
  });
});
