// Files inside the writable area that programs outside the sandbox later run or obey: a repository's hooks and
// config (git runs them at the user's next commit), `.mcp.json` (servers tandem and other tools start unsandboxed),
// editor task folders, agent and command definitions, shell start-up files. The runtime write-protects these only
// in the process's working directory; tandem may be started in a subfolder of the project, and its additional
// directories are never the working directory, so a sandboxed command could otherwise plant a hook there and
// leave the sandbox at the next `git commit`. Computed at every wrap, as the runtime does for its own list: a
// repository the user creates mid-session is covered from the next call.
import fs from 'node:fs';
import path from 'node:path';

/** Files read as configuration or code by programs that run outside the sandbox. */
export const GUARDED_FILES = ['.gitconfig', '.gitmodules', '.bashrc', '.bash_profile', '.zshrc', '.zprofile', '.profile', '.ripgreprc', '.mcp.json'];
/** Folders of the same kind (`.claude/skills`: tandem loads skills from there). */
export const GUARDED_FOLDERS = ['.vscode', '.idea', '.claude/commands', '.claude/agents', '.claude/skills'];

type DotGit = 'directory' | 'file' | 'absent';

function dotGitKind(p: string): DotGit {
  try {
    return fs.statSync(p).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'absent';
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The read-only paths for each writable root (real paths; the temp dir is left out by the caller). A `.git`
 * folder gets its hooks and config protected; a `.git` file (worktree or submodule pointer) is protected itself;
 * where there is none, nothing is, so `git init` still works.
 */
export function rootGuards(roots: string[]): string[] {
  const out: string[] = [];
  for (const root of roots) {
    if (!isDirectory(root)) continue;
    for (const name of [...GUARDED_FILES, ...GUARDED_FOLDERS]) out.push(path.join(root, name));
    const dotGit = path.join(root, '.git');
    const kind = dotGitKind(dotGit);
    switch (kind) {
      case 'directory':
        out.push(path.join(dotGit, 'hooks'), path.join(dotGit, 'config'));
        break;
      case 'file':
        out.push(dotGit);
        break;
      case 'absent':
        break;
      default: {
        const never: never = kind;
        throw new Error(`unknown .git kind ${String(never)}`);
      }
    }
  }
  return [...new Set(out)];
}
