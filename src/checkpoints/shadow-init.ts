// Creates the shadow repository on first use: a bare repository (so it has no work tree of its own) that every
// call pairs with the project folder as work tree.
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { neutralGitEnv, spawnGit } from './shadow-git';

/** Patterns every snapshot leaves out, whatever the project's ignore files say. */
const ALWAYS_EXCLUDED = ['.git', ''];

export async function ensureShadowRepo(shadowDir: string, projectRoot: string, baseEnv: NodeJS.ProcessEnv): Promise<void> {
  if (existsSync(path.join(shadowDir, 'HEAD'))) return;
  // Built aside and renamed into place: two tandems starting at once on a new project must not init one folder
  // together (git's config lock fails the second). The one that loses the rename uses the winner's.
  await mkdir(path.dirname(shadowDir), { recursive: true });
  const building = `${shadowDir}.init-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(building);
    // --template= keeps any system-wide template hooks out of the shadow repository.
    await spawnGit(['init', '--bare', '--quiet', '--template=', building], { env: neutralGitEnv(baseEnv, building), cwd: building });
    await mkdir(path.join(building, 'info'), { recursive: true });
    await writeFile(path.join(building, 'info', 'exclude'), ALWAYS_EXCLUDED.join('\n'));
    await writeFile(path.join(building, 'project-root'), `${projectRoot}\n`);
    try {
      await rename(building, shadowDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!(code === 'EEXIST' || code === 'ENOTEMPTY') || !existsSync(path.join(shadowDir, 'HEAD'))) throw error;
    }
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

/** Config that points git at the project's own `.git/info/exclude`, read in place (never copied, never written). */
export function projectExcludeConfig(projectRoot: string): string[] {
  const file = path.join(projectRoot, '.git', 'info', 'exclude');
  return existsSync(file) ? [`core.excludesFile=${file}`] : [];
}
