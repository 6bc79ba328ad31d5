// What the enabled plugins hand to each loader: commands, agents and skills as text; hooks and MCP servers as code,
// only from plugins allowed to run code (see load.ts).
import { formatConfigError, resolveServerSource, type Env, type ResolvedServerConfig } from '../mcp/config';
import type { HookEventName, HooksConfig } from '../settings/schema';
import type { LoadedPlugins } from './load';
import type { Plugin, PluginAgentSource, PluginCommandSource, PluginSkillSource } from './types';

function enabled(loaded: LoadedPlugins | undefined): Plugin[] {
  return (loaded?.plugins ?? []).filter((p) => p.state === 'enabled');
}

export function pluginCommandSources(loaded: LoadedPlugins | undefined): PluginCommandSource[] {
  return enabled(loaded).map((p) => ({ plugin: p.name, dirs: p.components.commandDirs, files: p.components.commandFiles, mayRunShell: p.codeSkipped === undefined }));
}

export function pluginAgentSources(loaded: LoadedPlugins | undefined): PluginAgentSource[] {
  return enabled(loaded).map((p) => ({ plugin: p.name, files: p.components.agentFiles }));
}

export function pluginSkillSources(loaded: LoadedPlugins | undefined): PluginSkillSource[] {
  return enabled(loaded).map((p) => ({ plugin: p.name, dirs: p.components.skillDirs }));
}

/** The settings' hooks with the runnable plugins' hooks after them (same events, one list each). */
export function withPluginHooks(hooks: HooksConfig, loaded: LoadedPlugins | undefined): HooksConfig {
  const out: HooksConfig = { ...hooks };
  for (const p of enabled(loaded)) {
    if (p.codeSkipped !== undefined) continue;
    for (const [event, groups] of Object.entries(p.components.hooks)) {
      const key = event as HookEventName;
      out[key] = [...(out[key] ?? []), ...(groups ?? [])];
    }
  }
  return out;
}

/** The runnable plugins' MCP servers, `${CLAUDE_PLUGIN_ROOT}` expanded, named `plugin_PLUGIN_SERVER`. */
export function pluginMcpServers(loaded: LoadedPlugins | undefined, env: Env): { servers: ResolvedServerConfig[]; notices: string[] } {
  const servers: ResolvedServerConfig[] = [];
  const notices: string[] = [];
  for (const p of enabled(loaded)) {
    if (p.codeSkipped !== undefined || loaded?.withoutMcp.has(p.id)) continue;
    const pluginEnv = { ...env, CLAUDE_PLUGIN_ROOT: p.root };
    for (const source of p.components.mcpSources) {
      const result = resolveServerSource(source, pluginEnv);
      for (const e of [...result.errors, ...result.warnings]) notices.push(`plugin ${p.name}: MCP ${formatConfigError(e)}`);
      for (const server of result.servers) servers.push(server.transport === 'stdio' ? { ...server, env: { CLAUDE_PLUGIN_ROOT: p.root, ...server.env } } : server);
    }
  }
  return { servers, notices };
}

/** The init line's `plugins`: each enabled plugin's name and folder. */
export function enabledPluginList(loaded: LoadedPlugins | undefined): Array<{ name: string; path: string }> {
  return enabled(loaded).map((p) => ({ name: p.name, path: p.root }));
}
