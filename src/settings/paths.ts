// Where settings live: the project root (nearest folder with .git, else the starting folder) and TANDEM_HOME.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function findProjectRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

export function tandemHomeDir(env: NodeJS.ProcessEnv = process.env, homeDir = os.homedir()): string {
  return env.TANDEM_HOME && env.TANDEM_HOME.trim() !== '' ? path.resolve(env.TANDEM_HOME) : path.join(homeDir, '.tandem');
}
