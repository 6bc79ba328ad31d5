// Red team, git: a sandboxed command must not leave anything that git on the host obeys by itself at the user's next
// `git status` / `git commit` (hooks, config that runs a program, a pointer to a git dir the command wrote). Each
// test plants a payload with the real Bash tool, then runs git on the host as the user would, and asserts that
// neither the plant stuck nor the payload ran. See the report in the commit for which of these escape today.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostRepo, makeRedWorld, plantScript, readOr, sandboxSkipReason, type RedWorld, type StartedIn } from './redteam-support';

const skip = sandboxSkipReason();
if (skip) console.warn(`sandbox red-team git tests skipped: ${skip}`);

/** Everything a command could plant in repository `dir` for git to run later (hook, fsmonitor, hooksPath, `!` alias). */
function plantAll(dir: string, marker: string, hooksDir: string): string {
  return [
    plantScript(`${dir}/.git/hooks/pre-commit`, marker),
    `mkdir -p '${hooksDir}' && ${plantScript(`${hooksDir}/pre-commit`, marker)}`,
    `git -C '${dir}' config core.fsmonitor "touch '${marker}'; false"`,
    `git -C '${dir}' config core.hooksPath '${hooksDir}'`,
    `git -C '${dir}' config alias.st "!touch '${marker}'"`,
  ].join('; ');
}

/** What the user would run later in that repository: status (fsmonitor), their alias, a commit (hooks). */
function userUsesRepo(w: RedWorld, dir: string): void {
  w.hostGit(dir, 'status');
  w.hostGit(dir, 'st');
  w.hostGit(dir, 'commit', '-q', '--allow-empty', '-m', 'later');
}

function plantedIn(dir: string): string[] {
  const found: string[] = [];
  if (fs.existsSync(path.join(dir, '.git', 'hooks', 'pre-commit'))) found.push('.git/hooks/pre-commit');
  const config = readOr(path.join(dir, '.git', 'config'));
  for (const key of ['fsmonitor', 'hooksPath', '[alias]']) if (config.includes(key)) found.push(`.git/config ${key}`);
  return found;
}

interface NestedCase {
  name: string;
  startedIn: StartedIn;
  /** The writable root the repositories live in: the project or the additional directory. */
  root: 'project' | 'extra';
  /** The Bash tool's cwd, relative to that root. */
  toolCwd: string;
  /** The repository's folder relative to that root: depth 1, 2 or 3. */
  repo: string;
}

const NESTED: NestedCase[] = [];
const placements: Array<Omit<NestedCase, 'name' | 'repo'> & { label: string }> = [
  { label: 'started in the project, run from its root', startedIn: 'project', root: 'project', toolCwd: '.' },
  { label: 'started in the project, run from a subfolder', startedIn: 'project', root: 'project', toolCwd: 'tool-sub' },
  { label: 'started in a subfolder of the project', startedIn: 'subfolder', root: 'project', toolCwd: '.' },
  { label: 'in an additional directory', startedIn: 'project', root: 'extra', toolCwd: '.' },
];
placements.forEach((p, i) => {
  for (const [depth, repo] of [[1, `n${i}`], [2, `d${i}/n`], [3, `d${i}/x/n`]] as const) {
    NESTED.push({ name: `${p.label}: a nested repository at depth ${depth} (${repo}/.git hooks, fsmonitor, hooksPath, ! alias)`, startedIn: p.startedIn, root: p.root, toolCwd: p.toolCwd, repo });
  }
});

describe.skipIf(skip !== undefined)('red team / git: nested repositories', () => {
  let w: RedWorld;
  const rootOf = (c: NestedCase) => (c.root === 'project' ? w.project : w.addDirs[0]!);

  beforeAll(async () => {
    w = await makeRedWorld();
    hostRepo(w.project);
    hostRepo(w.addDirs[0]!);
    fs.mkdirSync(path.join(w.project, 'tool-sub'));
    for (const c of NESTED) hostRepo(path.join(rootOf(c), c.repo));
  });
  afterAll(async () => w?.close());

  for (const c of NESTED) it(c.name, async () => {
    const dir = path.join(rootOf(c), c.repo);
    const marker = w.marker(`nested-${c.repo.replace(/\//g, '_')}-${c.root}`);
    w.startIn(c.startedIn);
    await w.run(plantAll(dir, marker, path.join(rootOf(c), `evil-hooks-${c.repo.replace(/\//g, '_')}`)), { cwd: path.join(rootOf(c), c.toolCwd) });
    w.startIn('elsewhere');
    userUsesRepo(w, dir);
    expect({ planted: plantedIn(dir), ran: fs.existsSync(marker) }).toEqual({ planted: [], ran: false });
  });
});

describe.skipIf(skip !== undefined)('red team / git: submodules, worktrees and git-dir pointers (started in the project)', () => {
  let w: RedWorld;
  let outsideWorktree: string;

  beforeAll(async () => {
    w = await makeRedWorld();
    hostRepo(w.project);
    const lib = path.join(w.outside, 'lib');
    hostRepo(lib);
    for (const [name, where] of [['m', 'm'], ['libs/x', 'libs/x'], ['libs/y', 'libs/y']]) {
      const r = w.hostGit(w.project, 'submodule', 'add', '-q', '--name', name!, lib, where!);
      expect(r.status, r.out).toBe(0);
    }
    w.hostGit(w.project, 'commit', '-qm', 'submodules');
    expect(fs.existsSync(path.join(w.project, '.git', 'modules', 'libs', 'x', 'config'))).toBe(true);
    // A worktree kept inside the project (a common `.worktrees/` layout) and one beside it.
    expect(w.hostGit(w.project, 'worktree', 'add', '-q', '.worktrees/feat').status).toBe(0);
    outsideWorktree = path.join(w.root, 'wt-outside');
    expect(w.hostGit(w.project, 'worktree', 'add', '-q', outsideWorktree).status).toBe(0);
    w.startIn('project');
  });
  afterAll(async () => w?.close());

  it("cannot plant a hook in a submodule's git dir (.git/modules/m/hooks), run at a commit inside it", async () => {
    const marker = w.marker('module-hook');
    await w.run(plantScript('.git/modules/m/hooks/pre-commit', marker));
    w.hostGit(path.join(w.project, 'm'), 'commit', '-q', '--allow-empty', '-m', 'x');
    expect({ hook: fs.existsSync(path.join(w.project, '.git/modules/m/hooks/pre-commit')), ran: fs.existsSync(marker) }).toEqual({ hook: false, ran: false });
  });

  it("cannot set core.fsmonitor in a submodule's config with a slash in its name (.git/modules/libs/x/config), run by `git status` in the project", async () => {
    const marker = w.marker('module-config');
    await w.run(`git config --file .git/modules/libs/x/config core.fsmonitor "touch '${marker}'; false"; mkdir -p .git/modules/libs/x/hooks && echo x > .git/modules/libs/x/hooks/post-checkout`);
    w.hostGit(w.project, 'status');
    expect({ config: readOr(path.join(w.project, '.git/modules/libs/x/config')).includes('fsmonitor'), ran: fs.existsSync(marker) }).toEqual({ config: false, ran: false });
  });

  it("cannot repoint a submodule's .git file (libs/y/.git) at a git dir the command wrote, run by `git status` in the project", async () => {
    const marker = w.marker('module-dotgit-file');
    await w.run(
      [
        'cp -r .git/modules/libs/y evil-y',
        `git config --file evil-y/config core.fsmonitor "touch '${marker}'; false"`,
        `git config --file evil-y/config --unset core.worktree`,
        `printf 'gitdir: ../../evil-y\\n' > libs/y/.git`,
      ].join('; '),
    );
    w.hostGit(w.project, 'status');
    expect({ pointer: readOr(path.join(w.project, 'libs/y/.git')).includes('evil'), ran: fs.existsSync(marker) }).toEqual({ pointer: false, ran: false });
  });

  it("cannot repoint a worktree's .git file inside the project (.worktrees/feat/.git), run by `git status` there", async () => {
    const marker = w.marker('worktree-dotgit-file');
    await w.run(
      [
        'mkdir -p .cache && cp -r .git .cache/evil-gitdir && rm -rf .cache/evil-gitdir/worktrees .cache/evil-gitdir/modules',
        `git config --file .cache/evil-gitdir/config core.fsmonitor "touch '${marker}'; false"`,
        `git config --file .cache/evil-gitdir/config core.worktree "$PWD/.worktrees/feat"`,
        `printf 'gitdir: %s\\n' "$PWD/.cache/evil-gitdir" > .worktrees/feat/.git`,
      ].join('; '),
    );
    w.hostGit(path.join(w.project, '.worktrees', 'feat'), 'status');
    expect({ pointer: readOr(path.join(w.project, '.worktrees/feat/.git')).includes('evil'), ran: fs.existsSync(marker) }).toEqual({ pointer: false, ran: false });
  });

  it("cannot rewrite a linked worktree's commondir (.git/worktrees/NAME/commondir), obeyed by git in that worktree outside the project", async () => {
    const marker = w.marker('worktree-commondir');
    const name = path.basename(outsideWorktree);
    await w.run(
      [
        'mkdir -p .cache && cp -r .git .cache/evil-common && rm -rf .cache/evil-common/worktrees',
        `git config --file .cache/evil-common/config core.fsmonitor "touch '${marker}'; false"`,
        `printf '%s\\n' "$PWD/.cache/evil-common" > .git/worktrees/${name}/commondir`,
      ].join('; '),
    );
    w.hostGit(outsideWorktree, 'status');
    expect({ commondir: readOr(path.join(w.project, '.git/worktrees', name, 'commondir')).includes('evil'), ran: fs.existsSync(marker) }).toEqual({ commondir: false, ran: false });
  });
});

describe.skipIf(skip !== undefined)('red team / git: the top repository, every guard in place (started in the project)', () => {
  let w: RedWorld;
  beforeAll(async () => {
    w = await makeRedWorld();
    w.startIn('project');
  });
  afterAll(async () => w?.close());

  const freshRepo = (name: string): string => {
    const dir = path.join(w.project, name);
    hostRepo(dir);
    return dir;
  };

  it('cannot add .git/commondir to the top repository, which makes git read config and hooks from a folder the command wrote', async () => {
    // A fresh world's project is the repository: the first commit made here, by the host.
    hostRepo(w.project);
    const marker = w.marker('commondir');
    await w.run(
      [
        'mkdir -p .cache && cp -r .git .cache/evil && rm -f .cache/evil/HEAD .cache/evil/index',
        `git config --file .cache/evil/config core.fsmonitor "touch '${marker}'; false"`,
        `printf '%s\\n' "$PWD/.cache/evil" > .git/commondir`,
      ].join('; '),
    );
    w.hostGit(w.project, 'status');
    expect({ commondir: fs.existsSync(path.join(w.project, '.git', 'commondir')), ran: fs.existsSync(marker) }).toEqual({ commondir: false, ran: false });
    fs.rmSync(path.join(w.project, '.git', 'commondir'), { force: true });
  });

  it('cannot write .git/config.worktree where extensions.worktreeConfig is on (git sparse-checkout turns it on)', async () => {
    const dir = freshRepo('sparse');
    w.hostGit(dir, 'config', 'extensions.worktreeConfig', 'true');
    // Moved to the process's folder so the runtime's own guard of the top level applies too.
    process.chdir(dir);
    const marker = w.marker('config-worktree');
    await w.run(`git config --worktree core.fsmonitor "touch '${marker}'; false" || printf '[core]\\n\\tfsmonitor = "touch %s; false"\\n' '${marker}' > .git/config.worktree`, { cwd: dir });
    w.startIn('project');
    w.hostGit(dir, 'status');
    expect({ written: readOr(path.join(dir, '.git', 'config.worktree')).includes('fsmonitor'), ran: fs.existsSync(marker) }).toEqual({ written: false, ran: false });
  });

  it('cannot rewrite the hooks of a core.hooksPath folder inside the project (husky: .husky/)', async () => {
    const dir = freshRepo('husky');
    fs.mkdirSync(path.join(dir, '.husky'));
    fs.writeFileSync(path.join(dir, '.husky', 'pre-commit'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    w.hostGit(dir, 'config', 'core.hooksPath', '.husky');
    process.chdir(dir);
    const marker = w.marker('husky');
    await w.run(plantScript('.husky/pre-commit', marker), { cwd: dir });
    w.startIn('project');
    w.hostGit(dir, 'commit', '-q', '--allow-empty', '-m', 'x');
    expect({ hook: readOr(path.join(dir, '.husky', 'pre-commit')).includes('touch'), ran: fs.existsSync(marker) }).toEqual({ hook: false, ran: false });
  });

  it('cannot turn an ordinary project folder into a bare repository (HEAD, objects, refs, config) whose pager and aliases git runs there', async () => {
    const dir = freshRepo('bare-host');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'a.js'), 'code\n');
    w.hostGit(dir, 'add', '-A');
    w.hostGit(dir, 'commit', '-qm', 'src');
    process.chdir(dir);
    const marker = w.marker('bare');
    await w.run(
      [
        'cp -r ../.git/objects ../.git/refs ../.git/HEAD .',
        `printf '[core]\\n\\tbare = true\\n\\tpager = touch %s; cat\\n[alias]\\n\\tst = !touch %s\\n' '${marker}' '${marker}' > config`,
      ].join('; '),
      { cwd: path.join(dir, 'src') },
    );
    w.startIn('project');
    // The user in src/, later: git finds src/ itself as a repository before the project's .git, and obeys its config.
    spawnSync('script', ['-qec', 'git log', '/dev/null'], { cwd: path.join(dir, 'src'), stdio: 'ignore', timeout: 10_000 });
    w.hostGit(path.join(dir, 'src'), 'st');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('writes git allows (.gitattributes filters, .git/info, alternates, packed-refs) run nothing on the host', async () => {
    const dir = freshRepo('harmless');
    process.chdir(dir);
    const marker = w.marker('harmless');
    await w.run(
      [
        `printf '* filter=evil diff=evil merge=evil\\n' > .gitattributes`,
        `printf '* filter=evil\\n' > .git/info/attributes`,
        'echo ignored >> .git/info/exclude',
        'echo "$TMPDIR" > .git/objects/info/alternates',
        'git pack-refs --all',
        `printf '[filter "evil"]\\n\\tclean = touch ${marker}\\n' > .git/info/evil-config`,
        'echo change > README',
      ].join('; '),
      { cwd: dir },
    );
    w.startIn('project');
    w.hostGit(dir, 'status');
    w.hostGit(dir, 'add', '-A');
    w.hostGit(dir, 'commit', '-qm', 'x');
    w.hostGit(dir, 'diff', 'HEAD~1');
    expect(fs.existsSync(marker)).toBe(false);
  });
});
