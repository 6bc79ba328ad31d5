// One session's sandbox: whether it is on, why not, the resolved boundary, and the one decision every caller asks
// (the permission step in tool-runner, the Bash tool, /sandbox): does this Bash call run inside the sandbox?
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { denyCandidates, parseBashPattern, simpleCommandMatches, wholeLineMatches } from '../permissions/bash-command';
import { isInside } from '../permissions/resolve-path';
import { getRgPath } from '../tools/ripgrep';
import { computeBoundary, RUNTIME_SHARED_WRITE_DIRS, type BoundaryInput, type SandboxBoundary } from './boundary';
import { checkAvailability, cleanupRuntimeMounts, initializeRuntime, LINUX_INSTALL_LINE, resetRuntime, wrapInRuntime, type WrapFilesystem, type WrappedCommand } from './runtime';
import { checkAfterCall, recordBeforeCall } from './after-call';
import { GuardScanner } from './guard-scan';
import { GUARDED_FILES, GUARDED_FOLDERS, GUARDED_IN_HOME } from './root-guards';
import { saveAllowedDomain } from './save';
import { makeOwnedTempDir, OWNER_MARKER, removeOwnedTempDir } from '../process/owned-temp-dir';
import type { SandboxSettings } from './settings';

export type SandboxState =
  | { kind: 'off'; reason: string }
  | { kind: 'on' }
  | { kind: 'unavailable'; missing: string[]; problems: string[] };

/** Where one Bash call runs. */
export type BashPlacement =
  | { kind: 'sandboxed' }
  | { kind: 'outside'; why: string }
  | { kind: 'refused'; why: string };

/** The user's answer to "may sandboxed commands reach this domain": this session, from now on, or no. */
export type NetworkAnswer = 'session' | 'always' | 'no';
export type NetworkAsker = (host: string) => Promise<NetworkAnswer>;

export interface SandboxControllerOptions extends Omit<BoundaryInput, 'tempDir'> {
  /** `--sandbox` (true) / `--no-sandbox` (false); unset: the settings decide. */
  flag?: boolean;
}

export interface BashCallInput {
  command: string;
  dangerouslyDisableSandbox?: boolean;
}

export class SandboxController {
  private state: SandboxState;
  private tempDirPath: string | undefined;
  private boundaryCache: SandboxBoundary | undefined;
  private asker: NetworkAsker | undefined;
  /** One answer per domain per session: a domain asks once. */
  private readonly hostAnswers = new Map<string, Promise<boolean>>();
  /** Finds the protected paths before each command; keeps folder listings between commands. */
  readonly guardScanner = new GuardScanner();
  /** Lines from the checks after commands (after-call.ts), waiting for the next Bash result to carry them. */
  private readonly notes: string[] = [];

  constructor(
    private settings: SandboxSettings,
    private readonly opts: SandboxControllerOptions,
  ) {
    const on = opts.flag ?? settings.enabled;
    this.state = on ? { kind: 'off', reason: 'not started yet' } : { kind: 'off', reason: opts.flag === false ? 'turned off with --no-sandbox' : 'not enabled in settings (sandbox.enabled)' };
  }

  /**
   * The per-session temp dir, made when first needed: a session with the sandbox off leaves nothing in /tmp. An owned
   * folder: removed by close(), at process exit however the process ends, or by a later start after a `kill -9`.
   */
  private get tempDir(): string {
    this.tempDirPath ??= makeOwnedTempDir('sandbox');
    return this.tempDirPath;
  }

  /** `--sandbox` (true) / `--no-sandbox` (false), unset when no flag was given. */
  get flag(): boolean | undefined {
    return this.opts.flag;
  }

  get wanted(): boolean {
    return this.opts.flag ?? this.settings.enabled;
  }

  get current(): SandboxState {
    return this.state;
  }

  get config(): SandboxSettings {
    return this.settings;
  }

  /** What the configured hooks, MCP servers and plugins run, kept read-only (for /sandbox). */
  get configuredPrograms(): string[] {
    return this.opts.configuredPrograms ?? [];
  }

  boundary(): SandboxBoundary {
    this.boundaryCache ??= computeBoundary({ ...this.opts, settings: this.settings, tempDir: this.tempDir });
    return this.boundaryCache;
  }

  /**
   * Starts the sandbox when the settings or the flag ask for it. Returns the sentence to show the user once when
   * it cannot start (Bash then prompts as usual, or refuses with `failIfUnavailable`), or when it runs but cannot
   * spare the prompts (a protected name is a symbolic link: see autoAllows).
   */
  async start(): Promise<string | undefined> {
    if (!this.wanted) return undefined;
    const rg = await getRgPath();
    const available = await checkAvailability(rg);
    if (!available.ok) {
      this.state = { kind: 'unavailable', missing: available.missing, problems: available.problems };
      return unavailableMessage(this.state, this.settings.failIfUnavailable);
    }
    try {
      // tandem's own folder exists before the first command, so bubblewrap protects a real folder there.
      fs.mkdirSync(path.join(this.opts.projectRoot, '.tandem'), { recursive: true });
      await initializeRuntime(this.boundary(), rg, (host) => this.decideHost(host));
      this.state = { kind: 'on' };
      const links = this.protectedLinks();
      let note: string | undefined;
      if (links.length > 0) {
        note = `the sandbox is on, but Bash commands still ask: ${links.join(', ')} ${links.length > 1 ? 'are symbolic links' : 'is a symbolic link'}, which a sandboxed command could point elsewhere (replace ${links.length > 1 ? 'them' : 'it'} with the real folder or file to run sandboxed commands unprompted).`;
      }
      // The first scan reads every folder it covers; done now, while the user types, the first command only reads
      // what changed since.
      setImmediate(() => {
        try {
          this.scanGuards();
        } catch {
          /* the command's own wrap scans again and reports */
        }
      });
      return note;
    } catch (error) {
      this.state = { kind: 'unavailable', missing: [], problems: [(error as Error).message] };
      return unavailableMessage(this.state, this.settings.failIfUnavailable);
    }
  }

  /** Turns the sandbox on for the rest of the session (after /sandbox saved it to the project's settings). */
  async enable(): Promise<string | undefined> {
    this.settings = { ...this.settings, enabled: true };
    if (this.opts.flag === false) return 'the sandbox is saved as on for this project, but --no-sandbox keeps it off in this session';
    return this.start();
  }

  /** Who answers for a domain not in the lists (the interactive shell); without one, such domains are refused. */
  setNetworkAsker(asker: NetworkAsker | undefined): void {
    this.asker = asker;
  }

  /** The proxy's question for a domain no list decides: asked once per session; `always` saves it to the project. */
  decideHost(host: string): Promise<boolean> {
    const key = host.toLowerCase();
    let answer = this.hostAnswers.get(key);
    if (!answer) {
      answer = this.askHost(key);
      this.hostAnswers.set(key, answer);
    }
    return answer;
  }

  private async askHost(host: string): Promise<boolean> {
    if (!this.asker) return false;
    try {
      const answer = await this.asker(host);
      if (answer === 'always') saveAllowedDomain(this.opts.projectRoot, host);
      return answer !== 'no';
    } catch {
      // An interrupted or failed question is a no (asked again in a later session).
      return false;
    }
  }

  /** Turns it off for the rest of the session: Bash prompts as usual from the next call. */
  disable(reason: string): void {
    this.settings = { ...this.settings, enabled: false };
    this.state = { kind: 'off', reason };
  }

  /** The one answer to "where does this Bash call run". */
  placement(input: BashCallInput): BashPlacement {
    const s = this.state;
    switch (s.kind) {
      case 'off':
        return { kind: 'outside', why: `the sandbox is off (${s.reason})` };
      case 'unavailable':
        if (this.settings.failIfUnavailable) return { kind: 'refused', why: unavailableMessage(s, true) };
        return { kind: 'outside', why: 'the sandbox is not available' };
      case 'on':
        break;
      default: {
        const never: never = s;
        throw new Error(`unknown sandbox state ${JSON.stringify(never)}`);
      }
    }
    const excluded = this.excludedBy(input.command);
    if (excluded) return { kind: 'outside', why: `${excluded} is in sandbox.excludedCommands` };
    if (input.dangerouslyDisableSandbox) {
      if (this.settings.allowUnsandboxedCommands) return { kind: 'outside', why: 'the model asked to run it outside the sandbox' };
    }
    return { kind: 'sandboxed' };
  }

  /**
   * With the sandbox on and autoAllowBashIfSandboxed, a sandboxed call needs no prompt (rules still come first),
   * unless a protected name at the top of a writable folder is a symbolic link: bubblewrap protects what a link
   * points to, not the link, so a command could point `.claude` or `.git` elsewhere. Such calls still run
   * sandboxed, but ask first.
   */
  autoAllows(input: BashCallInput): boolean {
    return this.settings.autoAllowBashIfSandboxed && this.placement(input).kind === 'sandboxed' && this.protectedLinks().length === 0;
  }

  /** Protected names at the top of the writable folders that are symbolic links (see autoAllows). */
  protectedLinks(): string[] {
    const found: string[] = [];
    for (const root of this.writableRoots()) {
      for (const name of ['.git', ...GUARDED_FILES, ...GUARDED_FOLDERS]) {
        const p = path.join(root, name);
        try {
          if (fs.lstatSync(p).isSymbolicLink()) found.push(p);
        } catch {
          /* absent */
        }
      }
    }
    return [...new Set(found)];
  }

  private excludedBy(command: string): string | undefined {
    for (const spec of this.settings.excludedCommands) {
      const pattern = parseBashPattern(spec);
      // Any simple command of the line that matches takes the whole line out (`cd x && docker build .`).
      if (wholeLineMatches(command, pattern) || denyCandidates(command).some((c) => simpleCommandMatches(c, pattern))) return spec;
    }
    return undefined;
  }

  /** Where a sandboxed command keeps its private files (the cwd marker): writable from inside. */
  get workRoot(): string {
    return this.tempDir;
  }

  /** The writable folders a command could plant something in (the session's temp dir is its own). */
  private writableRoots(): string[] {
    const b = this.boundary();
    return b.writable.filter((p) => p !== b.tempDir);
  }

  private insideWritable(dir: string): boolean {
    return this.writableRoots().some((root) => isInside(dir, root));
  }

  /** The protected paths found now in each writable root, and in the start folder and `cwd` when inside one. */
  private scanGuards(cwd?: string): string[] {
    const started = realOr(process.cwd());
    const here = cwd === undefined ? undefined : realOr(cwd);
    return this.guardScanner.scan({
      roots: this.insideWritable(started) ? [...this.writableRoots(), started] : this.writableRoots(),
      nestedOnly: here !== undefined && this.insideWritable(here) ? [here] : [],
    });
  }

  /** The write and read lists of a wrap made now: the boundary plus what scanGuards finds, fresh for this call. */
  wrapFilesystem(cwd?: string): WrapFilesystem {
    const b = this.boundary();
    const guards = this.scanGuards(cwd);
    const homes = [...new Set([realOr(this.opts.homeDir), realOr(os.homedir())])].filter((home) => this.insideWritable(home));
    const homeGuards = homes.flatMap((home) => GUARDED_IN_HOME.map((name) => path.join(home, name)));
    // The temp dir's owner marker stays as tandem wrote it: a forged pid would let the next start sweep a live session.
    const marker = path.join(b.tempDir, OWNER_MARKER);
    const shared = RUNTIME_SHARED_WRITE_DIRS.filter((p) => fs.existsSync(p));
    return { allowWrite: b.writable, denyWrite: [...new Set([...b.denyWrite, ...guards, ...homeGuards, ...shared, marker])], denyRead: b.denyRead };
  }

  /** Wraps a bash script for the sandbox; call the returned release when the command has ended. */
  async wrap(script: string, cwd: string): Promise<{ command: WrappedCommand; release: () => void }> {
    const inner = `export TMPDIR=${shellQuote(this.tempDir)}\n${script}`;
    const filesystem = this.wrapFilesystem(cwd);
    const before = recordBeforeCall(this.guardScanner.gitDirs);
    // A wrap that throws has already given its count back inside the runtime.
    const command = await wrapInRuntime(inner, cwd, filesystem);
    let released = false;
    return {
      command,
      release: () => {
        if (released) return;
        released = true;
        // Once per wrap: the runtime counts its wraps and removes the mount points of absent paths only after the
        // last wrapped command has ended (one call for several wraps left them in the project until exit).
        cleanupRuntimeMounts();
        try {
          this.scanGuards(cwd);
          this.notes.push(...checkAfterCall(before, this.guardScanner.gitDirs));
        } catch (error) {
          this.notes.push(`the check after a sandboxed command failed: ${(error as Error).message}`);
        }
      },
    };
  }

  /** What the checks after sandboxed commands moved aside or switched off since last asked (once each). */
  takeNotes(): string[] {
    return this.notes.splice(0);
  }

  async close(): Promise<void> {
    await resetRuntime().catch(() => undefined);
    if (this.tempDirPath) removeOwnedTempDir(this.tempDirPath);
  }
}

function realOr(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function unavailableMessage(s: Extract<SandboxState, { kind: 'unavailable' }>, failIfUnavailable: boolean): string {
  const what = s.missing.length > 0 ? `${s.missing.join(' and ')} ${s.missing.length > 1 ? 'are' : 'is'} not installed (install with: ${LINUX_INSTALL_LINE})` : s.problems.join('; ');
  return failIfUnavailable
    ? `the sandbox cannot start: ${what}. sandbox.failIfUnavailable is set, so Bash will not run until it can.`
    : `the sandbox cannot start: ${what}. Bash commands ask for permission as usual.`;
}

// ---- the session's controller, kept in its session store -------------------------------------------------------

const STORE_KEY = 'sandbox';

export function attachSandbox(store: Map<string, unknown>, controller: SandboxController): void {
  store.set(STORE_KEY, controller);
}

export function sandboxOf(store: Map<string, unknown> | undefined): SandboxController | undefined {
  const v = store?.get(STORE_KEY);
  return v instanceof SandboxController ? v : undefined;
}

/** For the permission step: a Bash call's input that the session's sandbox runs unprompted. */
export function sandboxAutoAllows(store: Map<string, unknown>, input: Record<string, unknown>): boolean {
  const sandbox = sandboxOf(store);
  if (!sandbox || typeof input.command !== 'string') return false;
  return sandbox.autoAllows({ command: input.command, dangerouslyDisableSandbox: input.dangerouslyDisableSandbox === true });
}
