// RulePolicy beyond decide(): suggestions, session rules, listing, headless messages, the root check.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RulePolicy } from '../../src/permissions/policy';
import { checkBypassAllowed, PLAN_MODE_MESSAGE } from '../../src/permissions/modes';
import { parseShell } from '../../src/permissions/shell-parse';
import { RuleSyntaxError } from '../../src/permissions/rule';
import type { PermissionMode, PermissionQuery } from '../../src/permissions/types';
import { makeTestTempDir } from '../support/temp-dirs';

const root = makeTestTempDir('tandem-policy-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function bashQ(command: string, mode: PermissionMode = 'default'): PermissionQuery {
  return { toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd: root }, agentName: 'main', mode, cwd: root, projectRoot: root };
}
function editQ(rel: string, mode: PermissionMode = 'default'): PermissionQuery {
  const p = path.isAbsolute(rel) ? rel : path.join(root, rel);
  return { toolName: 'Edit', input: { file_path: p }, preview: { kind: 'diff', path: p, oldText: 'a', newText: 'b', outsideProject: false }, agentName: 'main', mode, cwd: root, projectRoot: root };
}
function toolQ(toolName: string, input: Record<string, unknown>, mode: PermissionMode = 'default'): PermissionQuery {
  return { toolName, input, preview: { kind: 'info', title: toolName }, agentName: 'main', mode, cwd: root, projectRoot: root };
}

describe('suggestRule', () => {
  const policy = new RulePolicy();
  it.each([
    ['npm run test -- x', 'Bash(npm run test:*)', 'this command prefix: npm run test'],
    ['git status', 'Bash(git status:*)', 'this command prefix: git status'],
    ['ls -la', 'Bash(ls:*)', 'this command prefix: ls'],
    ['git commit -m "fix it"', 'Bash(git commit:*)', 'this command prefix: git commit'],
    ['rm -rf build', 'Bash(rm -rf build)', 'this exact command'],
    ['npm test && rm -rf x', 'Bash(npm test && rm -rf x)', 'this exact command'],
    ['FOO=1 make', 'Bash(FOO=1 make)', 'this exact command'],
  ])('%s -> %s', (command, rule, label) => {
    expect(policy.suggestRule(bashQ(command))).toEqual({ rule, label });
  });

  it('a suggested compound rule allows that exact line and nothing broader', () => {
    const p = new RulePolicy();
    const { rule } = p.suggestRule(bashQ('npm test && rm -rf x'));
    p.addSessionRule(rule, 'allow');
    expect(p.decide(bashQ('npm test && rm -rf x')).behavior).toBe('allow');
    expect(p.decide(bashQ('npm test && rm -rf y')).behavior).toBe('ask');
    expect(p.decide(bashQ('rm -rf x')).behavior).toBe('ask');
  });

  it('files relative to the project root, domains, tools', () => {
    expect(policy.suggestRule(editQ('src/a.ts'))).toEqual({ rule: 'Edit(src/a.ts)', label: 'this file: src/a.ts' });
    expect(policy.suggestRule(editQ('README.md'))).toEqual({ rule: 'Edit(/README.md)', label: 'this file: README.md' });
    expect(policy.suggestRule(editQ('/etc/hosts'))).toEqual({ rule: 'Edit(//etc/hosts)', label: 'this file: /etc/hosts' });
    expect(policy.suggestRule(toolQ('WebFetch', { url: 'https://docs.example.com/x' }))).toEqual({ rule: 'WebFetch(domain:docs.example.com)', label: 'the domain docs.example.com' });
    expect(policy.suggestRule(toolQ('mcp__gh__list', {}))).toEqual({ rule: 'mcp__gh__list', label: 'this tool' });
  });

  it('each suggestion, once added, allows the same call again', () => {
    for (const q of [bashQ('npm run test -- x'), editQ('src/a.ts'), editQ('README.md'), toolQ('WebFetch', { url: 'https://example.com/' })]) {
      const p = new RulePolicy();
      expect(p.decide(q).behavior).toBe('ask');
      p.addSessionRule(p.suggestRule(q).rule, 'allow');
      expect(p.decide(q).behavior).toBe('allow');
    }
  });
});

describe('session rules', () => {
  it('a session rule stops the next identical prompt and no other, and can be removed', () => {
    const p = new RulePolicy({ rules: [{ rule: 'Read(.env)', behavior: 'deny', source: '/x/settings.json' }], allowedTools: ['Bash(ls:*)'], disallowedTools: ['WebSearch'] });
    p.addSessionRule('Bash(npm test:*)', 'allow');
    expect(p.decide(bashQ('npm test')).behavior).toBe('allow');
    expect(p.decide(bashQ('npm publish')).behavior).toBe('ask');
    expect(p.decide(bashQ('npm test')).reason).toMatch(/Bash\(npm test:\*\).*added this session/);
    expect(p.listRules()).toEqual([
      { rule: 'Read(.env)', behavior: 'deny', source: '/x/settings.json' },
      { rule: 'Bash(ls:*)', behavior: 'allow', source: 'cli' },
      { rule: 'WebSearch', behavior: 'deny', source: 'cli' },
      { rule: 'Bash(npm test:*)', behavior: 'allow', source: 'session' },
    ]);
    expect(p.removeSessionRule('Bash(ls:*)')).toBe(false); // not a session rule
    expect(p.removeSessionRule('Bash(npm test:*)')).toBe(true);
    expect(p.decide(bashQ('npm test')).behavior).toBe('ask');
  });

  it('rejects a malformed rule, and reports malformed settings rules as warnings', () => {
    const p = new RulePolicy({ rules: [{ rule: 'Bash(npm test', behavior: 'allow', source: 'f.json' }] });
    expect(p.warnings[0]).toMatch(/f.json.*closing parenthesis/);
    expect(() => p.addSessionRule('Bash(oops', 'allow')).toThrow(RuleSyntaxError);
  });
});

describe('headless and modes', () => {
  it('headless denial names the flag that would allow the call', () => {
    const p = new RulePolicy();
    const q = bashQ('npm test -- --ci');
    const msg = p.headlessDenialMessage(q, p.decide(q));
    expect(msg).toContain('--allowedTools "Bash(npm test:*)"');
    const e = editQ('src/a.ts');
    expect(p.headlessDenialMessage(e, p.decide(e))).toContain('--permission-mode acceptEdits');
  });

  it('plan mode tells the model what to do', () => {
    const d = new RulePolicy().decide(editQ('src/a.ts', 'plan'));
    expect(d).toEqual({ behavior: 'deny', reason: PLAN_MODE_MESSAGE });
    expect(d.reason).toContain('ExitPlanMode');
  });

  it('bypass is refused for root unless explicitly allowed', () => {
    expect(checkBypassAllowed({ uid: 0 })).toMatch(/root.*--dangerously-skip-permissions/s);
    expect(checkBypassAllowed({ uid: 0, allowRootBypass: true })).toBeNull();
    expect(checkBypassAllowed({ uid: 1000 })).toBeNull();
  });
});

describe('shell parser', () => {
  const words = (s: string): string[][] => {
    const r = parseShell(s);
    return r.commands.map((c) => c.words.map((w) => w.text));
  };
  it('splits on operators and extracts substitutions', () => {
    expect(words('a && b || c; d | e & f')).toEqual([['a'], ['b'], ['c'], ['d'], ['e'], ['f']]);
    expect(words('echo "x $(date) y" `id`')).toEqual([['date'], ['id'], ['echo', 'x $(…) y', '$(…)']]);
    expect(words("echo 'a;b' \"c&&d\" e\\;f")).toEqual([['echo', 'a;b', 'c&&d', 'e;f']]);
    expect(words('cat <(ls) >(wc)')).toEqual([['ls'], ['wc'], ['cat', '$(…)', '$(…)']]);
  });
  it('reads redirections', () => {
    const c = parseShell('cmd 2>&1 >out.txt >>log &>all <in 2>err').commands[0]!;
    expect(c.words.map((w) => w.text)).toEqual(['cmd']);
    expect(c.redirects.map((r) => [r.op, r.target?.text ?? null])).toEqual([
      ['>&', null], ['>', 'out.txt'], ['>>', 'log'], ['&>', 'all'], ['<', 'in'], ['>', 'err'],
    ]);
  });
  it('fails on what it cannot check', () => {
    for (const bad of ['echo "x', "echo 'x", 'echo $((1+2))', '(a)', 'cat <<EOF', 'if a; then b; fi', 'echo `x', 'echo $(x']) {
      expect(parseShell(bad).ok, bad).toBe(false);
    }
  });
});
