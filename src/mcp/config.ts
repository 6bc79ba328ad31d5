// Which MCP servers a session may start: `.mcp.json` at the project root (Claude Code's format) and `mcpServers`
// in the settings files. Each entry is validated on its own, so one bad server never hides the others, and every
// error names the file, the server and the field.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readRegularTextSync } from '../tools/regular-file';
import { expandVariables } from './expand';

/** Where a server was configured. `project` servers come from files a repository can ship, so they need approval. */
export type McpScope = 'project' | 'user' | 'local';

interface ServerBase {
  name: string;
  scope: McpScope;
  /** The file that configured it. */
  file: string;
  /** Hash of the entry as written (before expansion): a changed entry must be approved again. */
  configHash: string;
  /** From a file only the user writes (see McpServerSource.userOwned). */
  userOwned?: boolean;
  /** `"disabled": true` in the entry: listed, never started. */
  disabled?: boolean;
  /** `"timeout"` in the entry: the limit for one tool call (the manager's default otherwise). */
  callTimeoutMs?: number;
}

export type ResolvedServerConfig =
  | (ServerBase & { transport: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string })
  | (ServerBase & { transport: 'http' | 'sse'; url: string; headers: Record<string, string> });

export interface McpConfigError {
  file: string;
  server?: string;
  /** `args[1]`, `env.TOKEN`, `url` ... */
  field?: string;
  message: string;
}

export interface McpServerSource {
  file: string;
  scope: McpScope;
  /** A file only the user writes (~/.claude.json, --mcp-config): its servers start whatever folder trust says. */
  userOwned?: boolean;
  /** The `mcpServers` object of that file, unvalidated. */
  servers: unknown;
}

export interface McpConfig {
  servers: ResolvedServerConfig[];
  errors: McpConfigError[];
  /** Fields tandem read past (the server still loads): one per server and field. */
  warnings: McpConfigError[];
}

export type Env = Record<string, string | undefined>;

export function formatConfigError(e: McpConfigError): string {
  const where = [e.server !== undefined ? `server "${e.server}"` : undefined, e.field ? `field "${e.field}"` : undefined].filter(Boolean).join(', ');
  return `${e.file}: ${where ? `${where}: ` : ''}${e.message}`;
}

const stringMap = z.record(z.string(), z.string());

const stdioSchema = z.strictObject({
  type: z.literal('stdio').optional(),
  command: z.string().min(1, 'must not be empty'),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  cwd: z.string().optional(),
});

const remoteSchema = z.strictObject({
  type: z.enum(['http', 'sse']),
  url: z.string().min(1, 'must not be empty'),
  headers: stringMap.optional(),
});

// Fields Claude Code and other clients write that change nothing here, or that tandem applies itself
// (`disabled`, `timeout`): they are taken out before the strict schemas run, so they never reject a server.
const APPLIED_FIELDS = new Set(['disabled', 'timeout']);
const SILENT_FIELDS = new Set(['description', 'name']);
const ALLOW_INSTEAD = 'tandem still asks before each call; allow tools with permissions.allow rules such as "mcp__SERVER__TOOL"';
/** Fields we know and do not apply, with what tandem does instead. */
const NOT_APPLIED: Record<string, string> = {
  autoApprove: ALLOW_INSTEAD,
  alwaysAllow: ALLOW_INSTEAD,
  headersHelper: 'tandem does not run header helper commands; put the headers in "headers" (with ${VAR} for secrets)',
  oauth: 'tandem does not sign in with OAuth; put a token in "headers"',
};
const STDIO_FIELDS = new Set(['type', 'command', 'args', 'env', 'cwd']);
const REMOTE_FIELDS = new Set(['type', 'url', 'headers']);

/** A call limit from `"timeout"`: seconds as most clients write it, or milliseconds when 1000 or more. */
function timeoutMsOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n >= 1000 ? Math.round(n) : Math.round(n * 1000);
}

function fieldOf(pathParts: PropertyKey[]): string | undefined {
  let out = '';
  for (const part of pathParts) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || undefined;
}

function valueAt(input: unknown, pathParts: PropertyKey[]): unknown {
  let current = input;
  for (const part of pathParts) current = current && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[part] : undefined;
  return current;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type') return valueAt(input, issue.path) === undefined ? 'is required' : `expected ${issue.expected}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

/** Key order must not matter to the hash, or reformatting a file would ask for approval again. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function hashServerEntry(entry: unknown): string {
  return createHash('sha256').update(stableJson(entry)).digest('hex').slice(0, 16);
}

/** Validates and expands one server entry; returns the resolved server or the errors that keep it out. */
export function resolveServerEntry(
  name: string,
  entry: unknown,
  source: { file: string; scope: McpScope; userOwned?: boolean },
  env: Env,
): { server: ResolvedServerConfig; warnings?: McpConfigError[] } | { errors: McpConfigError[] } {
  const err = (field: string | undefined, message: string): McpConfigError => ({ file: source.file, server: name, field, message });
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return { errors: [err(undefined, 'must be an object with "command" (stdio) or "type" and "url" (http, sse)')] };
  const written = entry as Record<string, unknown>;
  // Claude Code's name for the current HTTP transport.
  const type = written.type === 'streamable-http' ? 'http' : written.type;
  if (type !== undefined && type !== 'stdio' && type !== 'http' && type !== 'sse') {
    return { errors: [err('type', `must be "stdio", "http" (or "streamable-http") or "sse" (got ${JSON.stringify(type)})`)] };
  }
  const own = type === 'http' || type === 'sse' ? REMOTE_FIELDS : STDIO_FIELDS;
  const raw: Record<string, unknown> = {};
  const warnings: McpConfigError[] = [];
  for (const [key, value] of Object.entries(written)) {
    if (own.has(key)) raw[key] = key === 'type' ? type : value;
    else if (APPLIED_FIELDS.has(key) || SILENT_FIELDS.has(key)) continue;
    else if (key in NOT_APPLIED) warnings.push(err(key, `not supported, ignored: ${NOT_APPLIED[key]}`));
    else if (STDIO_FIELDS.has(key) || REMOTE_FIELDS.has(key)) warnings.push(err(key, `ignored: a${type === 'http' || type === 'sse' ? ` ${type}` : ' stdio'} server has no "${key}"`));
    else warnings.push(err(key, 'unknown field, ignored'));
  }
  const extras: Pick<ServerBase, 'disabled' | 'callTimeoutMs'> = {};
  if (written.disabled !== undefined && written.disabled !== false) {
    // Anything but false keeps the server off: an unclear value must not start a server someone meant to turn off.
    if (written.disabled !== true) warnings.push(err('disabled', `expected true or false (got ${JSON.stringify(written.disabled)}); the server stays disabled`));
    extras.disabled = true;
  }
  if (written.timeout !== undefined) {
    const ms = timeoutMsOf(written.timeout);
    if (ms === undefined) warnings.push(err('timeout', `expected a positive number of seconds (got ${JSON.stringify(written.timeout)}); the default applies`));
    else extras.callTimeoutMs = ms;
  }
  if (type === undefined && written.command === undefined) {
    const hint = written.url !== undefined ? 'add "type": "http" (or "sse") for a server reached by url' : 'give "command" for a local server, or "type" and "url" for a remote one';
    return { errors: [err(undefined, hint)] };
  }

  const base = { name, scope: source.scope, file: source.file, configHash: hashServerEntry(entry), ...extras, ...(source.userOwned ? { userOwned: true } : {}) };
  const done = (server: ResolvedServerConfig) => (warnings.length > 0 ? { server, warnings } : { server });
  const errors: McpConfigError[] = [];
  const expand = (field: string, text: string): string => {
    const result = expandVariables(text, env);
    if ('missing' in result) {
      errors.push(err(field, `environment variable ${result.missing.map((v) => `\${${v}}`).join(', ')} is not set and has no default; set it or write \${VAR:-default}`));
      return '';
    }
    return result.value;
  };
  const expandMap = (field: string, map: Record<string, string> | undefined): Record<string, string> =>
    Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, expand(`${field}.${k}`, v)]));

  if (type === 'http' || type === 'sse') {
    const parsed = remoteSchema.safeParse(raw);
    if (!parsed.success) return { errors: parsed.error.issues.map((i) => err(fieldOf(i.path), describeIssue(i, raw))) };
    const url = expand('url', parsed.data.url);
    const headers = expandMap('headers', parsed.data.headers);
    if (errors.length === 0 && !/^https?:\/\//i.test(url)) errors.push(err('url', `must start with http:// or https:// (got ${JSON.stringify(url)})`));
    if (errors.length > 0) return { errors };
    return done({ ...base, transport: parsed.data.type, url, headers });
  }

  const parsed = stdioSchema.safeParse(raw);
  if (!parsed.success) return { errors: parsed.error.issues.map((i) => err(fieldOf(i.path), describeIssue(i, raw))) };
  const command = expand('command', parsed.data.command);
  const args = (parsed.data.args ?? []).map((a, i) => expand(`args[${i}]`, a));
  const serverEnv = expandMap('env', parsed.data.env);
  const cwd = parsed.data.cwd !== undefined ? expand('cwd', parsed.data.cwd) : undefined;
  if (errors.length > 0) return { errors };
  const server: ResolvedServerConfig = { ...base, transport: 'stdio', command, args, env: serverEnv };
  if (cwd !== undefined) server.cwd = path.resolve(path.dirname(source.file), cwd);
  return done(server);
}

/** Every server of one `mcpServers` object. */
export function resolveServerSource(source: McpServerSource, env: Env): McpConfig {
  const servers: ResolvedServerConfig[] = [];
  const errors: McpConfigError[] = [];
  const warnings: McpConfigError[] = [];
  if (source.servers === undefined) return { servers, errors, warnings };
  if (!source.servers || typeof source.servers !== 'object' || Array.isArray(source.servers)) {
    return { servers, errors: [{ file: source.file, field: 'mcpServers', message: 'must be an object mapping server names to their settings' }], warnings };
  }
  for (const [name, entry] of Object.entries(source.servers as Record<string, unknown>)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.includes('__')) {
      errors.push({ file: source.file, server: name, message: 'server names may hold letters, digits, ".", "-" and "_" (not "__"); rename it' });
      continue;
    }
    const result = resolveServerEntry(name, entry, source, env);
    if ('server' in result) {
      servers.push(result.server);
      warnings.push(...(result.warnings ?? []));
    } else errors.push(...result.errors);
  }
  return { servers, errors, warnings };
}

/** Reads `.mcp.json` at the project root; a missing file is no servers, a broken one is an error. */
export function readProjectMcpFile(projectRoot: string): { source?: McpServerSource; errors: McpConfigError[] } {
  const file = path.join(projectRoot, '.mcp.json');
  let text: string;
  try {
    text = readRegularTextSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { errors: [] };
    return { errors: [{ file, message: `cannot read: ${(error as Error).message}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { errors: [{ file, message: `not valid JSON (${(error as Error).message}); fix the file or remove it` }] };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { errors: [{ file, message: 'must hold an object like {"mcpServers": {...}}' }] };
  const servers = (json as Record<string, unknown>).mcpServers;
  if (servers === undefined) return { errors: [{ file, field: 'mcpServers', message: 'is missing; write {"mcpServers": {"name": {...}}}' }] };
  return { source: { file, scope: 'project', servers }, errors: [] };
}

/**
 * Reads the `mcpServers` of each settings file separately (the merged settings no longer say which file a server
 * came from, and that decides whether it needs approval). `sources` is LoadedSettings.sources.
 */
export function settingsServerSources(sources: ReadonlyArray<{ path: string; level: 'user' | 'project' | 'local'; loaded: boolean }>): McpServerSource[] {
  const out: McpServerSource[] = [];
  for (const s of sources) {
    if (!s.loaded) continue;
    try {
      const json = JSON.parse(fs.readFileSync(s.path, 'utf8')) as Record<string, unknown>;
      if (json && typeof json === 'object' && json.mcpServers !== undefined) out.push({ file: s.path, scope: s.level, servers: json.mcpServers });
    } catch {
      // The settings loader already reported a broken file.
    }
  }
  return out;
}

/** Sources beyond the settings files and .mcp.json (see loadMcpConfig). */
export interface ExtraMcpSources {
  /** ~/.claude.json's top-level servers: after the user settings files. */
  userFiles?: McpServerSource[];
  /** ~/.claude.json's entry for this project: last among the files, as Claude Code's local scope wins. */
  localFiles?: McpServerSource[];
  /** --mcp-config: win over every file. */
  commandLine?: McpServerSource[];
  /** --strict-mcp-config: only the command line's servers. */
  strict?: boolean;
}

/**
 * All configured servers. Later sources win on a name clash, in this order: user settings, ~/.claude.json,
 * project settings, `.mcp.json`, local settings, ~/.claude.json's project entry, --mcp-config (what a user writes
 * for themselves beats what a repository ships).
 */
export function loadMcpConfig(opts: { projectRoot: string; env: Env; settingsSources?: McpServerSource[]; extra?: ExtraMcpSources }): McpConfig {
  const errors: McpConfigError[] = [];
  const warnings: McpConfigError[] = [];
  const extra = opts.extra ?? {};
  let ordered: McpServerSource[];
  if (extra.strict) ordered = [...(extra.commandLine ?? [])];
  else {
    const rank: Record<McpScope, number> = { user: 0, project: 1, local: 3 };
    const settings = [...(opts.settingsSources ?? [])].sort((a, b) => rank[a.scope] - rank[b.scope]);
    const projectFile = readProjectMcpFile(opts.projectRoot);
    errors.push(...projectFile.errors);
    ordered = [
      ...settings.filter((s) => s.scope === 'user'),
      ...(extra.userFiles ?? []),
      ...settings.filter((s) => s.scope === 'project'),
      ...(projectFile.source ? [projectFile.source] : []),
      ...settings.filter((s) => s.scope === 'local'),
      ...(extra.localFiles ?? []),
      ...(extra.commandLine ?? []),
    ];
  }
  const byName = new Map<string, ResolvedServerConfig>();
  for (const source of ordered) {
    const result = resolveServerSource(source, opts.env);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
    for (const server of result.servers) {
      byName.delete(server.name); // keep the order of the winning definition
      byName.set(server.name, server);
    }
  }
  return { servers: [...byName.values()], errors, warnings };
}
