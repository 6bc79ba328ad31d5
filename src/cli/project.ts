// Where things live: the project root (nearest folder with .git, else the working directory) and the user's
// tandem folder ($TANDEM_HOME, else ~/.tandem).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { findProjectRoot, tandemHomeDir } from '../settings/paths';

export interface Locations {
  cwd: string;
  projectRoot: string;
  isGitRepo: boolean;
  tandemHome: string;
  homeDir: string;
}

export function findLocations(cwd: string, env: NodeJS.ProcessEnv): Locations {
  const projectRoot = findProjectRoot(cwd);
  const homeDir = env.HOME || homedir();
  return {
    cwd: resolve(cwd),
    projectRoot,
    isGitRepo: existsSync(join(projectRoot, '.git')),
    tandemHome: tandemHomeDir(env, homeDir),
    homeDir,
  };
}
