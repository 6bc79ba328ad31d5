// Runs git against the shadow repository only. Every call names the shadow git dir, the project as work tree and
// the shadow index explicitly, strips inherited GIT_* variables and hides the user's global/system config, so the
// project's own repository (HEAD, index, hooks) and the user's settings (fsmonitor, signing, autocrlf) never come in.
import { spawn } from 'node:child_process';

/** Config forced on every call, whatever the shadow repository's own config says. */
const FORCED_CONFIG = [
  'core.autocrlf=false',
  'core.safecrlf=false',
  'core.eol=lf',
  'commit.gpgsign=false',
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'core.untrackedCache=true',
  'core.preloadIndex=true',
  'core.fileMode=true',
  'core.symlinks=true',
  'core.quotePath=false',
  'core.bigFileThreshold=512m',
  'gc.auto=0',
  'gc.autoDetach=false',
  'maintenance.auto=false',
  'advice.detachedHead=false',
  'user.name=tandem',
  'user.email=tandem@localhost',
];

export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitRunOptions {
  input?: string | Buffer;
  /** Exit codes that count as success (default [0]). */
  okCodes?: number[];
  /** Use another index file than the shadow's (restore works in a scratch index). */
  indexFile?: string;
}

export interface GitResult {
  stdout: Buffer;
  exitCode: number;
}

/** Environment with every GIT_* variable removed and global/system config hidden. */
export function neutralGitEnv(base: NodeJS.ProcessEnv, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.startsWith('GIT_')) env[key] = value;
  }
  env.GIT_CONFIG_NOSYSTEM = '1';
  env.GIT_CONFIG_GLOBAL = '/dev/null';
  env.HOME = home; // older git reads ~/.gitconfig without GIT_CONFIG_GLOBAL
  env.XDG_CONFIG_HOME = home;
  env.GIT_TERMINAL_PROMPT = '0';
  env.LC_ALL = 'C';
  return env;
}

export function spawnGit(
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; input?: string | Buffer; okCodes?: number[] },
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { env: opts.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    // git may exit before reading all of stdin (e.g. on an error); the exit code tells the story, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      const ok = opts.okCodes ?? [0];
      if (code !== null && ok.includes(code)) {
        resolve({ stdout: Buffer.concat(out), exitCode: code });
      } else {
        const what = `git ${args.filter((a) => !a.startsWith('-c') && !a.includes('=')).slice(0, 3).join(' ')}`;
        reject(new GitError(`${what} failed (exit ${code}): ${stderr.trim() || 'no message'}`, code, stderr));
      }
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Whether a git executable can be run with this environment's PATH. */
export async function gitAvailable(env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    await spawnGit(['--version'], { env, cwd: process.cwd() });
    return true;
  } catch {
    return false;
  }
}

/** A git bound to one shadow repository and one work tree. */
export class ShadowGit {
  private readonly env: NodeJS.ProcessEnv;
  private readonly configArgs: string[];

  constructor(
    readonly gitDir: string,
    readonly workTree: string,
    baseEnv: NodeJS.ProcessEnv,
    extraConfig: string[] = [],
  ) {
    this.env = neutralGitEnv(baseEnv, gitDir);
    this.configArgs = [...FORCED_CONFIG, ...extraConfig].flatMap((c) => ['-c', c]);
  }

  get indexFile(): string {
    return `${this.gitDir}/index`;
  }

  async run(args: string[], opts: GitRunOptions = {}): Promise<GitResult> {
    const env = { ...this.env, GIT_INDEX_FILE: opts.indexFile ?? this.indexFile };
    const full = [...this.configArgs, `--git-dir=${this.gitDir}`, `--work-tree=${this.workTree}`, ...args];
    // Another tandem process on the same project may hold the shadow index lock for a moment: wait and retry.
    for (let attempt = 0; ; attempt++) {
      try {
        const started = performance.now();
        const result = await spawnGit(full, { env, cwd: this.workTree, input: opts.input, okCodes: opts.okCodes });
        if (process.env.TANDEM_DEBUG_CHECKPOINTS) {
          process.stderr.write(`[checkpoints] git ${args[0]} ${(performance.now() - started).toFixed(0)} ms\n`);
        }
        return result;
      } catch (error) {
        const locked = error instanceof GitError && /\.lock': File exists/.test(error.stderr);
        if (!locked || attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 50 + attempt * 25));
      }
    }
  }

  async text(args: string[], opts: GitRunOptions = {}): Promise<string> {
    return (await this.run(args, opts)).stdout.toString('utf8');
  }

  /** NUL-separated output split into its fields (the trailing empty field dropped). */
  async fields(args: string[], opts: GitRunOptions = {}): Promise<string[]> {
    const out = await this.text(args, opts);
    const parts = out.split('\0');
    if (parts.at(-1) === '') parts.pop();
    return parts;
  }
}
