// Creates the shadow repository on first use: a bare repository (so it has no work tree of its own) that every
// call pairs with the project folder as work tree.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { neutralGitEnv, spawnGit } from './shadow-git';

/** Patterns every snapshot leaves out, whatever the project's ignore files say. */
const ALWAYS_EXCLUDED = ['.git', ''];

export async function ensureShadowRepo(shadowDir: string, projectRoot: string, baseEnv: NodeJS.ProcessEnv): Promise<void> {
  if (!existsSync(path.join(shadowDir, 'HEAD'))) {
    await mkdir(shadowDir, { recursive: true });
    // --template= keeps any system-wide template hooks out of the shadow repository.
    await spawnGit(['init', '--bare', '--quiet', '--template=', shadowDir], {
      env: neutralGitEnv(baseEnv, shadowDir),
      cwd: shadowDir,
    });
    await mkdir(path.join(shadowDir, 'info'), { recursive: true });
    await writeFile(path.join(shadowDir, 'info', 'exclude'), ALWAYS_EXCLUDED.join('\n'));
    await writeFile(path.join(shadowDir, 'project-root'), `${projectRoot}\n`);
  }
}

/** Config that points git at the project's own `.git/info/exclude`, read in place (never copied, never written). */
export function projectExcludeConfig(projectRoot: string): string[] {
  const file = path.join(projectRoot, '.git', 'info', 'exclude');
  return existsSync(file) ? [`core.excludesFile=${file}`] : [];
}
