// An agent as loaded from a markdown file with YAML frontmatter (the format Claude Code made common).

export const AGENT_COLORS = ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'pink', 'cyan'] as const;
export type AgentColor = (typeof AGENT_COLORS)[number];

export type AgentSourceKind = 'builtin' | 'user' | 'project' | 'flag' | 'plugin';

export interface AgentDefinition {
  name: string;
  description: string;
  /** Tool names as written (normalised: `Agent` -> `Task`); undefined = every tool. */
  tools?: string[];
  disallowedTools: string[];
  /** As written: an alias (`sonnet`, `inherit`, ...) or a full model id; undefined = the session's model. */
  model?: string;
  color?: AgentColor;
  permissionMode?: string;
  maxTurns?: number;
  /** The markdown body: the system prompt. */
  systemPrompt: string;
  /** Every frontmatter key as parsed, unknown ones included (kept, ignored). */
  frontmatter: Record<string, unknown>;
  /** `plugin`: the plugin that ships it (kind 'plugin'). */
  source: { kind: AgentSourceKind; path: string; plugin?: string };
  /** Non-fatal problems: lenient parse used, unknown tool names, unknown alias, unknown color. */
  warnings: string[];
}

export interface AgentLoadError {
  path: string;
  /** The frontmatter field at fault, when there is one. */
  field?: string;
  line?: number;
  message: string;
}

export interface AgentCatalog {
  agents: Map<string, AgentDefinition>;
  errors: AgentLoadError[];
  /** Agents hidden by a higher-precedence one with the same name. */
  shadowed: Array<{ name: string; path: string; shadowedBy: string }>;
}
