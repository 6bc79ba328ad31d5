// Builds a session's sandbox from the merged settings, the command-line flag and the permission rules: Read deny
// rules become deny-read paths and Edit deny rules read-only paths, so what the Read and Edit tools may not touch,
// a sandboxed command may not either.
import { parseRule } from '../permissions/rule';
import type { RuleEntry } from '../permissions/policy';
import type { ResolvedServerConfig } from '../mcp/config';
import type { McpSetup } from '../mcp/setup';
import type { LoadedPlugins } from '../plugins/load';
import type { HooksConfig } from '../settings/schema';
import { resolvePath } from '../permissions/resolve-path';
import { configuredProgramPaths, type ConfiguredProgramsInput } from './configured-programs';
import { SandboxController } from './controller';
import { parseSandboxSettings } from './settings';

export interface SessionSandboxOptions {
  /** The merged `sandbox` block (after folder trust). */
  raw: unknown;
  flag?: boolean;
  projectRoot: string;
  additionalDirectories: string[];
  homeDir: string;
  tandemHome: string;
  rules: RuleEntry[];
  disallowedTools?: string[];
  /** The session's hooks, MCP servers and plugins: what they run inside the writable area stays read-only. */
  configured?: Pick<ConfiguredProgramsInput, 'cwd' | 'hooks' | 'servers' | 'pluginRoots'>;
}

/** Specifiers of the deny rules for `tool` (Read or Edit), from the settings and --disallowedTools. */
export function denySpecifiers(tool: 'Read' | 'Edit', rules: RuleEntry[], disallowedTools: string[] = []): string[] {
  const out: string[] = [];
  for (const text of [...rules.filter((r) => r.behavior === 'deny').map((r) => r.rule), ...disallowedTools]) {
    try {
      const parsed = parseRule(text);
      if (parsed.tool === tool && parsed.specifier !== undefined && parsed.specifier.trim() !== '') out.push(parsed.specifier);
    } catch {
      // The policy reports unreadable rules (and asks for every call of their tool).
    }
  }
  return out;
}

/**
 * What a session has configured to run, as bootstrap loaded it: every hook and server (those off this session too:
 * a later approval or trust runs the file as it is then) and every plugin found.
 */
export function sessionConfigured(loaded: {
  cwd: string;
  /** The settings' hooks before folder trust, and after (the merge may differ). */
  hooks: HooksConfig[];
  plugins: LoadedPlugins;
  mcp: Pick<McpSetup, 'ready' | 'awaiting' | 'denied' | 'disabled' | 'untrusted'>;
  pluginServers: ResolvedServerConfig[];
}): NonNullable<SessionSandboxOptions['configured']> {
  const { mcp, plugins } = loaded;
  return {
    cwd: loaded.cwd,
    hooks: [...loaded.hooks.map((config) => ({ config })), ...plugins.plugins.map((p) => ({ config: p.components.hooks, pluginRoot: p.root }))],
    servers: [...mcp.ready, ...mcp.awaiting, ...mcp.denied, ...mcp.disabled, ...mcp.untrusted, ...loaded.pluginServers],
    pluginRoots: plugins.plugins.map((p) => p.root),
  };
}

function configuredProgramsOf(opts: SessionSandboxOptions, allowWrite: string[]): string[] {
  if (!opts.configured) return [];
  const writableRoots = [opts.projectRoot, ...opts.additionalDirectories, ...allowWrite].map((p) => resolvePath(p, opts.projectRoot, opts.homeDir).real);
  try {
    return configuredProgramPaths({ ...opts.configured, projectRoot: opts.projectRoot, homeDir: opts.homeDir, writableRoots });
  } catch {
    // Never fatal: the rest of the boundary holds without these.
    return [];
  }
}

export function createSessionSandbox(opts: SessionSandboxOptions): { controller: SandboxController; warnings: string[] } {
  const { settings, warnings } = parseSandboxSettings(opts.raw);
  const controller = new SandboxController(settings, {
    flag: opts.flag,
    projectRoot: opts.projectRoot,
    additionalDirectories: opts.additionalDirectories,
    homeDir: opts.homeDir,
    tandemHome: opts.tandemHome,
    settings,
    readDenySpecifiers: denySpecifiers('Read', opts.rules, opts.disallowedTools),
    editDenySpecifiers: denySpecifiers('Edit', opts.rules, opts.disallowedTools),
    configuredPrograms: opts.configured ? configuredProgramsOf(opts, settings.filesystem.allowWrite) : undefined,
  });
  return { controller, warnings: warnings.map((w) => `settings: ${w}`) };
}
