// A plugin as tandem sees it: where it was found, whether it is on, and what it would add to the session.
import type { HooksConfig } from '../settings/schema';
import type { McpServerSource } from '../mcp/config';

/** Where a plugin folder was found: `--plugin-dir`, $TANDEM_HOME/plugins, or Claude Code's installed plugins. */
export type PluginOrigin = 'flag' | 'tandem' | 'claude';

/**
 * `enabled`: its commands, agents and skills load; its hooks and MCP servers run unless `codeSkipped` says why not.
 * `disabled`: found, switched off (enabledPlugins false or missing). `refused`: broken or unsafe; `problems` say why.
 */
export type PluginState = 'enabled' | 'disabled' | 'refused';

export interface PluginComponents {
  /** Folders whose markdown files are commands (`git/commit.md` is `git:commit`). */
  commandDirs: string[];
  /** Single command files named in plugin.json. */
  commandFiles: string[];
  agentFiles: string[];
  /** Skill folders, each holding a SKILL.md. */
  skillDirs: string[];
  /** Hook groups by event, `${CLAUDE_PLUGIN_ROOT}` already expanded. */
  hooks: HooksConfig;
  hookCount: number;
  /** `mcpServers` objects as written, server names already prefixed with `plugin_NAME_`. */
  mcpSources: McpServerSource[];
}

export interface Plugin {
  /** `name@marketplace`: the key of enabledPlugins (`@inline` for --plugin-dir, `@local` for `tandem plugin install`). */
  id: string;
  name: string;
  version?: string;
  description?: string;
  /** The plugin folder (absolute, as found). */
  root: string;
  origin: PluginOrigin;
  state: PluginState;
  /** What switched it on or off: `--plugin-dir`, or the settings file whose enabledPlugins decided. */
  decidedBy?: string;
  /** Set when enabled but its hooks and MCP servers do not run (a repository enabled it and the folder is untrusted). */
  codeSkipped?: string;
  /** Each names the file and field; a refused plugin has at least one. */
  problems: string[];
  components: PluginComponents;
}

export function emptyComponents(): PluginComponents {
  return { commandDirs: [], commandFiles: [], agentFiles: [], skillDirs: [], hooks: {}, hookCount: 0, mcpSources: [] };
}

/** The part of an enabled plugin each loader takes (commands, agents, skills). */
export interface PluginCommandSource {
  plugin: string;
  dirs: string[];
  files: string[];
  /** `!` lines may run: false for a plugin a repository enabled in an untrusted folder. */
  mayRunShell: boolean;
}

export interface PluginAgentSource {
  plugin: string;
  files: string[];
}

export interface PluginSkillSource {
  plugin: string;
  dirs: string[];
}
