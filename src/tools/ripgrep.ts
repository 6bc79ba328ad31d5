// Finding and running the ripgrep binary that @vscode/ripgrep ships. The package is external to the bundle (it
// locates its platform binary relative to itself) and is imported on first use so startup does not pay for it.
import { spawn } from 'node:child_process';
import { ToolError } from './types';

let cachedRgPath: string | undefined;

export async function getRgPath(): Promise<string> {
  if (cachedRgPath) return cachedRgPath;
  try {
    const mod = await import('@vscode/ripgrep');
    cachedRgPath = mod.rgPath;
    return cachedRgPath;
  } catch (err) {
    throw new ToolError(
      `ripgrep is not available (${(err as Error).message}). Reinstall tandem so @vscode/ripgrep brings its binary.`,
    );
  }
}

export interface RgResult {
  stdout: string;
  stderr: string;
  /** 0: matches, 1: none, 2: error (possibly with partial results). null when killed. */
  code: number | null;
  /** stdout went past maxBytes and rg was stopped; stdout holds the first maxBytes. */
  truncated: boolean;
}

/** Arguments every call shares: no user config file, .gitignore honoured even outside a git repository. */
export const RG_BASE_ARGS = ['--no-config', '--no-require-git', '--color=never'];

export async function runRg(
  args: string[],
  opts: { cwd: string; signal?: AbortSignal; maxBytes?: number },
): Promise<RgResult> {
  const rg = await getRgPath();
  const maxBytes = opts.maxBytes ?? 20 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(rg, [...RG_BASE_ARGS, ...args], { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let truncated = false;
    let stderr = '';
    const onAbort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => {
      if (truncated) return;
      if (outBytes + b.length > maxBytes) {
        out.push(b.subarray(0, maxBytes - outBytes));
        outBytes = maxBytes;
        truncated = true;
        child.kill('SIGKILL');
        return;
      }
      out.push(b);
      outBytes += b.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += b.toString('utf8');
    });
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new ToolError(`Could not run ripgrep: ${err.message}`));
    });
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (opts.signal?.aborted) {
        reject(new ToolError('The search was interrupted.'));
        return;
      }
      let stdout = Buffer.concat(out).toString('utf8');
      // A cut may leave half a line; keep whole lines only.
      if (truncated) stdout = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
      resolve({ stdout, stderr, code: truncated ? 0 : code, truncated });
    });
  });
}

/** rg's message for exit code 2, shortened to what helps (it prefixes every line with "rg: "). */
export function rgErrorMessage(stderr: string): string {
  const text = stderr.trim();
  return text.length > 2000 ? text.slice(0, 2000) + ' ...' : text || 'ripgrep failed without a message';
}
