// dontAsk mode, rules that cannot be read (they never vanish), and the start-up rule check.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RulePolicy, type RuleEntry } from '../../src/permissions/policy';
import { intendedToolOf, ruleProblem } from '../../src/permissions/rule';
import type { PermissionMode, PermissionQuery } from '../../src/permissions/types';
import { blockingRuleIssues, checkRules } from '../../src/settings/rule-check';
import { parseArgs } from '../../src/cli/args';

const root = '/tmp/tandem-modes-project';

function bash(command: string, mode: PermissionMode): PermissionQuery {
  return { toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd: root }, agentName: 'main', mode, cwd: root, projectRoot: root };
}
function edit(file: string, mode: PermissionMode): PermissionQuery {
  const abs = path.join(root, file);
  return { toolName: 'Edit', input: { file_path: abs, old_string: 'a', new_string: 'b' }, preview: { kind: 'diff', path: abs, diff: '' } as never, agentName: 'main', mode, cwd: root, projectRoot: root };
}
function read(file: string, mode: PermissionMode): PermissionQuery {
  const abs = path.join(root, file);
  return { toolName: 'Read', input: { file_path: abs }, preview: { kind: 'info', text: abs } as never, agentName: 'main', mode, cwd: root, projectRoot: root };
}

describe('dontAsk mode', () => {
  const policy = new RulePolicy({ rules: [{ rule: 'Bash(npm test:*)', behavior: 'allow', source: 'f' }, { rule: 'Edit(docs/**)', behavior: 'ask', source: 'f' }] });

  it('denies what default mode would ask, saying why and how to allow it', () => {
    const d = policy.decide(bash('curl example.com', 'dontAsk'));
    expect(d.behavior).toBe('deny');
    expect(d.reason).toMatch(/dontAsk mode denies what would ask/);
    expect(policy.decide(bash('curl example.com', 'default')).behavior).toBe('ask');
    expect(policy.decide(edit('src/a.ts', 'dontAsk')).behavior).toBe('deny');
  });

  it('an explicit ask rule is denied too (nobody is asked)', () => {
    expect(policy.decide(edit('docs/x.md', 'dontAsk'))).toMatchObject({ behavior: 'deny', rule: 'Edit(docs/**)' });
  });

  it('allow rules and reads inside the project still go through', () => {
    expect(policy.decide(bash('npm test -- --watch=false', 'dontAsk')).behavior).toBe('allow');
    expect(policy.decide(read('src/a.ts', 'dontAsk')).behavior).toBe('allow');
  });

  it('is accepted by --permission-mode', () => {
    expect(parseArgs(['--permission-mode', 'dontAsk']).permissionMode).toBe('dontAsk');
  });
});

describe('rules that cannot be read', () => {
  it('a broken deny rule asks for every call of the tool it names, even in bypassPermissions mode', () => {
    const policy = new RulePolicy({ rules: [{ rule: 'Bash(rm:*', behavior: 'deny', source: '/p/.tandem/settings.json', line: 4 }] });
    const d = policy.decide(bash('ls', 'bypassPermissions'));
    expect(d.behavior).toBe('ask');
    expect(d.reason).toBe('the rule Bash(rm:* (from /p/.tandem/settings.json:4) cannot be read, so every Bash call asks until it is fixed');
    // Other tools are not affected.
    expect(policy.decide(read('a.txt', 'bypassPermissions')).behavior).toBe('allow');
    // In dontAsk mode the ask becomes a denial.
    expect(policy.decide(bash('ls', 'dontAsk')).behavior).toBe('deny');
  });

  it('a broken Read or Edit deny rule also makes every Bash call ask (a command can read the same file)', () => {
    const policy = new RulePolicy({ rules: [{ rule: 'Read(.env', behavior: 'deny', source: 'f' }] });
    expect(policy.decide(read('.env', 'bypassPermissions')).behavior).toBe('ask');
    expect(policy.decide(bash('cat .env', 'bypassPermissions')).behavior).toBe('ask');
    expect(policy.listRules()).toEqual([{ rule: 'Read(.env', behavior: 'ask', source: 'f' }]);
  });

  it('a broken allow rule allows nothing', () => {
    const policy = new RulePolicy({ allowedTools: ['Bash(npm test'] });
    expect(policy.decide(bash('npm test', 'default')).behavior).toBe('ask');
  });

  it('knows which tool a broken rule was meant for, only for known tool names', () => {
    expect(intendedToolOf('Bash(rm:*')).toBe('Bash');
    expect(intendedToolOf('Agent(x')).toBe('Task');
    expect(intendedToolOf('mcp__db__query(')).toBe('mcp__db__query');
    expect(intendedToolOf('Bsh(rm')).toBeUndefined();
  });

  it('ruleProblem: malformed rules are fatal, unknown tool names are not; built-ins, Claude Code tools, mcp__ and Agent are known', () => {
    expect(ruleProblem('Bash(rm:*')).toMatchObject({ fatal: true });
    expect(ruleProblem('(x)')).toMatchObject({ fatal: true });
    expect(ruleProblem('Raed(.env)')).toMatchObject({ fatal: false, message: expect.stringMatching(/names no tool tandem knows \("Raed"/) });
    for (const ok of ['Read(.env)', 'Bash', 'Agent(reviewer)', 'Task', 'mcp__github', 'mcp__github__*', 'mcp__db__query', 'WebFetch(domain:example.com)', 'SlashCommand', 'NotebookEdit']) {
      expect(ruleProblem(ok), ok).toBeNull();
    }
  });

  it('checkRules names the place (file:line or the flag) and blocks only unreadable deny/ask rules', () => {
    const entries: RuleEntry[] = [
      { rule: 'Bash(rm:*', behavior: 'deny', source: '/p/s.json', line: 7 },
      { rule: 'Read(x', behavior: 'allow', source: '/p/s.json', line: 3 },
      { rule: 'Raed(.env)', behavior: 'deny', source: '/p/s.json', line: 8 },
      { rule: 'Edit(a', behavior: 'deny', source: 'cli' },
      { rule: 'Read(.env)', behavior: 'deny', source: '/p/s.json', line: 9 },
    ];
    const issues = checkRules(entries);
    expect(issues.map((i) => i.where)).toEqual(['/p/s.json:7', '/p/s.json:3', '/p/s.json:8', '--disallowedTools']);
    expect(issues[0]!.message).toMatch(/^\/p\/s.json:7: deny rule "Bash\(rm:\*" is missing its closing parenthesis/);
    expect(blockingRuleIssues(issues).map((i) => i.rule)).toEqual(['Bash(rm:*', 'Edit(a']);
  });
});
