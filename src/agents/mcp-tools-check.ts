// An agent file names MCP tools as mcp__SERVER__TOOL. Servers change their tools between versions, so once a server
// is connected, a named tool it no longer has is worth a warning that lists what the server offers now.
import { mcpServerWildcard } from './tools';
import type { AgentDefinition } from './types';

/** `serverTools(name)`: the connected server's tool names (without prefix), or undefined when it is not connected. */
export function staleMcpToolWarnings(agent: Pick<AgentDefinition, 'name' | 'tools'>, serverTools: (server: string) => string[] | undefined): string[] {
  const missing = new Map<string, string[]>();
  for (const name of agent.tools ?? []) {
    if (!name.startsWith('mcp__') || mcpServerWildcard(name) !== undefined) continue;
    const rest = name.slice('mcp__'.length);
    const cut = rest.indexOf('__');
    if (cut <= 0) continue;
    const server = rest.slice(0, cut);
    const tool = rest.slice(cut + 2);
    const current = serverTools(server);
    if (current === undefined || current.includes(tool)) continue;
    missing.set(server, [...(missing.get(server) ?? []), name]);
  }
  return [...missing].map(([server, names]) => {
    const current = serverTools(server) ?? [];
    return `agent "${agent.name}" names ${names.map((n) => `"${n}"`).join(', ')}, but MCP server "${server}" has no such tool now; its tools: ${current.length > 0 ? current.join(', ') : 'none'}`;
  });
}
