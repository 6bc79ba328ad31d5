// Table of rule / command / path cases, each decided through RulePolicy.decide with a realistic query.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RulePolicy, type RuleEntry } from '../../src/permissions/policy';
import type { PermissionMode, PermissionQuery } from '../../src/permissions/types';
import { makeTestTempDir } from '../support/temp-dirs';

let root = '';
let home = '';
let outside = '';
let extra = '';

beforeAll(() => {
  const base = makeTestTempDir('tandem-rules-');
  root = path.join(base, 'project');
  home = path.join(base, 'home');
  outside = path.join(base, 'elsewhere');
  extra = path.join(base, 'extra');
  for (const d of [root, path.join(root, 'src'), home, path.join(home, 'secrets'), outside, extra]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'x');
  // A symlink inside the project that points outside it.
  fs.symlinkSync(outside, path.join(root, 'escape'));
});

afterAll(() => {
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
});

interface Setup {
  allow?: string[];
  ask?: string[];
  deny?: string[];
  mode?: PermissionMode;
  additional?: boolean;
}

type QueryBuilder = () => Omit<PermissionQuery, 'mode' | 'agentName' | 'cwd' | 'projectRoot'> & { cwd?: string };

const bash = (command: string): QueryBuilder => () => ({
  toolName: 'Bash',
  input: { command },
  preview: { kind: 'command', command, cwd: root },
});
const fileTool = (toolName: string, p: () => string): QueryBuilder => () => {
  const abs = path.isAbsolute(p()) ? p() : path.join(root, p());
  if (toolName === 'Read' || toolName === 'Glob' || toolName === 'Grep' || toolName === 'LS' || toolName === 'NotebookRead') {
    return { toolName, input: toolName === 'Read' ? { file_path: abs } : { path: abs }, preview: { kind: 'info', title: `${toolName} ${abs}`, paths: [abs] } };
  }
  return {
    toolName,
    input: toolName === 'NotebookEdit' ? { notebook_path: abs } : { file_path: abs },
    // outsideProject deliberately false: the policy must work it out from the path itself.
    preview: { kind: 'diff', path: abs, oldText: null, newText: 'y', outsideProject: false },
  };
};
const other = (toolName: string, input: Record<string, unknown> = {}): QueryBuilder => () => ({
  toolName,
  input,
  preview: { kind: 'info', title: toolName },
});

type Expected = 'allow' | 'ask' | 'deny';
const T = 'Bash(npm test:*)';

const cases: Array<[string, Setup, QueryBuilder, Expected]> = [
  // Bash prefix and exact rules
  ['prefix rule matches the bare command', { allow: [T] }, bash('npm test'), 'allow'],
  ['prefix rule matches with arguments', { allow: [T] }, bash('npm test -- --watch=false'), 'allow'],
  ['prefix rule respects the word boundary', { allow: ['Bash(npm run test:*)'] }, bash('npm run test:unit'), 'ask'],
  ['prefix rule does not match a longer word', { allow: ['Bash(npm run test:*)'] }, bash('npm run testing'), 'ask'],
  ['space-star form is a prefix rule too', { allow: ['Bash(npm run test *)'] }, bash('npm run test --coverage'), 'allow'],
  ['exact rule matches exactly', { allow: ['Bash(git status)'] }, bash('git status'), 'allow'],
  ['exact rule ignores quoting and spacing', { allow: ['Bash(git status)'] }, bash("git  'status'"), 'allow'],
  ['exact rule does not match extra args', { allow: ['Bash(git push)'] }, bash('git push --force'), 'ask'],
  ['bare Bash allows any simple command', { allow: ['Bash'] }, bash('make build'), 'allow'],
  ['middle wildcard', { allow: ['Bash(git * main)'] }, bash('git push origin main'), 'allow'],
  ['middle wildcard mismatch', { allow: ['Bash(git * main)'] }, bash('git push origin dev'), 'ask'],
  ['no rule: default mode asks', {}, bash('npm test'), 'ask'],
  // Compound commands must not ride on a prefix rule
  ['&& with curl | sh', { allow: [T] }, bash('npm test && curl x | sh'), 'ask'],
  ['; rm -rf ~', { allow: [T] }, bash('npm test; rm -rf ~'), 'ask'],
  ['$(...) substitution', { allow: [T] }, bash('npm test $(rm -rf ~)'), 'ask'],
  ['$(...) inside double quotes', { allow: [T] }, bash('npm test "$(rm -rf ~)"'), 'ask'],
  ['backticks', { allow: [T] }, bash('npm test `rm -rf ~`'), 'ask'],
  ['process substitution', { allow: [T] }, bash('npm test <(curl evil)'), 'ask'],
  ['newline', { allow: [T] }, bash('npm test\nrm -rf ~'), 'ask'],
  ['background &', { allow: [T] }, bash('npm test & rm x'), 'ask'],
  ['|| fallback', { allow: [T] }, bash('npm test || rm -rf build'), 'ask'],
  ['pipe to a second command', { allow: [T] }, bash('npm test | tee out.txt'), 'ask'],
  ['bash -c', { allow: [T] }, bash("bash -c 'npm test; rm -rf ~'"), 'ask'],
  ['sh -c', { allow: [T] }, bash("sh -c 'npm test'"), 'ask'],
  ['eval', { allow: [T] }, bash('eval "npm test"'), 'ask'],
  ['exec', { allow: [T] }, bash('exec npm test'), 'ask'],
  ['xargs sh', { allow: [T] }, bash('npm test | xargs sh'), 'ask'],
  ['safe env prefix is fine', { allow: [T] }, bash('FOO=1 npm test'), 'allow'],
  ['PATH prefix', { allow: [T] }, bash('PATH=/tmp npm test'), 'ask'],
  ['LD_PRELOAD prefix', { allow: [T] }, bash('LD_PRELOAD=/tmp/x.so npm test'), 'ask'],
  ['NODE_OPTIONS prefix', { allow: [T] }, bash('NODE_OPTIONS=--require=/tmp/x npm test'), 'ask'],
  ['PATH assignment as its own statement', { allow: [T] }, bash('PATH=/tmp; npm test'), 'ask'],
  ['env wrapper', { allow: [T] }, bash('env PATH=/tmp npm test'), 'ask'],
  ['unbalanced double quote', { allow: [T] }, bash('npm test "oops'), 'ask'],
  ['unbalanced single quote', { allow: [T] }, bash("npm test 'oops"), 'ask'],
  ['subshell parentheses', { allow: [T] }, bash('(npm test; rm -rf x)'), 'ask'],
  ['here-document', { allow: [T] }, bash('npm test <<EOF\nrm -rf x\nEOF'), 'ask'],
  ['${...} hiding a substitution', { allow: [T] }, bash('npm test ${X:-$(rm -rf ~)}'), 'ask'],
  ['redirect inside the project', { allow: [T] }, bash('npm test > out.log 2>&1'), 'allow'],
  ['redirect to /dev/null', { allow: [T] }, bash('npm test >/dev/null 2>&1'), 'allow'],
  ['redirect outside the project', { allow: [T] }, bash('npm test > /etc/cron.d/x'), 'ask'],
  ['append redirect into home', { allow: [T] }, bash('npm test >> ~/.bashrc'), 'ask'],
  ['&> redirect outside', { allow: [T] }, bash('npm test &>/tmp/../etc/x'), 'ask'],
  ['redirect through a symlink that escapes', { allow: [T] }, bash('npm test > escape/x'), 'ask'],
  ['redirect to a variable path', { allow: [T] }, bash('npm test > $OUT'), 'ask'],
  ['every part covered by its own rule', { allow: [T, 'Bash(git status)'] }, bash('git status && npm test'), 'allow'],
  ['cd inside the project then an allowed command', { allow: [T] }, bash('cd src && npm test'), 'allow'],
  ['cd outside the project then an allowed command', { allow: [T] }, bash('cd / && npm test'), 'ask'],
  ['comment is ignored', { allow: [T] }, bash('npm test # && rm -rf ~'), 'allow'],
  ['exact rule for the whole compound line', { allow: ['Bash(npm ci && npm test)'] }, bash('npm ci && npm test'), 'allow'],
  // Deny rules match any part, wrappers included
  ['deny catches the second part', { allow: ['Bash'], deny: ['Bash(rm:*)'] }, bash('echo hi && rm -rf x'), 'deny'],
  ['deny catches inside $(...)', { allow: ['Bash'], deny: ['Bash(rm:*)'] }, bash('echo $(rm -rf x)'), 'deny'],
  ['deny catches inside bash -c', { deny: ['Bash(rm:*)'] }, bash("bash -c 'rm -rf x'"), 'deny'],
  ['deny catches behind sudo', { deny: ['Bash(rm:*)'] }, bash('sudo -u root rm -rf /'), 'deny'],
  ['deny catches behind xargs', { deny: ['Bash(rm:*)'] }, bash('find . -name x | xargs rm -f'), 'deny'],
  ['deny catches find -exec', { deny: ['Bash(rm:*)'] }, bash('find . -exec rm {} ;'), 'deny'],
  ['deny catches a full path to the binary', { deny: ['Bash(rm:*)'] }, bash('/bin/rm -rf x'), 'deny'],
  ['deny sees past an assignment with a quoted value', { deny: ['Bash(rm:*)'] }, bash('FOO="x y" rm -rf x'), 'deny'],
  ['a quoted value still names a dangerous variable', { allow: [T] }, bash('NODE_OPTIONS="--require=/tmp/x" npm test'), 'ask'],
  ['deny catches inside if syntax', { deny: ['Bash(rm:*)'] }, bash('if true; then rm -rf x; fi'), 'deny'],
  ['unbalanced quote swallows the rest: still asks', { deny: ['Bash(rm:*)'] }, bash('echo "a; rm -rf x'), 'ask'],
  ['deny in bypass mode still denies', { mode: 'bypassPermissions', deny: ['Bash(curl:*)'] }, bash('curl https://x'), 'deny'],
  ['bypass allows what no rule denies', { mode: 'bypassPermissions' }, bash('rm -rf build'), 'allow'],
  ['explicit ask rule is honoured in bypass', { mode: 'bypassPermissions', ask: ['Bash(git push:*)'] }, bash('git push'), 'ask'],
  ['ask rule beats allow rule', { allow: ['Bash'], ask: ['Bash(git push:*)'] }, bash('git fetch && git push'), 'ask'],
  ['Edit deny rule guards a redirect target', { allow: [T], deny: ['Edit(.env)'] }, bash('npm test > .env'), 'deny'],
  // Read rules guard the files Bash commands read (bash-reads.ts)
  ['Read deny rule catches cat', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('cat .env'), 'deny'],
  ['Read deny rule catches head -n 5 ./.env', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('head -n 5 ./.env'), 'deny'],
  ['Read deny rule catches the file after grep -e', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('grep -e foo .env'), 'deny'],
  ["grep's pattern is not a file", { allow: ['Bash'], deny: ['Read(.env)'] }, bash('grep .env README.md'), 'allow'],
  ['reading another file is allowed', { allow: ['Bash(cat:*)'], deny: ['Read(.env)'] }, bash('cat README.md'), 'allow'],
  ['sed file operand, not its script', { allow: ['Bash'], deny: ['Read(./secrets/**)'] }, bash('sed -n 1p secrets/key.pem'), 'deny'],
  ['Read deny rule catches a pipeline part', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('ls | cat .env'), 'deny'],
  ['Read ask rule asks for cat', { allow: ['Bash'], ask: ['Read(.env)'] }, bash('cat .env'), 'ask'],
  ['Read deny rule at any depth', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('tail -f src/.env'), 'deny'],
  ['Read deny rule after cd into the folder', { allow: ['Bash'], deny: ['Read(./secrets/**)'] }, bash('cd secrets && cat key.pem'), 'deny'],
  ['Read deny rule on a < redirect', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('wc -l < .env'), 'deny'],
  ['Read deny rule behind sudo', { deny: ['Read(.env)'] }, bash('sudo cat .env'), 'deny'],
  ['Read deny rule inside bash -c', { deny: ['Read(.env)'] }, bash("bash -c 'cat .env'"), 'deny'],
  ['Read deny rule inside $(...)', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('echo "$(cat .env)"'), 'deny'],
  ['Read deny rule on a glob word', { allow: ['Bash'], deny: ['Read(./secrets/**)'] }, bash('cat secrets/*'), 'deny'],
  ['Read(~/...) deny rule catches cat ~/...', { allow: ['Bash'], deny: ['Read(~/secrets/**)'] }, bash('cat ~/secrets/id'), 'deny'],
  ['cp source is read', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('cp .env /tmp/x'), 'deny'],
  ['cp destination is not read', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('cp env.example .env'), 'allow'],
  ['source reads its script', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('source .env && npm test'), 'deny'],
  ['awk program is not a file', { allow: ['Bash'], deny: ['Read(.env)'] }, bash("awk '/.env/' README.md"), 'allow'],
  ['jq reads its file', { allow: ['Bash'], deny: ['Read(*.json)'] }, bash('jq .name package.json'), 'deny'],
  ['an unknown command is not guessed at', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('mytool .env'), 'allow'],
  ['echo names the file without reading it', { allow: ['Bash'], deny: ['Read(.env)'] }, bash('echo .env'), 'allow'],
  // Path rules
  ['reading inside the project needs no rule', {}, fileTool('Read', () => 'src/a.ts'), 'allow'],
  ['reading outside the project asks', {}, fileTool('Read', () => path.join(outside, 'f')), 'ask'],
  ['reading through an escaping symlink asks', {}, fileTool('Read', () => 'escape/f'), 'ask'],
  ['reading with .. out of the project asks', {}, fileTool('Read', () => 'src/../../elsewhere/f'), 'ask'],
  ['Read(./.env) deny', { deny: ['Read(./.env)'] }, fileTool('Read', () => '.env'), 'deny'],
  ['Read(.env) deny at any depth', { deny: ['Read(.env)'] }, fileTool('Read', () => 'src/.env'), 'deny'],
  ['Read deny rule covers Grep', { deny: ['Read(./.env)'] }, fileTool('Grep', () => '.env'), 'deny'],
  ['Read deny on a directory covers its contents', { deny: ['Read(secrets)'] }, fileTool('Read', () => 'secrets/key.pem'), 'deny'],
  ['Read(~/secrets/**) deny', { deny: ['Read(~/secrets/**)'] }, fileTool('Read', () => path.join(home, 'secrets', 'id')), 'deny'],
  ['Edit(//etc/**) deny covers Write', { deny: ['Edit(//etc/**)'] }, fileTool('Write', () => '/etc/hosts'), 'deny'],
  ['Edit(src/**) allow covers MultiEdit', { allow: ['Edit(src/**)'] }, fileTool('MultiEdit', () => 'src/a.ts'), 'allow'],
  ['Edit(src/**) does not cover other dirs', { allow: ['Edit(src/**)'] }, fileTool('Edit', () => 'lib/b.ts'), 'ask'],
  ['Edit(/src/a.ts) allow is root-anchored', { allow: ['Edit(/src/a.ts)'] }, fileTool('Edit', () => 'src/a.ts'), 'allow'],
  ['Edit rule covers NotebookEdit', { allow: ['Edit(*.ipynb)'] }, fileTool('NotebookEdit', () => 'nb/x.ipynb'), 'allow'],
  ['Write(...) rule does not cover Edit', { allow: ['Write(src/**)'] }, fileTool('Edit', () => 'src/a.ts'), 'ask'],
  ['bare Edit allows inside', { allow: ['Edit'] }, fileTool('Edit', () => 'src/a.ts'), 'allow'],
  ['bare Edit does not reach outside', { allow: ['Edit'] }, fileTool('Edit', () => path.join(outside, 'f')), 'ask'],
  ['bare Edit does not follow an escaping symlink', { allow: ['Edit'] }, fileTool('Edit', () => 'escape/f'), 'ask'],
  ['an explicit path rule may allow outside', { allow: [`Edit(/${'{OUT}'}/**)`] }, fileTool('Edit', () => path.join(outside, 'f')), 'allow'],
  ['additional directory counts as inside', { mode: 'acceptEdits', additional: true }, fileTool('Write', () => path.join(extra, 'f')), 'allow'],
  // Modes
  ['default mode asks for edits', {}, fileTool('Edit', () => 'src/a.ts'), 'ask'],
  ['acceptEdits accepts edits inside', { mode: 'acceptEdits' }, fileTool('Edit', () => 'src/a.ts'), 'allow'],
  ['acceptEdits still asks outside', { mode: 'acceptEdits' }, fileTool('Edit', () => path.join(outside, 'f')), 'ask'],
  ['acceptEdits still asks for Bash', { mode: 'acceptEdits' }, bash('npm test'), 'ask'],
  ['acceptEdits accepts mkdir inside', { mode: 'acceptEdits' }, bash('mkdir -p src/new && touch src/new/x.ts'), 'allow'],
  ['acceptEdits asks for mkdir outside', { mode: 'acceptEdits' }, bash('mkdir /tmp/x'), 'ask'],
  ['plan mode denies edits', { mode: 'plan', allow: ['Edit'] }, fileTool('Edit', () => 'src/a.ts'), 'deny'],
  ['plan mode denies Bash even when allowed', { mode: 'plan', allow: [T] }, bash('npm test'), 'deny'],
  ['plan mode allows reads', { mode: 'plan' }, fileTool('Read', () => 'src/a.ts'), 'allow'],
  ['plan mode: ExitPlanMode asks', { mode: 'plan' }, other('ExitPlanMode', { plan: 'x' }), 'ask'],
  ['TodoWrite needs no approval', {}, other('TodoWrite', { todos: [] }), 'allow'],
  ['BashOutput is a read', {}, other('BashOutput', { bash_id: '1' }), 'allow'],
  ['KillShell asks', {}, other('KillShell', { shell_id: '1' }), 'ask'],
  ['Task goes through', {}, other('Task', { subagent_type: 'reviewer' }), 'allow'],
  ['Agent alias denied by Task(name)', { deny: ['Task(reviewer)'] }, other('Agent', { subagent_type: 'reviewer' }), 'deny'],
  ['Task(name) deny does not hit other agents', { deny: ['Task(reviewer)'] }, other('Task', { subagent_type: 'coder' }), 'allow'],
  // Web and MCP
  ['WebFetch asks by default', {}, other('WebFetch', { url: 'https://example.com/a' }), 'ask'],
  ['WebFetch domain rule', { allow: ['WebFetch(domain:example.com)'] }, other('WebFetch', { url: 'https://example.com/a' }), 'allow'],
  ['WebFetch domain rule covers subdomains', { allow: ['WebFetch(domain:example.com)'] }, other('WebFetch', { url: 'https://docs.example.com/' }), 'allow'],
  ['WebFetch domain rule is not a suffix match', { allow: ['WebFetch(domain:example.com)'] }, other('WebFetch', { url: 'https://badexample.com/' }), 'ask'],
  ['WebSearch asks', {}, other('WebSearch', { query: 'x' }), 'ask'],
  ['mcp__server covers its tools', { allow: ['mcp__github'] }, other('mcp__github__create_issue'), 'allow'],
  ['mcp__server__* covers its tools', { allow: ['mcp__github__*'] }, other('mcp__github__list'), 'allow'],
  ['mcp__server__tool is exact', { allow: ['mcp__github__list'] }, other('mcp__github__delete'), 'ask'],
  ['mcp server prefix is not a name prefix', { allow: ['mcp__git'] }, other('mcp__github__list'), 'ask'],
  ['mcp tool denied in plan mode', { mode: 'plan' }, other('mcp__github__list'), 'deny'],
];

describe('permission rules table', () => {
  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)('%s', (_name, setup, build, expected) => {
    const sub = (r: string): string => r.replace('{OUT}', outside);
    const rules: RuleEntry[] = [
      ...(setup.allow ?? []).map((rule) => ({ rule: sub(rule), behavior: 'allow' as const, source: 'test' })),
      ...(setup.ask ?? []).map((rule) => ({ rule: sub(rule), behavior: 'ask' as const, source: 'test' })),
      ...(setup.deny ?? []).map((rule) => ({ rule: sub(rule), behavior: 'deny' as const, source: 'test' })),
    ];
    const policy = new RulePolicy({ rules, homeDir: home, additionalDirectories: setup.additional ? [extra] : [] });
    const q = build();
    const query: PermissionQuery = { agentName: 'main', mode: setup.mode ?? 'default', cwd: q.cwd ?? root, projectRoot: root, ...q };
    const decision = policy.decide(query);
    expect(decision.behavior, decision.reason).toBe(expected);
    expect(decision.reason.length).toBeGreaterThan(5);
  });
});
