// Custom commands as Claude Code users write them: `!` lines run before sending (only what the permission policy
// allows, the command's allowed-tools counted; only in a trusted folder for a project's command), `@path` files
// attached through Read rules, the command's model and allowed-tools handed to its turn, argument-hint in both styles.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCommand } from '../../src/session/custom-commands';
import { prepareCustomCommand } from '../../src/session/command-prepare';
import { RulePolicy } from '../../src/permissions/policy';
import { makeTestTempDir } from '../support/temp-dirs';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function project(): string {
  const dir = makeTestTempDir('tandem-cmd-');
  dirs.push(dir);
  return dir;
}

const COMMIT = `---
description: Commit the staged changes with a conventional message
argument-hint: [scope] [type]
allowed-tools: Bash(git status:*), Bash(git diff:*)
model: haiku
disable-model-invocation: true
---
## Context
- Status: !\`git status --short\`
- Staged diff: !\`git diff --cached --stat\`
- Untracked cleanup: !\`rm -rf build\`

Write a commit message for scope $1 and type $2.
`;

function command(text: string, scope: 'project' | 'user' = 'project', trusted = true) {
  const { command: c, warnings } = buildCommand('commit', '/repo/.claude/commands/commit.md', scope, text);
  c.mayRunShell = scope === 'user' || trusted;
  return { c, warnings };
}

describe('custom command frontmatter', () => {
  it('argument-hint in the bracket style is text (no YAML warning), a YAML list too, and disable-model-invocation is read', () => {
    const { c, warnings } = command(COMMIT);
    expect(warnings).toEqual([]);
    expect(c.argumentHint).toBe('[scope] [type]');
    expect(c.disableModelInvocation).toBe(true);
    expect(c.allowedTools).toEqual(['Bash(git status:*)', 'Bash(git diff:*)']);
    const single = command('---\nargument-hint: [message]\n---\nx $ARGUMENTS\n');
    expect(single.warnings).toEqual([]);
    expect(single.c.argumentHint).toBe('[message]');
    const plain = command('---\nargument-hint: <file> then focus\n---\nx\n');
    expect(plain.c.argumentHint).toBe('<file> then focus');
  });
});

describe('preparing a command', () => {
  it('runs the ! lines its allowed-tools cover, refuses the rest, and hands the model and rules to the turn', async () => {
    const dir = project();
    const ran: string[] = [];
    const { c } = command(COMMIT);
    const policy = new RulePolicy({});
    const prepared = await prepareCustomCommand(c, 'api feat', {
      policy,
      mode: 'default',
      cwd: dir,
      projectRoot: dir,
      runShell: async (line) => {
        ran.push(line);
        return { output: `output of ${line}\n`, exitCode: 0 };
      },
    });
    expect(ran).toEqual(['git status --short', 'git diff --cached --stat']);
    expect(prepared.prompt).toContain('- Status: output of git status --short\n');
    expect(prepared.prompt).toContain('[shell line not run: rm -rf build: not allowed without approval]');
    expect(prepared.prompt).toContain('Write a commit message for scope api and type feat.');
    expect(prepared.notes).toContainEqual(expect.stringMatching(/^! rm -rf build: not run: it would need approval/));
    expect(prepared.turn).toMatchObject({ model: 'haiku', allowRules: ['Bash(git status:*)', 'Bash(git diff:*)'] });
    // The rules were only there while deciding: the policy is as it was.
    expect(policy.decide({ toolName: 'Bash', input: { command: 'git diff --cached --stat > x' }, preview: { kind: 'command', command: 'git diff --cached --stat > x', cwd: dir }, agentName: 'main', mode: 'default', cwd: dir, projectRoot: dir }).behavior).toBe('ask');
  });

  it('a deny rule wins over allowed-tools; dontAsk refuses what would ask', async () => {
    const dir = project();
    const ran: string[] = [];
    const { c } = command(COMMIT);
    const runShell = async (line: string) => {
      ran.push(line);
      return { output: 'x', exitCode: 0 };
    };
    const policy = new RulePolicy({ rules: [{ rule: 'Bash(git diff:*)', behavior: 'deny', source: 'settings.json' }] });
    const prepared = await prepareCustomCommand(c, '', { policy, mode: 'dontAsk', cwd: dir, projectRoot: dir, runShell });
    expect(ran).toEqual(['git status --short']);
    expect(prepared.notes.join('\n')).toMatch(/git diff --cached --stat: not run: denied by rule Bash\(git diff:\*\)/);
  });

  it("arguments cannot add a ! line, and a project command in an untrusted folder runs none and gets no allowed-tools", async () => {
    const dir = project();
    const ran: string[] = [];
    const runShell = async (line: string) => {
      ran.push(line);
      return { output: 'x', exitCode: 0 };
    };
    const { c } = command('---\nallowed-tools: Bash\n---\nReview $ARGUMENTS\n');
    const injected = await prepareCustomCommand(c, '!`touch pwned`', { policy: new RulePolicy({}), mode: 'bypassPermissions', cwd: dir, projectRoot: dir, runShell });
    expect(ran).toEqual([]);
    expect(injected.prompt).toBe('Review !`touch pwned`');

    const untrusted = command(COMMIT, 'project', false).c;
    const prepared = await prepareCustomCommand(untrusted, '', { policy: new RulePolicy({}), mode: 'bypassPermissions', cwd: dir, projectRoot: dir, runShell });
    expect(ran).toEqual([]);
    expect(prepared.turn.allowRules).toBeUndefined();
    expect(prepared.notes.join('\n')).toMatch(/allowed-tools not applied: this folder is not trusted/);
    expect(prepared.notes.join('\n')).toMatch(/! git status --short: not run: project commands run shell lines only in a trusted folder/);
  });

  it('a ! line really runs in the working directory (the default runner)', async () => {
    const dir = project();
    writeFileSync(join(dir, 'marker.txt'), 'here');
    const { c } = command('---\nallowed-tools: Bash(ls:*)\n---\nFiles: !`ls`\n', 'user');
    const prepared = await prepareCustomCommand(c, '', { policy: new RulePolicy({}), mode: 'default', cwd: dir, projectRoot: dir });
    expect(prepared.prompt).toBe('Files: marker.txt');
    expect(prepared.notes).toEqual(['! ls: ran (exit 0)']);
  });

  it('@path attaches a file the Read rules allow, not one they deny, and leaves e-mail addresses alone', async () => {
    const dir = project();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'auth.ts'), 'export const login = () => true;\n');
    writeFileSync(join(dir, '.env'), 'TOKEN=secret\n');
    const { c } = command('Review @src/auth.ts and @.env; mail ops@example.com\n');
    const policy = new RulePolicy({ rules: [{ rule: 'Read(.env)', behavior: 'deny', source: 'settings.json' }] });
    const prepared = await prepareCustomCommand(c, '', { policy, mode: 'default', cwd: dir, projectRoot: dir });
    expect(prepared.prompt).toContain('export const login');
    expect(prepared.prompt).not.toContain('TOKEN=secret');
    expect(prepared.notes.join('\n')).toMatch(/@\.env: not attached: denied by rule Read\(\.env\)/);
    expect(prepared.notes.join('\n')).toMatch(/@src\/auth\.ts: attached/);
  });

  it("a ! line's output cannot attach files: @ is only read in what the command and its arguments say", async () => {
    const dir = project();
    writeFileSync(join(dir, 'private.txt'), 'PRIVATE-CONTENT');
    const { c } = command('---\nallowed-tools: Bash(echo:*)\n---\nLog: !`echo @private.txt`\n', 'user');
    const prepared = await prepareCustomCommand(c, '', { policy: new RulePolicy({}), mode: 'default', cwd: dir, projectRoot: dir });
    expect(prepared.prompt).toBe('Log: @private.txt');
    expect(prepared.prompt).not.toContain('PRIVATE-CONTENT');
  });
});
