// Claude Code keeps the servers added with `claude mcp add` (user and local scope) and the user's answers about a
// project's .mcp.json servers in ~/.claude.json. That file is the user's own, never project content: its servers
// start without project approval and whatever folder trust says. tandem reads it and never writes it.
import fs from 'node:fs';
import path from 'node:path';
import type { McpConfigError, McpServerSource } from './config';

/** The user's choices about a project's .mcp.json servers (settings keys of the same names). */
export interface McpjsonChoices {
  enableAll: boolean;
  enabled: string[];
  disabled: string[];
}

export interface ClaudeJsonMcp {
  userFiles: McpServerSource[];
  localFiles: McpServerSource[];
  choices: McpjsonChoices;
  errors: McpConfigError[];
}

export function claudeJsonPath(homeDir: string): string {
  return path.join(homeDir, '.claude.json');
}

export function emptyChoices(): McpjsonChoices {
  return { enableAll: false, enabled: [], disabled: [] };
}

const names = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Adds one file's `enableAllProjectMcpServers` / `enabledMcpjsonServers` / `disabledMcpjsonServers` to `into`. */
export function addChoices(into: McpjsonChoices, json: Record<string, unknown>, opts: { mayEnable: boolean }): void {
  if (opts.mayEnable) {
    if (json.enableAllProjectMcpServers === true) into.enableAll = true;
    for (const n of names(json.enabledMcpjsonServers)) if (!into.enabled.includes(n)) into.enabled.push(n);
  }
  for (const n of names(json.disabledMcpjsonServers)) if (!into.disabled.includes(n)) into.disabled.push(n);
}

/**
 * Reads ~/.claude.json: top-level `mcpServers` (user scope) and `projects[<dir>]` for the project root and the
 * folder tandem started in (its `mcpServers`, local scope, and its .mcp.json choices). A missing file is nothing;
 * a broken one is one error and nothing else from it.
 */
export function readClaudeJson(homeDir: string, dirs: string[]): ClaudeJsonMcp {
  const file = claudeJsonPath(homeDir);
  const out: ClaudeJsonMcp = { userFiles: [], localFiles: [], choices: emptyChoices(), errors: [] };
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return out;
    out.errors.push({ file, message: `cannot read its MCP servers (${(error as Error).message}); fix the file (tandem never writes it)` });
    return out;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return out;
  const top = json as Record<string, unknown>;
  if (top.mcpServers !== undefined) out.userFiles.push({ file, scope: 'user', userOwned: true, servers: top.mcpServers });
  const projects = top.projects && typeof top.projects === 'object' && !Array.isArray(top.projects) ? (top.projects as Record<string, unknown>) : {};
  const seen = new Set<string>();
  for (const dir of dirs.map((d) => path.resolve(d))) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    const entry = projects[dir];
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) continue;
    const project = entry as Record<string, unknown>;
    const label = `${file} (projects["${dir}"])`;
    if (project.mcpServers !== undefined) out.localFiles.push({ file: label, scope: 'local', userOwned: true, servers: project.mcpServers });
    addChoices(out.choices, project, { mayEnable: true });
  }
  return out;
}
