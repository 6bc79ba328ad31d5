// Where things live: the project root (nearest folder with .git, else the working directory) and the user's
// tandem folder ($TANDEM_HOME, else ~/.tandem).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface Locations {
  cwd: string;
  projectRoot: string;
  isGitRepo: boolean;
  tandemHome: string;
  homeDir: string;
  /** The project's folder name under $TANDEM_HOME/projects. */
  projectSlug: string;
}

export function findLocations(cwd: string, env: NodeJS.ProcessEnv): Locations {
  const absolute = resolve(cwd);
  let dir = absolute;
  let gitRoot: string | null = null;
  for (;;) {
    if (existsSync(join(dir, '.git'))) {
      gitRoot = dir;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const homeDir = env.HOME || homedir();
  const projectRoot = gitRoot ?? absolute;
  return {
    cwd: absolute,
    projectRoot,
    isGitRepo: gitRoot !== null,
    tandemHome: env.TANDEM_HOME ? resolve(env.TANDEM_HOME) : join(homeDir, '.tandem'),
    homeDir,
    projectSlug: projectRoot.replace(/[^A-Za-z0-9]/g, '-'),
  };
}
