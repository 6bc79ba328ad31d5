// Whether the repository's own git config makes read-only git commands run programs: `core.fsmonitor` runs on
// `git status`, `diff.external` and textconv drivers on `git diff`/`git log -p`, clean filters when git compares the
// work tree, a pager when output is a terminal, and includes can pull in any of these. A cloned repository is
// project content, so such a config means `git status` is not read-only (it asks).
import fs from 'node:fs';
import path from 'node:path';
import { readRegularTextSync } from '../tools/regular-file';

const RISKY_KEYS: Array<{ section: RegExp; key: RegExp }> = [
  { section: /^core$/, key: /^(fsmonitor|pager|editor|askpass)$/ },
  { section: /^diff(\s|$)/, key: /^(external|textconv|command)$/ },
  { section: /^filter\s/, key: /^(clean|smudge|process)$/ },
  { section: /^(pager|include|includeif)(\s|$)/, key: /./ },
];

/** The git directory for `cwd` (following a `.git` file's `gitdir:`), or null outside a repository. */
function gitDirOf(cwd: string): string | null {
  let dir = path.resolve(cwd);
  for (;;) {
    const dotgit = path.join(dir, '.git');
    try {
      const st = fs.statSync(dotgit);
      if (st.isDirectory()) return dotgit;
      const m = /^gitdir:\s*(.+)$/m.exec(readRegularTextSync(dotgit));
      return m ? path.resolve(dir, m[1]!.trim()) : dotgit;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return null;
      dir = parent;
    }
  }
}

function riskyEntry(text: string): string | null {
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const head = /^\[\s*([^\]]+?)\s*\](.*)$/.exec(line);
    let rest = line;
    if (head) {
      section = head[1]!.replace(/"/g, '').toLowerCase();
      rest = head[2]!.trim();
      if (/^(pager|include|includeif)(\s|$)/.test(section)) return section.split(/\s/)[0]!;
    }
    const key = /^([A-Za-z][A-Za-z0-9-]*)\s*(=|$)/.exec(rest)?.[1]?.toLowerCase();
    if (key && RISKY_KEYS.some((r) => r.section.test(section) && r.key.test(key))) return `${section.split(/\s/)[0]}.${key}`;
  }
  return null;
}

/** A sentence when the repository's config names a program git would run, else null. Unreadable: it asks too. */
export function gitConfigRisk(cwd: string): string | null {
  const gitDir = gitDirOf(cwd);
  if (gitDir === null) return null;
  const dirs = [gitDir];
  try {
    // A linked worktree keeps the shared config in the common directory.
    dirs.push(path.resolve(gitDir, readRegularTextSync(path.join(gitDir, 'commondir')).trim()));
  } catch {
    // not a linked worktree
  }
  for (const d of dirs) {
    for (const name of ['config', 'config.worktree']) {
      const file = path.join(d, name);
      let text: string;
      try {
        text = readRegularTextSync(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        return `the repository's git config ${file} cannot be read`;
      }
      const risky = riskyEntry(text);
      if (risky) return `the repository's git config sets ${risky}, which runs a program`;
    }
  }
  return null;
}
