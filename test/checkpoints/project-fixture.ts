// Temp projects for checkpoint tests: a real git repository whose own state (HEAD, index, status) the tests check
// stays untouched, and small helpers to read the tree back.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTestTempDir } from '../support/temp-dirs';

export interface TempProject {
  root: string;
  tandemHome: string;
  cleanup(): void;
}

/** The test's own git calls: isolated from the user's config too. */
export function projectGit(root: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      // `git status` must not refresh the project's index itself, or the index hash would move for our own reasons.
      GIT_OPTIONAL_LOCKS: '0',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });
}

export function makeProject(files: Record<string, string>, opts: { git?: boolean } = {}): TempProject {
  const base = makeTestTempDir('tandem-cp-');
  const root = path.join(base, 'project');
  mkdirSync(root);
  for (const [rel, content] of Object.entries(files)) writeFile(root, rel, content);
  if (opts.git) {
    projectGit(root, ['init', '-q']);
    projectGit(root, ['add', '-A']);
    projectGit(root, ['commit', '-q', '-m', 'initial']);
  }
  return { root, tandemHome: path.join(base, 'tandem-home'), cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

export function writeFile(root: string, rel: string, content: string): void {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

/** Every file under root (skipping .git) with its content and permission bits: the state a restore must recreate. */
export function treeState(root: string): Record<string, { content: string; mode: number }> {
  const out: Record<string, { content: string; mode: number }> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else out[path.relative(root, abs)] = { content: readFileSync(abs, 'utf8'), mode: lstatSync(abs).mode & 0o777 };
    }
  };
  walk(root);
  return out;
}

/** The project repository's own state: what checkpoints must never change. */
export function repoState(root: string): { status: string; head: string; index: string; objects: string[] } {
  const indexFile = path.join(root, '.git', 'index');
  const index = existsSync(indexFile) ? createHash('sha256').update(readFileSync(indexFile)).digest('hex') : '';
  return {
    index,
    objects: (readdirSync(path.join(root, '.git', 'objects'), { recursive: true }) as string[]).sort(),
    status: projectGit(root, ['status', '--porcelain']),
    head: projectGit(root, ['rev-parse', 'HEAD']).trim(),
  };
}
