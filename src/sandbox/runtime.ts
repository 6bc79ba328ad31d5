// The OS side of the sandbox: @anthropic-ai/sandbox-runtime (bubblewrap + socat on Linux, Seatbelt on macOS),
// used as a library. It is imported lazily, so a session without the sandbox never loads it. The runtime is a
// process-wide singleton; tandem runs one session per process, so one configuration per process is enough.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { SandboxBoundary } from './boundary';

type Runtime = typeof import('@anthropic-ai/sandbox-runtime');
let runtimeModule: Runtime | undefined;
async function loadRuntime(): Promise<Runtime> {
  runtimeModule ??= await import('@anthropic-ai/sandbox-runtime');
  return runtimeModule;
}

/** The exact line that installs what Linux needs (Debian and Ubuntu). */
export const LINUX_INSTALL_LINE = 'sudo apt-get install -y bubblewrap socat';

export interface Availability {
  ok: boolean;
  /** Programs not found (bubblewrap, socat). */
  missing: string[];
  /** Everything else that stops it, in the runtime's words. */
  problems: string[];
}

function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

/** What stops the sandbox before the runtime is even loaded: the platform, programs not on PATH (synchronous). */
export function checkPrograms(): Availability {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    return { ok: false, missing: [], problems: [`the sandbox supports Linux and macOS only (this is ${process.platform})`] };
  }
  const missing = process.platform === 'linux' ? ['bwrap', 'socat'].filter((p) => !onPath(p)).map((p) => (p === 'bwrap' ? 'bubblewrap' : p)) : [];
  return { ok: missing.length === 0, missing, problems: [] };
}

/** Whether the sandbox can start here; cheap enough for startup and /sandbox. */
export async function checkAvailability(rgPath: string): Promise<Availability> {
  const programs = checkPrograms();
  if (!programs.ok) return programs;
  try {
    const { SandboxManager } = await loadRuntime();
    const check = SandboxManager.checkDependencies({ command: rgPath });
    return { ok: check.errors.length === 0, missing: [], problems: check.errors };
  } catch (error) {
    return { ok: false, missing: [], problems: [`the sandbox runtime could not be loaded: ${(error as Error).message}`] };
  }
}

/** A program that prints nothing and succeeds (the runtime's ripgrep search then finds nothing). */
const NO_LISTING_PROGRAM = ['/bin/true', '/usr/bin/true'].find((p) => {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

let initialized: Promise<void> | undefined;

/** Starts the runtime's proxies with the boundary as its configuration (once per process). */
export function initializeRuntime(boundary: SandboxBoundary, rgPath: string, askHost?: (host: string) => Promise<boolean>): Promise<void> {
  initialized ??= (async () => {
    const { SandboxManager } = await loadRuntime();
    await SandboxManager.initialize({
      network: {
        allowedDomains: boundary.network.allowedDomains,
        deniedDomains: boundary.network.deniedDomains,
        allowLocalBinding: boundary.network.allowLocalBinding,
      },
      filesystem: { denyRead: boundary.denyRead, allowWrite: boundary.writable, denyWrite: boundary.denyWrite },
      // The runtime's own search for protected names below the working directory (a ripgrep run per command:
      // 10 ms for ripgrep to start, up to hundreds in a big tree) is left out: tandem's cached scan of every
      // writable root (guard-scan.ts) finds them, deeper and in more places, before each wrap. The runtime has no
      // switch for it, so its ripgrep is a program that lists nothing; where there is none, the search is kept
      // to the top level.
      ripgrep: { command: NO_LISTING_PROGRAM ?? rgPath },
      mandatoryDenySearchDepth: 1,
    }, askHost ? ({ host }) => askHost(host) : undefined);
  })();
  // A failed start may be retried by a later call (after the user installed what was missing).
  initialized.catch(() => (initialized = undefined));
  return initialized;
}

export interface WrappedCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** Variables the command's environment must not hold, whoever else supplies it. */
  hiddenEnv: readonly string[];
}

/**
 * tandem's own credentials: a sandboxed command has no use for them, and with them it could spend the user's
 * account or carry the key out through an allowed domain. Removed before bubblewrap starts (an `unset` inside
 * would still leave them in /proc/PID/environ of the sandbox's first shell).
 */
export const HIDDEN_FROM_SANDBOX = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'] as const;

/** The write and read lists of one wrap (they replace the configuration's for that command only). */
export interface WrapFilesystem {
  allowWrite: string[];
  denyWrite: string[];
  denyRead: string[];
}

/** The argv and environment that run `script` with bash inside the sandbox, starting in `cwd`. */
export async function wrapInRuntime(script: string, cwd: string, filesystem?: WrapFilesystem): Promise<WrappedCommand> {
  const { SandboxManager } = await loadRuntime();
  const custom = filesystem ? { filesystem } : undefined;
  const { argv, env } = await SandboxManager.wrapWithSandboxArgv(script, '/bin/bash', custom, undefined, cwd);
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  const [file, ...args] = argv;
  if (!file) throw new Error('the sandbox runtime returned an empty command');
  return { file, args, env: clean, hiddenEnv: HIDDEN_FROM_SANDBOX };
}

/**
 * Tells the runtime one wrapped command has ended: call once per wrap. The runtime counts its wraps and removes
 * the mount points bubblewrap left for absent paths (empty `.bashrc`, `.mcp.json`... in the project) only when
 * the last one has ended, since removing one under a running sandbox would lift its protection there.
 */
export function cleanupRuntimeMounts(): void {
  runtimeModule?.SandboxManager.cleanupAfterCommand();
}

export async function resetRuntime(): Promise<void> {
  if (!initialized) return;
  initialized = undefined;
  await runtimeModule?.SandboxManager.reset();
}
