// `tandem doctor`: every settings file and what became of it, every rule with file:line, hooks, MCP servers, the
// mode and its source, every warning; exit 1 when a headless run would refuse to start.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctorCommand, type DoctorReport } from '../../src/cli/doctor-command';
import { TrustStore } from '../../src/trust/store';
import { makeTestTempDir } from '../support/temp-dirs';

let base = '';
let project = '';
let home = '';
let env: NodeJS.ProcessEnv;

function write(file: string, content: unknown): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function doctor(args: string[] = []): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runDoctorCommand(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), cwd: project, env });
  return { code, out, err };
}

beforeEach(() => {
  base = makeTestTempDir('tandem-doctor-');
  project = path.join(base, 'proj');
  home = path.join(base, 'home');
  fs.mkdirSync(path.join(project, '.git'), { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  env = { HOME: home, TANDEM_HOME: path.join(home, '.tandem'), TANDEM_MANAGED_SETTINGS: path.join(base, 'managed.json') };
  // Most of these check what a project's settings do once it is trusted; the trust test below starts untrusted.
  TrustStore.forHome(path.join(home, '.tandem')).trust(project);
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

describe('tandem doctor', () => {
  it('in a folder not trusted: says so, and lists only what a session would use (no project allow rules, hooks, mode)', () => {
    TrustStore.forHome(path.join(home, '.tandem')).untrust(project);
    write(path.join(project, '.claude', 'settings.json'), {
      permissions: { defaultMode: 'bypassPermissions', deny: ['Read(.env)'], allow: ['Bash(curl:*)'] },
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'repo-hook.sh' }] }] },
    });
    const untrusted = doctor();
    expect(untrusted.out).toContain('Folder trust: NOT trusted');
    expect(untrusted.out).toMatch(/not used: .*project hook/);
    expect(untrusted.out).toContain('deny  Read(.env)');
    expect(untrusted.out).not.toContain('allow Bash(curl:*)');
    expect(untrusted.out).not.toContain('repo-hook.sh  (');
    expect(untrusted.out).toContain('Permission mode: default');
    const json = JSON.parse(doctor(['--json']).out) as DoctorReport;
    expect(json.trust.trusted).toBe(false);

    TrustStore.forHome(path.join(home, '.tandem')).trust(project);
    const trusted = doctor();
    expect(trusted.out).toContain('Folder trust: trusted');
    expect(trusted.out).toContain('allow Bash(curl:*)');
    expect(trusted.out).toContain('repo-hook.sh  (');
  });

  it('lists files, rules with file:line (managed marked), hooks, MCP servers, the mode and its source, and warnings', () => {
    const managed = write(path.join(base, 'managed.json'), { permissions: { deny: ['WebFetch'] } });
    const projectFile = write(path.join(project, '.claude', 'settings.json'), {
      permissions: { defaultMode: 'acceptEdits', deny: ['Read(.env)'], allow: ['Bash(npm test:*)'] },
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'guard.sh' }, { type: 'prompt', prompt: 'x' }] }] },
      mcpServers: { db: { command: 'db-server' } },
      colour: 1,
    });
    write(path.join(project, '.tandem', 'settings.local.json'), '{ "model": ');
    const { code, out } = doctor();
    expect(out).toContain(`loaded   managed ${managed}`);
    expect(out).toContain(`warnings project ${projectFile}`);
    expect(out).toContain(`error    local   ${path.join(project, '.tandem', 'settings.local.json')}`);
    expect(out).toContain(`missing  user    ${path.join(home, '.claude', 'settings.json')}`);
    expect(out).toContain(`Permission mode: acceptEdits (from ${projectFile}:3)`);
    expect(out).toContain(`deny  WebFetch  (managed: ${managed}:4)`);
    expect(out).toContain(`deny  Read(.env)  (${projectFile}:5)`);
    expect(out).toContain(`allow Bash(npm test:*)  (${projectFile}:8)`);
    expect(out).toMatch(new RegExp(`PreToolUse \\[Bash\\]: guard.sh  \\(${projectFile}:\\d+\\)`));
    expect(out).toMatch(/db: .*\(.*\.claude\/settings\.json \(project\)\)/);
    expect(out).toMatch(/"colour" is not a setting/);
    expect(out).toMatch(/is "prompt": tandem runs only "command" hooks/);
    expect(out).toMatch(/invalid JSON/);
    // A broken file makes headless refuse: doctor says so and exits 1.
    expect(out).toContain('Headless runs (tandem -p) refuse to start until these are fixed:');
    expect(code).toBe(1);
  });

  it('an unreadable deny rule is shown as such and makes doctor exit 1; a clean folder exits 0', () => {
    expect(doctor().code).toBe(0);
    const file = write(path.join(project, '.tandem', 'settings.json'), { permissions: { deny: ['Bash(rm:*'] } });
    const { code, out } = doctor();
    expect(code).toBe(1);
    expect(out).toContain(`deny  Bash(rm:*  (${file}:4; cannot be read, so every call of its tool asks)`);
    expect(out).toMatch(/✗ .*deny rule "Bash\(rm:\*" is missing its closing parenthesis/);
  });

  it('--json gives the same report as data', () => {
    write(path.join(project, '.tandem', 'settings.json'), { permissions: { defaultMode: 'auto' } });
    const report = JSON.parse(doctor(['--json']).out) as DoctorReport;
    expect(report.mode).toEqual({ mode: 'default', source: expect.stringContaining('.tandem/settings.json:3') });
    expect(report.warnings[0]).toMatch(/"permissions.defaultMode" is "auto"/);
    expect(doctor(['--bogus']).code).toBe(2);
  });

  it('shows control characters in rules as escapes, not raw', () => {
    write(path.join(project, '.tandem', 'settings.json'), { permissions: { allow: ['Bash(echo \u001b[31mred)'] } });
    const { out } = doctor();
    expect(out).not.toContain('\u001b');
    expect(out).toContain('Bash(echo \\x1b[31mred)');
  });

  it('goes through the one sanitiser: a newline cannot forge a line, invisible characters are named', () => {
    // A rule with a line break would print a second, made-up rule line; a word joiner or a tag character hides text.
    write(path.join(project, '.tandem', 'settings.json'), { permissions: { deny: ['Read(.env)\n  allow Bash  (managed: /etc/tandem)', 'Bash(r\u2060m:*)', 'Bash(x\u{e0041})', 'Bash(y\u2028z)'] } });
    const { out } = doctor();
    expect(out).not.toMatch(/\n {2}allow Bash {2}\(managed/);
    expect(out).toContain('Read(.env)⏎  allow Bash');
    for (const raw of ['\u2060', '\u{e0041}', '\u2028']) expect(out).not.toContain(raw);
    expect(out).toContain('r⟨U+2060⟩m');
  });
});
