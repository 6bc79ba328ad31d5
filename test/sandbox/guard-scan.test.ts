// The scan for protected paths before each sandboxed command (src/sandbox/guard-scan.ts): what it finds below every
// writable root, and that it reads again exactly the folders that changed. No bubblewrap needed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirListings } from '../../src/sandbox/dir-listings';
import { pathsNamedByConfig } from '../../src/sandbox/git-guards';
import { GuardScanner } from '../../src/sandbox/guard-scan';
import { makeTempDir } from '../tools/other/context';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore' });
const mk = (...parts: string[]) => fs.mkdirSync(path.join(...parts), { recursive: true });
const write = (file: string, text = 'x\n') => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

describe('guard scan: what is protected', () => {
  it('finds repositories, protected files and folders three levels below each root, not deeper, not in node_modules', () => {
    const root = fs.realpathSync(makeTempDir('tandem-scan-'));
    const addDir = path.join(root, 'add');
    const project = path.join(root, 'project');
    mk(project);
    git(project, 'init', '-q');
    mk(addDir, 'a', 'b');
    git(path.join(addDir, 'a', 'b'), 'init', '-q');
    write(path.join(project, 'pkg', '.mcp.json'));
    mk(project, 'pkg', 'tools', '.vscode');
    mk(project, 'pkg', '.claude', 'agents');
    write(path.join(project, 'x', 'y', '.BashRC'));
    write(path.join(project, 'x', 'y', 'z', 'w', '.bashrc')); // four levels down: not looked at
    mk(project, 'node_modules', 'dep');
    git(path.join(project, 'node_modules', 'dep'), 'init', '-q');

    const guards = new GuardScanner().scan({ roots: [project, addDir] });
    // Both roots' top levels, present or not.
    expect(guards).toEqual(expect.arrayContaining([path.join(project, '.mcp.json'), path.join(addDir, '.mcp.json'), path.join(addDir, '.claude'), path.join(addDir, '.tandem')]));
    // The project's repository and one two levels below the additional directory.
    expect(guards).toEqual(expect.arrayContaining([
      path.join(project, '.git', 'hooks'), path.join(project, '.git', 'config'),
      path.join(addDir, 'a', 'b', '.git', 'hooks'), path.join(addDir, 'a', 'b', '.git', 'config'),
    ]));
    // Nested protected names, only where they are (case-insensitive, as the runtime matches).
    expect(guards).toEqual(expect.arrayContaining([
      path.join(project, 'pkg', '.mcp.json'), path.join(project, 'pkg', 'tools', '.vscode'),
      path.join(project, 'pkg', '.claude'), path.join(project, 'x', 'y', '.BashRC'),
    ]));
    expect(guards).not.toContain(path.join(project, 'pkg', 'tools', '.mcp.json'));
    expect(guards).not.toContain(path.join(project, 'x', 'y', 'z', 'w', '.bashrc'));
    expect(guards.some((g) => g.includes('node_modules'))).toBe(false);
  });

  it('protects submodules\' git folders, worktree pointers, core.hooksPath (husky) and config includes', () => {
    const root = fs.realpathSync(makeTempDir('tandem-scan-'));
    const project = path.join(root, 'project');
    mk(project);
    git(project, 'init', '-q');
    const gitDir = path.join(project, '.git');
    // A submodule named with a slash, and one inside it (their git folders, as `git submodule` leaves them).
    for (const mod of ['modules/libs/x', 'modules/libs/x/modules/deep']) {
      write(path.join(gitDir, mod, 'HEAD'), 'ref: refs/heads/main\n');
      write(path.join(gitDir, mod, 'config'), '[core]\n');
    }
    write(path.join(project, 'libs', 'x', '.git'), 'gitdir: ../../.git/modules/libs/x\n');
    // A linked worktree's own files.
    write(path.join(gitDir, 'worktrees', 'wt', 'commondir'), '../..\n');
    write(path.join(gitDir, 'worktrees', 'wt', 'config.worktree'), '[core]\n');
    fs.appendFileSync(path.join(gitDir, 'config'), '[core]\n\thooksPath = .husky/_\n[include]\n\tpath = ../shared.gitconfig\n');

    const guards = new GuardScanner().scan({ roots: [project] });
    expect(guards).toEqual(expect.arrayContaining([
      path.join(gitDir, 'modules', 'libs', 'x', 'hooks'), path.join(gitDir, 'modules', 'libs', 'x', 'config'),
      path.join(gitDir, 'modules', 'libs', 'x', 'modules', 'deep', 'hooks'),
      path.join(project, 'libs', 'x', '.git'),
      path.join(gitDir, 'worktrees', 'wt', 'commondir'), path.join(gitDir, 'worktrees', 'wt', 'config.worktree'),
      path.join(project, '.husky', '_'), path.join(project, '.husky'),
      path.join(project, 'shared.gitconfig'),
    ]));
  });

  it('reads a config\'s hooksPath and includes, ignoring comments and other sections', () => {
    const dir = makeTempDir('tandem-scan-');
    const config = path.join(dir, 'config');
    fs.writeFileSync(config, [
      '# hooksPath = /commented', '[alias]', '\thooksPath = /not-core', '[core]', '\tbare = false', '\tHooksPath = "/abs/hooks" ; why',
      '[includeIf "gitdir:~/work/"]', '\tpath = ~/work.gitconfig',
    ].join('\n'));
    expect(pathsNamedByConfig(config, '/repo')).toEqual(['/abs/hooks', path.join(process.env.HOME ?? '', 'work.gitconfig')]);
  });

  it('keeps an unreadable folder read-only whole', () => {
    if (process.getuid?.() === 0) {
      // root reads a mode-000 folder anyway: make one that cannot be listed another way.
      const root = fs.realpathSync(makeTempDir('tandem-scan-'));
      const listings = new DirListings();
      const blocked = path.join(root, 'blocked');
      fs.writeFileSync(blocked, 'not a folder');
      expect(listings.list(blocked)).toEqual({ kind: 'absent' });
      return;
    }
    const root = fs.realpathSync(makeTempDir('tandem-scan-'));
    mk(root, 'locked');
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    try {
      expect(new GuardScanner().scan({ roots: [root] })).toContain(path.join(root, 'locked'));
    } finally {
      fs.chmodSync(path.join(root, 'locked'), 0o755);
    }
  });
});

describe('guard scan: reads only what changed', () => {
  it('reuses unchanged listings and sees a repository created between two scans', async () => {
    const root = fs.realpathSync(makeTempDir('tandem-scan-'));
    for (const d of ['a/b', 'c/d', 'e']) mk(root, d);
    // With no racy window, a listing is trusted once its folder's last change is older than the read.
    await new Promise((r) => setTimeout(r, 30));
    const scanner = new GuardScanner(new DirListings(0n));
    scanner.scan({ roots: [root] });
    const firstReads = scanner.listings.reads;
    expect(firstReads).toBeGreaterThanOrEqual(6);
    scanner.scan({ roots: [root] });
    expect(scanner.listings.reads).toBe(firstReads);

    git(path.join(root, 'a', 'b'), 'init', '-q');
    const guards = scanner.scan({ roots: [root] });
    expect(guards).toContain(path.join(root, 'a', 'b', '.git', 'hooks'));
    // a/b changed (and its new .git folder was looked into); nothing else was read again.
    expect(scanner.listings.reads - firstReads).toBeLessThanOrEqual(4);
  });

  it('sees a folder replaced by a rename, even with the same mtime', () => {
    const root = fs.realpathSync(makeTempDir('tandem-scan-'));
    mk(root, 'a');
    mk(root, 'staged', '.git', 'hooks');
    write(path.join(root, 'staged', '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const scanner = new GuardScanner(new DirListings(0n));
    expect(scanner.scan({ roots: [root] })).not.toContain(path.join(root, 'a', '.git', 'hooks'));
    const { mtime, atime } = fs.statSync(path.join(root, 'a'));
    fs.rmSync(path.join(root, 'a'), { recursive: true });
    fs.renameSync(path.join(root, 'staged'), path.join(root, 'a'));
    fs.utimesSync(path.join(root, 'a'), atime, mtime);
    fs.utimesSync(root, atime, fs.statSync(root).mtime);
    expect(scanner.scan({ roots: [root] })).toContain(path.join(root, 'a', '.git', 'hooks'));
  });

  it('does not trust a listing read within the racy window of its folder\'s last change', () => {
    // On a coarse clock a change in the same tick as the read leaves mtime and ctime as they were, so a folder
    // changed just before it was read is read again, stat unchanged or not, until it has been still for the window.
    const root = fs.realpathSync(makeTempDir('tandem-scan-'));
    mk(root, 'fresh');
    mk(root, 'still');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(root, 'still'), old, old);
    const listings = new DirListings(); // the session's default window
    listings.list(path.join(root, 'fresh'));
    listings.list(path.join(root, 'fresh'));
    expect(listings.reads).toBe(2);
    // ctime cannot be set back, so a folder whose ctime is recent is read again too; the window is the same.
    listings.list(path.join(root, 'still'));
    listings.list(path.join(root, 'still'));
    expect(listings.reads).toBe(4);
    expect(new DirListings(0n).list(path.join(root, 'still')).kind).toBe('entries');
  });
});
