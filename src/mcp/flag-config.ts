// `--mcp-config FILE|JSON` (repeatable): servers the person or program starting tandem names on the command line.
// They are theirs, like user-scope servers: no approval question. Entries of type "sdk" are the Agent SDK's
// in-process servers, which arrive through the initialize request instead, so they are skipped here.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveServerSource, type Env, type McpConfigError, type ResolvedServerConfig } from './config';

export function loadFlagMcpConfigs(values: readonly string[], opts: { cwd: string; env: Env }): { servers: ResolvedServerConfig[]; errors: McpConfigError[] } {
  const servers: ResolvedServerConfig[] = [];
  const errors: McpConfigError[] = [];
  for (const value of values) {
    const inline = value.trim().startsWith('{');
    const file = inline ? '--mcp-config' : resolve(opts.cwd, value);
    let json: unknown;
    try {
      json = JSON.parse(inline ? value : readFileSync(file, 'utf8'));
    } catch (error) {
      errors.push({ file, message: `cannot read it: ${(error as Error).message}` });
      continue;
    }
    const raw = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>).mcpServers : undefined;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({ file, message: 'must hold an object like {"mcpServers": {...}}' });
      continue;
    }
    const wanted = Object.fromEntries(Object.entries(raw).filter(([, entry]) => !(entry && typeof entry === 'object' && (entry as { type?: unknown }).type === 'sdk')));
    const result = resolveServerSource({ file, scope: 'user', servers: wanted }, opts.env);
    errors.push(...result.errors);
    for (const server of result.servers) {
      const at = servers.findIndex((s) => s.name === server.name);
      if (at >= 0) servers.splice(at, 1);
      servers.push(server);
    }
  }
  return { servers, errors };
}
