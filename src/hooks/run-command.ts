// Runs one command hook: `/bin/sh -c`, the event JSON on stdin, in its own process group so a timeout or an abort
// can kill everything it started. It never hangs its caller: after the timeout it kills and returns; after the
// shell exits it waits only briefly for background children still holding the output pipes.
import { spawn } from 'node:child_process';

export interface CommandHookResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  /** Spawn failure (no shell, bad cwd). */
  spawnError?: string;
  durationMs: number;
}

const MAX_OUTPUT = 1024 * 1024;
const PIPE_GRACE_MS = 200;

export function runCommandHook(opts: {
  command: string;
  input: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<CommandHookResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    let timedOut = false;
    let aborted = false;
    let exitCode: number | null = null;
    const timers: NodeJS.Timeout[] = [];

    const child = spawn('/bin/sh', ['-c', opts.command], {
      cwd: opts.cwd,
      env: opts.env,
      detached: true, // its own process group: kill(-pid) reaches what it spawned
      stdio: ['pipe', 'pipe', 'pipe'],
    });

    const finish = (extra: Partial<CommandHookResult> = {}): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({ exitCode, stdout, stderr, timedOut, aborted, durationMs: Date.now() - started, ...extra });
    };
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        try { child.kill('SIGKILL'); } catch { /* already gone */ }
      }
    };
    const onAbort = (): void => {
      aborted = true;
      killGroup();
      finish();
    };

    child.stdout?.on('data', (d: Buffer) => { if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8'); });
    child.stderr?.on('data', (d: Buffer) => { if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8'); });
    child.on('error', (e) => finish({ spawnError: e.message }));
    child.on('exit', (code, sig) => {
      exitCode = code ?? (sig ? 128 : null);
      // Background children may keep the pipes open; do not wait for them for long.
      timers.push(setTimeout(() => { killGroup(); finish(); }, PIPE_GRACE_MS));
    });
    child.on('close', () => finish());
    timers.push(setTimeout(() => { timedOut = true; killGroup(); finish(); }, opts.timeoutMs));
    if (opts.signal) {
      if (opts.signal.aborted) onAbort();
      else opts.signal.addEventListener('abort', onAbort, { once: true });
    }
    // A hook that does not read its stdin is fine.
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.input);
  });
}
