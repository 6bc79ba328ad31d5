// `tandem mcp add | remove` write here, and only here: project scope is the repository's .mcp.json (shared, needs
// approval like any .mcp.json server), local scope is .tandem/settings.local.json (you, this project), user scope is
// $TANDEM_HOME/settings.json (you, every project). tandem never writes Claude Code's ~/.claude.json.
import fs from 'node:fs';
import path from 'node:path';
import type { McpScope } from './config';

export const WRITABLE_SCOPES: readonly McpScope[] = ['local', 'project', 'user'];

export function scopeFile(scope: McpScope, where: { projectRoot: string; tandemHome: string }): string {
  switch (scope) {
    case 'project':
      return path.join(where.projectRoot, '.mcp.json');
    case 'local':
      return path.join(where.projectRoot, '.tandem', 'settings.local.json');
    case 'user':
      return path.join(where.tandemHome, 'settings.json');
    default: {
      const never: never = scope;
      throw new Error(`unknown scope ${String(never)}`);
    }
  }
}

type JsonObject = Record<string, unknown>;

/** The file's JSON object; a missing file is {}; a file we cannot read back exactly is an error (never overwritten). */
function readObject(file: string): { json: JsonObject } | { error: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { json: {} };
    return { error: `cannot read ${file}: ${(error as Error).message}` };
  }
  if (text.trim() === '') return { json: {} };
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object' && !Array.isArray(json)) return { json: json as JsonObject };
    return { error: `${file} does not hold a JSON object; fix it first (tandem leaves it as it is)` };
  } catch (error) {
    return { error: `${file} is not valid JSON (${(error as Error).message}); fix it first (tandem leaves it as it is)` };
  }
}

function writeObject(file: string, json: JsonObject): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function serversOf(json: JsonObject, file: string): { servers: JsonObject } | { error: string } {
  const servers = json.mcpServers ?? {};
  if (!servers || typeof servers !== 'object' || Array.isArray(servers)) return { error: `${file}: "mcpServers" is not an object; fix it first` };
  return { servers: servers as JsonObject };
}

/** The entry under that name in that scope's file, if any. */
export function readScopeEntry(file: string, name: string): unknown {
  const read = readObject(file);
  if ('error' in read) return undefined;
  const servers = serversOf(read.json, file);
  return 'servers' in servers ? servers.servers[name] : undefined;
}

export function addServerEntry(file: string, name: string, entry: JsonObject): { ok: true } | { error: string } {
  const read = readObject(file);
  if ('error' in read) return read;
  const servers = serversOf(read.json, file);
  if ('error' in servers) return servers;
  if (Object.prototype.hasOwnProperty.call(servers.servers, name)) return { error: `${file} already has a server named "${name}"; remove it first (tandem mcp remove ${name})` };
  read.json.mcpServers = { ...servers.servers, [name]: entry };
  writeObject(file, read.json);
  return { ok: true };
}

export function removeServerEntry(file: string, name: string): { ok: true } | { error: string } {
  const read = readObject(file);
  if ('error' in read) return read;
  const servers = serversOf(read.json, file);
  if ('error' in servers) return servers;
  if (!Object.prototype.hasOwnProperty.call(servers.servers, name)) return { error: `${file} has no server named "${name}"` };
  const rest = { ...servers.servers };
  delete rest[name];
  read.json.mcpServers = rest;
  writeObject(file, read.json);
  return { ok: true };
}
