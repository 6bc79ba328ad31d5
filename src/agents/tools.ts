// Tool names as agent files write them: the built-in set, the Agent/Task synonym, MCP server wildcards, and the
// set of tools an agent ends up with.

export const KNOWN_TOOLS = [
  'Read',
  'Write',
  'Edit',
  'MultiEdit',
  'NotebookRead',
  'NotebookEdit',
  'Glob',
  'Grep',
  'LS',
  'Bash',
  'BashOutput',
  'KillShell',
  'TodoWrite',
  'ExitPlanMode',
  'WebFetch',
  'WebSearch',
  'Task',
] as const;

const KNOWN_SET: ReadonlySet<string> = new Set(KNOWN_TOOLS);

/** `Agent` is the newer name of `Task`; both mean the one tool that starts a subagent. */
export function normaliseToolName(name: string): string {
  const n = name.trim();
  return n === 'Agent' ? 'Task' : n;
}

/** `mcp__server` or `mcp__server__*`: every tool of that server. Returns the server name, else undefined. */
export function mcpServerWildcard(name: string): string | undefined {
  const star = /^mcp__(.+)__\*$/.exec(name);
  if (star) return star[1];
  const bare = /^mcp__(.+)$/.exec(name);
  return bare && !bare[1]!.includes('__') ? bare[1] : undefined;
}

/** A comma string or a list, as found in frontmatter, to normalised names without blanks or repeats. */
export function splitToolList(value: string | string[]): string[] {
  const parts = typeof value === 'string' ? value.split(',') : value;
  const out: string[] = [];
  for (const p of parts) {
    const n = normaliseToolName(p);
    if (n && !out.includes(n)) out.push(n);
  }
  return out;
}

export function isKnownTool(name: string, knownTools?: (n: string) => boolean): boolean {
  return KNOWN_SET.has(name) || (knownTools?.(name) ?? false);
}

function expand(spec: string, all: readonly string[]): string[] {
  const server = mcpServerWildcard(spec);
  if (server !== undefined) return all.filter((t) => t.startsWith(`mcp__${server}__`));
  return all.includes(spec) ? [spec] : [];
}

/**
 * The tools an agent may call, in the order of allToolNames: its `tools` (undefined = all) minus its
 * `disallowedTools`. Names the session does not have are dropped (the loader already warned about them).
 */
export function effectiveToolNames(
  agent: { tools?: string[]; disallowedTools: string[] },
  allToolNames: string[],
): string[] {
  const all = [...new Set(allToolNames.map(normaliseToolName))];
  const allowed = agent.tools === undefined ? new Set(all) : new Set(agent.tools.map(normaliseToolName).flatMap((t) => expand(t, all)));
  for (const t of agent.disallowedTools.map(normaliseToolName).flatMap((d) => expand(d, all))) allowed.delete(t);
  return all.filter((t) => allowed.has(t));
}
