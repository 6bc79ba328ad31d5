// The read-only fast path assumes `ls` is ls and `git status` only reads. Variables in the session environment
// (the user's own, or `env` from a settings file merged into it) can make those commands run a program: bash
// sources BASH_ENV before every `bash -c`, an exported BASH_FUNC_ls%% replaces ls, GIT_CONFIG_* can set
// core.fsmonitor, RIPGREP_CONFIG_PATH can add --pre. With such a variable set, nothing is auto-allowed as read-only.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RulePolicy } from '../../src/permissions/policy';
import { riskyEnvironment } from '../../src/permissions/risky-env';
import type { PermissionQuery } from '../../src/permissions/types';
import { makeTestTempDir } from '../support/temp-dirs';

let root = '';
let home = '';

beforeAll(() => {
  const base = makeTestTempDir('tandem-roenv-');
  root = path.join(base, 'project');
  home = path.join(base, 'home');
  for (const d of [root, home]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(root, 'README.md'), 'x');
});

afterAll(() => {
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
});

function decide(command: string, env: Record<string, string | undefined>, mode: 'default' | 'plan' = 'default'): { behavior: string; reason: string } {
  const policy = new RulePolicy({ homeDir: home, env });
  const q: PermissionQuery = { toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd: root }, agentName: 'main', mode, cwd: root, projectRoot: root };
  return policy.decide(q);
}

const clean = { PATH: '/usr/bin:/bin', HOME: '/home/u', LANG: 'C.UTF-8', PAGER: 'less', LESSOPEN: '| /usr/bin/lesspipe %s', LD_LIBRARY_PATH: '/usr/local/cuda/lib64' };

describe('read-only commands and the session environment', () => {
  it('a plain environment keeps the fast path (PAGER and LESSOPEN do not count: the Bash tool forces PAGER=cat)', () => {
    expect(decide('ls', clean).behavior).toBe('allow');
    expect(decide('git status', clean).behavior).toBe('allow');
    expect(riskyEnvironment(clean)).toEqual([]);
  });

  const risky: Array<[string, string, string]> = [
    ['BASH_ENV', '/tmp/evil.sh', 'ls'],
    ['ENV', '/tmp/evil.sh', 'ls'],
    ['BASH_FUNC_ls%%', '() { touch /tmp/pwned; }', 'ls'],
    ['SHELLOPTS', 'xtrace', 'ls'],
    ['GIT_CONFIG_COUNT', '1', 'git status'],
    ['GIT_CONFIG_PARAMETERS', "'core.fsmonitor'='sh evil'", 'git status'],
    ['GIT_CONFIG_GLOBAL', '/tmp/evil.gitconfig', 'git status'],
    ['GIT_DIR', '/tmp/other/.git', 'git status'],
    ['GIT_EXTERNAL_DIFF', '/tmp/evil', 'git diff'],
    ['RIPGREP_CONFIG_PATH', '/tmp/rgrc', 'rg TODO'],
    ['LD_PRELOAD', '/tmp/evil.so', 'ls'],
    ['CDPATH', '/etc', 'cd src && ls'],
    ['PATH', '.:/usr/bin:/bin', 'ls'],
    ['PATH', '/usr/bin::/bin', 'ls'],
    ['LD_LIBRARY_PATH', 'lib:/usr/lib', 'ls'],
  ];
  for (const [name, value, command] of risky) {
    it(`${name}=${value} makes \`${command}\` ask, and says why`, () => {
      const d = decide(command, { ...clean, [name]: value });
      expect(d.behavior).toBe('ask');
      expect(d.reason).toContain(name);
    });
  }

  it('plan mode does not take such a command as read-only either', () => {
    expect(decide('ls', { ...clean, BASH_ENV: '/tmp/evil.sh' }, 'plan').behavior).not.toBe('allow');
  });

  it('the environment is read when deciding, so settings env merged after the policy was built counts', () => {
    const env: Record<string, string | undefined> = { ...clean };
    const policy = new RulePolicy({ homeDir: home, env });
    const q: PermissionQuery = { toolName: 'Bash', input: { command: 'ls' }, preview: { kind: 'command', command: 'ls', cwd: root }, agentName: 'main', mode: 'default', cwd: root, projectRoot: root };
    expect(policy.decide(q).behavior).toBe('allow');
    env.BASH_ENV = '/tmp/evil.sh';
    expect(policy.decide(q).behavior).toBe('ask');
  });
});

describe('acceptEdits and the session environment', () => {
  it('mkdir/touch inside the project run unasked in acceptEdits only while no such variable is set', () => {
    const policy = (env: Record<string, string | undefined>) => new RulePolicy({ homeDir: home, env });
    const q = (command: string): PermissionQuery => ({ toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd: root }, agentName: 'main', mode: 'acceptEdits', cwd: root, projectRoot: root });
    expect(policy(clean).decide(q('touch new.txt')).behavior).toBe('allow');
    const d = policy({ ...clean, BASH_ENV: '/tmp/evil.sh' }).decide(q('touch new.txt'));
    expect(d.behavior).toBe('ask');
    expect(d.reason).toContain('BASH_ENV');
  });
});
