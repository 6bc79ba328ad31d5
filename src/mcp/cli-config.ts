// `--mcp-config FILE|JSON` (repeatable): servers for this run only, from a file or inline JSON in .mcp.json's
// format. The user typed them, so they count as the user's own (no project approval, any folder) and win over
// every configured server of the same name.
import fs from 'node:fs';
import path from 'node:path';
import type { McpServerSource } from './config';

export interface CommandLineMcp {
  sources: McpServerSource[];
  /** A value that could not be read at all: the caller refuses to start (the user asked for these servers). */
  problems: string[];
}

export function readCommandLineMcpConfigs(values: readonly string[], cwd: string): CommandLineMcp {
  const out: CommandLineMcp = { sources: [], problems: [] };
  values.forEach((value, index) => {
    const inline = value.trimStart().startsWith('{');
    const label = inline ? `--mcp-config #${index + 1} (inline JSON)` : path.resolve(cwd, value);
    let text = value;
    if (!inline) {
      try {
        text = fs.readFileSync(label, 'utf8');
      } catch (error) {
        out.problems.push(`--mcp-config ${value}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a path to a JSON file or the JSON itself`);
        return;
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      out.problems.push(`${label}: not valid JSON (${(error as Error).message})`);
      return;
    }
    const servers = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>).mcpServers : undefined;
    if (servers === undefined) {
      out.problems.push(`${label}: expected {"mcpServers": {"name": {...}}}`);
      return;
    }
    // Entries of type "sdk" are the Agent SDK's in-process servers: they reach tandem through the control protocol.
    const own = servers && typeof servers === 'object' && !Array.isArray(servers)
      ? Object.fromEntries(Object.entries(servers as Record<string, unknown>).filter(([, entry]) => !(entry && typeof entry === 'object' && (entry as { type?: unknown }).type === 'sdk')))
      : servers;
    out.sources.push({ file: label, scope: 'user', userOwned: true, servers: own });
  });
  return out;
}
