// Running a command in a pseudo-terminal, so programs see a terminal (colours, progress bars, line buffering) as
// they would for a person. One pty and one `bash -c` per command: the working directory is carried over through a
// small file the shell writes on exit, while environment changes die with the shell, as users expect from
// separate tool calls. Background shells are kept in the session store so BashOutput and KillShell find them.
// The result is complete: the pty is read to its end before the command counts as done (see pty-drain.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { IPty } from 'node-pty';
import { drainBeforeClose } from './pty-drain';
import { completeChunkLength, stripTerminalEscapes, TerminalText } from './terminal-text';
import { ToolError } from './types';
import { makeOwnedTempDir, removeOwnedTempDir, removeOwnedTempDirLater } from '../process/owned-temp-dir';

export const PTY_COLS = 120;
export const PTY_ROWS = 40;
/** Output kept in memory per command; older lines are dropped first. */
export const MAX_CAPTURED_CHARS = 5 * 1024 * 1024;
/** Between SIGTERM to the process group and SIGKILL. */
export const KILL_GRACE_MS = 1000;
/** Live output goes out at most this often. */
const PROGRESS_INTERVAL_MS = 50;
/**
 * A script longer than this goes to bash through a file instead of its argument list: Linux refuses a single
 * argument over 128 KB (E2BIG), and the whole argument list and environment share about 2 MB.
 */
export const MAX_INLINE_SCRIPT_BYTES = 100 * 1024;

export type KillReason = 'timeout' | 'interrupted' | 'killed';

let ptyModule: typeof import('node-pty') | undefined;
async function loadPty(): Promise<typeof import('node-pty')> {
  // node-pty is a native addon kept outside the bundle; loading it lazily keeps startup free of it.
  ptyModule ??= await import('node-pty');
  return ptyModule;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The script bash runs. stdin is /dev/null: nobody can type into the command, so a prompt should read end-of-file
 * at once rather than wait for the timeout. The EXIT trap records the final directory, also after an `exit`.
 */
export function wrapCommand(command: string, cwdFile: string): string {
  return `exec </dev/null\ntrap 'builtin pwd >| ${shellQuote(cwdFile).replace(/'/g, `'\\''`)} 2>/dev/null' EXIT\n${command}\n`;
}

/** Runs the shell inside a boundary (the sandbox, src/sandbox/): wraps bash's script into another command line. */
export interface ShellWrapper {
  /** Where the command's private folder goes: it must be writable from inside, for the cwd marker. */
  workRoot: string;
  wrap(script: string, cwd: string): Promise<{ command: { file: string; args: string[]; env: Record<string, string>; hiddenEnv: readonly string[] }; release: () => void }>;
}

export interface ShellOptions {
  command: string;
  cwd: string;
  /** Called with escape-free output at most every 50 ms while the command runs. */
  onOutput?: (chunk: string) => void;
  /** Run inside this boundary instead of directly. */
  wrapper?: ShellWrapper;
}

export class ShellProcess {
  readonly output = new TerminalText({ viewportRows: PTY_ROWS, maxChars: MAX_CAPTURED_CHARS });
  readonly startedAt = Date.now();
  exitCode: number | null = null;
  exitSignal: number | null = null;
  endedAt: number | undefined;
  killReason: KillReason | undefined;
  /** Resolves when the shell has exited and its output is drained. */
  readonly done: Promise<void>;
  private finish!: () => void;
  /** One decoder for the stream and the final drain, so a character split between them comes out whole. */
  private readonly decoder = new StringDecoder('utf8');
  private pendingChunk = '';
  private flushTimer: NodeJS.Timeout | undefined;
  private killing: Promise<void> | undefined;
  private finalCwd: string | undefined;

  constructor(
    private readonly pty: IPty,
    readonly command: string,
    /** This command's private folder (see startShell), removed when the shell ends. */
    readonly workDir: string,
    private readonly onOutput?: (chunk: string) => void,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    // Spawned with `encoding: null`, node-pty hands out Buffers whatever its typings say.
    pty.onData((data: string | Buffer) => this.receive(typeof data === 'string' ? data : this.decoder.write(data)));
    drainBeforeClose(pty, (bytes) => this.receive(this.decoder.write(bytes)));
    // node-pty reports the exit only once its stream has closed, so every byte has been received by now.
    pty.onExit(({ exitCode, signal }) => {
      this.receive(this.decoder.end());
      this.exitCode = exitCode;
      this.exitSignal = signal ?? null;
      this.endedAt = Date.now();
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flush(true);
      this.finalCwd = readFinalCwd(workDir);
      removeOwnedTempDirLater(workDir);
      this.finish();
    });
  }

  private receive(text: string): void {
    if (!text) return;
    this.output.write(text);
    if (this.onOutput) {
      this.pendingChunk += text;
      this.flushTimer ??= setTimeout(() => this.flush(false), PROGRESS_INTERVAL_MS);
    }
  }

  get pid(): number {
    return this.pty.pid;
  }

  get running(): boolean {
    return this.endedAt === undefined;
  }

  /**
   * Sends the live output gathered since the last flush. Until the end, an escape sequence or a \r\n cut in two
   * by the pty's reads waits for its other half, so the live text adds up to the same text as the final result.
   */
  private flush(final: boolean): void {
    this.flushTimer = undefined;
    if (!this.pendingChunk || !this.onOutput) return;
    const cut = final ? this.pendingChunk.length : completeChunkLength(this.pendingChunk);
    const chunk = stripTerminalEscapes(this.pendingChunk.slice(0, cut));
    // What is held back goes out with the next data or at the end (no timer: an idle command costs nothing).
    this.pendingChunk = this.pendingChunk.slice(cut);
    if (chunk) this.onOutput(chunk);
  }

  /**
   * Ends the whole process group (the shell is a session leader, so its children share its group): SIGTERM, then
   * SIGKILL for whatever is still there after the grace period. Resolves once the shell has exited.
   */
  kill(reason: KillReason): Promise<void> {
    if (this.killing) return this.killing;
    this.killReason ??= reason;
    this.killing = (async () => {
      const group = -this.pty.pid;
      signalGroup(group, 'SIGTERM');
      const deadline = Date.now() + KILL_GRACE_MS;
      while (groupAlive(group) && Date.now() < deadline) await sleep(25);
      if (groupAlive(group)) signalGroup(group, 'SIGKILL');
      if (this.running) {
        // The shell itself may have ignored SIGTERM while its group was already empty.
        try {
          this.pty.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await this.done;
    })();
    return this.killing;
  }

  /** The directory the shell ended in, when it wrote one (once; not after a kill). */
  takeFinalCwd(): string | undefined {
    const dir = this.finalCwd;
    this.finalCwd = undefined;
    return dir;
  }
}

function cwdFileIn(workDir: string): string {
  return path.join(workDir, 'cwd');
}

/**
 * The marker the shell's EXIT trap wrote. The folder is writable by the command (inside the sandbox too), so what
 * is there may be anything it put there: only a regular file is read, opened without following a link and without
 * blocking (a FIFO would otherwise hold tandem's read forever), and only its first 4 KB.
 */
function readFinalCwd(workDir: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(cwdFileIn(workDir), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
    if (!fs.fstatSync(fd).isFile()) return undefined;
    const buf = Buffer.alloc(4096);
    return buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function signalGroup(group: number, sig: NodeJS.Signals): void {
  try {
    process.kill(group, sig);
  } catch {
    /* the group is already empty */
  }
}

function groupAlive(group: number): boolean {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Environment for commands: the user's, plus settings that keep programs from waiting on a pager or a prompt. */
function commandEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, {
    TERM: 'xterm-256color',
    PAGER: 'cat',
    GIT_PAGER: 'cat',
    MANPAGER: 'cat',
    SYSTEMD_PAGER: '',
    GIT_TERMINAL_PROMPT: '0',
    COLUMNS: String(PTY_COLS),
    LINES: String(PTY_ROWS),
  });
  return env;
}

/**
 * bash's arguments for a script. A long one is written to `command.sh` in the command's private folder and
 * sourced: `bash -c '. FILE'` keeps what `bash -c SCRIPT` gives (no positional parameters, $0 the shell, `exit`
 * and the EXIT trap as usual), and `.` reads the whole file before running it.
 */
export function bashArguments(script: string, workDir: string): string[] {
  if (Buffer.byteLength(script, 'utf8') <= MAX_INLINE_SCRIPT_BYTES) return ['-c', script];
  const file = path.join(workDir, 'command.sh');
  fs.writeFileSync(file, script, { mode: 0o600, flag: 'wx' });
  return ['-c', `. ${shellQuote(file)}`];
}

/**
 * Starts a command. Its marker file (and a long command's script) live in a fresh folder only this user can
 * enter: a fixed or guessable name in the shared temp folder would let another local user plant a symlink that
 * the EXIT trap's `>|` follows.
 */
export async function startShell(opts: ShellOptions): Promise<ShellProcess> {
  const { spawn } = await loadPty();
  let workDir: string;
  const root = opts.wrapper?.workRoot ?? os.tmpdir();
  try {
    // In the sandbox's folder when sandboxed (removed with it); else an owned folder, gone at exit even if killed.
    workDir = opts.wrapper ? fs.mkdtempSync(path.join(root, 'tandem-bash-')) : makeOwnedTempDir('bash', root);
  } catch (error) {
    throw new ToolError(
      `Cannot create a private folder for the command in ${root} (${(error as Error).message}). Set TMPDIR to a writable folder and restart tandem.`,
    );
  }
  let pty: IPty;
  let release: (() => void) | undefined;
  try {
    const args = bashArguments(wrapCommand(opts.command, cwdFileIn(workDir)), workDir);
    let file = '/bin/bash';
    let spawnArgs = args;
    let env = commandEnv();
    if (opts.wrapper) {
      const wrapped = await opts.wrapper.wrap(args[1]!, opts.cwd);
      release = wrapped.release;
      file = wrapped.command.file;
      spawnArgs = wrapped.command.args;
      // Our terminal settings (pager, TERM) win over the wrapper's copy of the environment; what the boundary
      // hides (tandem's own credentials) is not handed in at all.
      env = { ...wrapped.command.env, ...env };
      for (const name of wrapped.command.hiddenEnv) delete env[name];
    }
    pty = spawn(file, spawnArgs, {
      name: 'xterm-256color',
      cols: PTY_COLS,
      rows: PTY_ROWS,
      cwd: opts.cwd,
      env,
      // Bytes, decoded by ShellProcess: the final drain reads bytes too, and both must share one decoder.
      encoding: null,
    });
  } catch (error) {
    release?.();
    removeOwnedTempDir(workDir);
    throw error;
  }
  const proc = new ShellProcess(pty, opts.command, workDir, opts.onOutput);
  if (release) void proc.done.then(release);
  return proc;
}

// ---- background shells -------------------------------------------------------------------------------------

export interface BackgroundShell {
  id: string;
  proc: ShellProcess;
  /** Absolute line number up to which BashOutput has returned output. */
  readLine: number;
}

interface ShellRegistry {
  next: number;
  shells: Map<string, BackgroundShell>;
}

const STORE_KEY = 'shells';

export function shellRegistry(store: Map<string, unknown>): ShellRegistry {
  let reg = store.get(STORE_KEY) as ShellRegistry | undefined;
  if (!reg) {
    reg = { next: 1, shells: new Map() };
    store.set(STORE_KEY, reg);
  }
  return reg;
}

export function addBackgroundShell(store: Map<string, unknown>, proc: ShellProcess): BackgroundShell {
  const reg = shellRegistry(store);
  const shell: BackgroundShell = { id: `bash_${reg.next++}`, proc, readLine: 0 };
  reg.shells.set(shell.id, shell);
  return shell;
}

export function getBackgroundShell(store: Map<string, unknown>, id: string): BackgroundShell | undefined {
  return shellRegistry(store).shells.get(id.trim());
}

/** A background shell the end of the session stopped, with everything it had printed that is still held. */
export interface StoppedShell {
  id: string;
  command: string;
  /** Its output from the first line still held (see droppedLines) to the end, whether BashOutput read it or not. */
  output: string;
  droppedLines: number;
  /** Lines BashOutput had not returned yet. */
  unreadLines: number;
}

/**
 * Kills every background shell of the session (the engine calls it when the session ends) and returns the ones
 * that were still running, with their output, so the caller can keep it (nothing they printed is lost silently).
 */
export async function killAllShells(store: Map<string, unknown>): Promise<StoppedShell[]> {
  const reg = store.get(STORE_KEY) as ShellRegistry | undefined;
  if (!reg) return [];
  const running = [...reg.shells.values()].filter((s) => s.proc.running);
  await Promise.all(running.map((s) => s.proc.kill('killed')));
  return running.map((s) => {
    const out = s.proc.output;
    const lines = out.linesBetween(0, out.endLine);
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    return { id: s.id, command: s.proc.command, output: lines.join('\n'), droppedLines: out.droppedLines, unreadLines: Math.max(0, out.endLine - s.readLine) };
  });
}

/** Status line shared by Bash and BashOutput. */
export function describeEnd(proc: ShellProcess, timeoutMs?: number): string {
  if (proc.running) return 'running';
  if (proc.killReason === 'timeout') return `killed after ${formatSeconds(timeoutMs ?? 0)} timeout`;
  if (proc.killReason === 'interrupted') return 'interrupted by the user';
  if (proc.killReason === 'killed') return 'killed';
  if (proc.exitSignal) return `killed by signal ${proc.exitSignal}`;
  return `exit ${proc.exitCode ?? '?'}`;
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
