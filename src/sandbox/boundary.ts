// The sandbox's boundary as paths: where a sandboxed command may write, what it may not read, and which of tandem's
// own files stay read-only even inside the writable area. Every path goes through the one resolver
// (permissions/resolve-path.ts), so the boundary and the permission rules agree on what "inside the project" is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePathPattern } from '../permissions/path-rule';
import { resolvePath } from '../permissions/resolve-path';
import type { SandboxSettings } from './settings';

export interface SandboxBoundary {
  /** Real paths a command may write below (the project, additional directories, the session's temp dir...). */
  writable: string[];
  /** Inside the writable area but read-only: tandem's settings and the sandbox's own. */
  denyWrite: string[];
  /** Paths (or globs) a command cannot read. */
  denyRead: string[];
  /** The per-session temp dir (TMPDIR inside the sandbox). */
  tempDir: string;
  network: SandboxSettings['network'];
}

export interface BoundaryInput {
  projectRoot: string;
  additionalDirectories: string[];
  homeDir: string;
  tandemHome: string;
  tempDir: string;
  settings: SandboxSettings;
  /** Specifiers of Read deny rules (`./.env`, `~/secrets/**`): they become deny-read paths. */
  readDenySpecifiers: string[];
  /** Specifiers of Edit deny rules: they become read-only paths inside the writable area (optional). */
  editDenySpecifiers?: string[];
  /** Files and folders tandem runs unsandboxed later (hooks' scripts, MCP servers, plugins: configured-programs.ts). */
  configuredPrograms?: string[];
}

/** Secrets no command needs to read; denied by default. */
export const DEFAULT_DENY_READ = ['~/.ssh', '~/.aws', '~/.gnupg', '~/.config/gcloud'];

/**
 * Folders the runtime makes writable in every sandbox for its own convenience, outside the boundary tandem promises:
 * the two in the home folder are dropped from its write list when they are unreadable (nothing a command needs to
 * read), the shared `/tmp/claude` it always keeps writable, so tandem keeps it read-only (TMPDIR is the session's)
 * in each wrap where it exists then (another program may make or remove it during the session).
 */
export const RUNTIME_HOME_WRITE_DIRS = ['.npm/_logs', '.claude/debug'];
export const RUNTIME_SHARED_WRITE_DIRS = ['/tmp/claude', '/private/tmp/claude'];

function real(p: string, base: string, homeDir: string): string {
  return resolvePath(p, base, homeDir).real;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** A Read (or Edit) rule's specifier as a path the sandbox can deny: literal paths resolved, globs kept as globs. */
export function denyReadPathOfRule(spec: string, projectRoot: string, homeDir: string): string {
  const pattern = parsePathPattern(spec, projectRoot, homeDir);
  const glob = pattern.anyDepth ? `**/${pattern.glob}` : pattern.glob;
  const literal = glob.replace(/\/\*\*$/, '');
  if (!/[*?[\]{}]/.test(literal)) return real(literal, pattern.base, homeDir);
  // A glob: its fixed prefix is resolved (symlinks), the rest is left for the runtime to match.
  const parts = glob.split('/');
  const firstGlob = parts.findIndex((p) => /[*?[\]{}]/.test(p));
  const prefix = parts.slice(0, firstGlob).join('/');
  return path.join(prefix ? real(prefix, pattern.base, homeDir) : realBase(pattern.base), parts.slice(firstGlob).join('/'));
}

function realBase(base: string): string {
  try {
    return fs.realpathSync.native(base);
  } catch {
    return base;
  }
}

/** tandem's own settings inside the project: a command must not rewrite the rules it runs under. */
export function protectedSettingsPaths(projectRoot: string): string[] {
  return [path.join(projectRoot, '.tandem'), path.join(projectRoot, '.claude', 'settings.json'), path.join(projectRoot, '.claude', 'settings.local.json')];
}

export function computeBoundary(input: BoundaryInput): SandboxBoundary {
  const { projectRoot, homeDir, settings } = input;
  const writable = unique([
    real(projectRoot, projectRoot, homeDir),
    ...input.additionalDirectories.map((d) => real(d, projectRoot, homeDir)),
    real(input.tempDir, projectRoot, homeDir),
    ...settings.filesystem.allowWrite.map((p) => real(p, projectRoot, homeDir)),
  ]);
  const denyWrite = unique([
    ...protectedSettingsPaths(projectRoot).map((p) => real(p, projectRoot, homeDir)),
    real(input.tandemHome, projectRoot, homeDir),
    path.join(homeDir, '.claude', 'settings.json'),
    ...settings.filesystem.denyWrite.map((p) => real(p, projectRoot, homeDir)),
    ...(input.editDenySpecifiers ?? []).map((s) => denyReadPathOfRule(s, projectRoot, homeDir)),
    // Already absolute, a symlink kept as the link beside its target: not resolved again.
    ...(input.configuredPrograms ?? []),
  ]);
  const denyRead = unique([
    ...DEFAULT_DENY_READ.map((p) => real(p, projectRoot, homeDir)),
    real(input.tandemHome, projectRoot, homeDir),
    ...input.readDenySpecifiers.map((s) => denyReadPathOfRule(s, projectRoot, homeDir)),
    ...settings.filesystem.denyRead.map((p) => real(p, projectRoot, homeDir)),
    // The runtime's home is the process's, whatever home the rules were given.
    ...RUNTIME_HOME_WRITE_DIRS.map((p) => path.join(os.homedir(), p)),
  ]);
  return { writable, denyWrite, denyRead, tempDir: input.tempDir, network: settings.network };
}
