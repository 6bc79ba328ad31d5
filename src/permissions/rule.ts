// Permission rules as users write them for Claude Code: `Tool` or `Tool(specifier)`.
// Which tools a rule's name covers, and how tools are grouped into kinds, lives here too.
import type { ToolKind } from '../tools/types';

export interface ParsedRule {
  /** The rule as written (trimmed). */
  raw: string;
  /** Canonical tool name (`Agent` becomes `Task`). */
  tool: string;
  /** Text inside the parentheses; undefined for a bare tool name. `Bash(*)` and `Bash()` count as bare. */
  specifier?: string;
}

export class RuleSyntaxError extends Error {}

const TOOL_ALIASES: Record<string, string> = { Agent: 'Task' };

export function canonicalToolName(name: string): string {
  return TOOL_ALIASES[name] ?? name;
}

export function parseRule(text: string): ParsedRule {
  const raw = text.trim();
  const open = raw.indexOf('(');
  if (open < 0) {
    if (!/^[A-Za-z_][\w.-]*(__\*)?$/.test(raw)) throw new RuleSyntaxError(`"${text}" is not a rule: write a tool name like Bash or Bash(npm test:*)`);
    return { raw, tool: canonicalToolName(raw) };
  }
  if (!raw.endsWith(')')) throw new RuleSyntaxError(`"${text}" is missing its closing parenthesis: write Tool(specifier)`);
  const tool = raw.slice(0, open).trim();
  if (!/^[A-Za-z_][\w.-]*$/.test(tool)) throw new RuleSyntaxError(`"${text}" does not start with a tool name`);
  const spec = raw.slice(open + 1, -1).trim();
  const canonical = canonicalToolName(tool);
  if (spec === '' || spec === '*') return { raw, tool: canonical };
  return { raw, tool: canonical, specifier: spec };
}

/** Tools an `Edit(...)` rule covers, and those a `Read(...)` rule covers. */
export const EDIT_FAMILY = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
export const READ_FAMILY = new Set(['Read', 'NotebookRead', 'Glob', 'Grep', 'LS']);

const KIND_BY_TOOL: Record<string, ToolKind> = {
  Read: 'read', NotebookRead: 'read', Glob: 'read', Grep: 'read', LS: 'read', BashOutput: 'read',
  Write: 'edit', Edit: 'edit', MultiEdit: 'edit', NotebookEdit: 'edit',
  Bash: 'execute', KillShell: 'execute',
  WebFetch: 'web', WebSearch: 'web',
  TodoWrite: 'plan', ExitPlanMode: 'plan',
  Task: 'agent',
};

/** The kind of a tool by name; the caller's hint wins for tools this table does not know. Unknown = execute. */
export function toolKindOf(toolName: string, hint?: ToolKind): ToolKind {
  const name = canonicalToolName(toolName);
  if (name.startsWith('mcp__')) return 'mcp';
  return KIND_BY_TOOL[name] ?? hint ?? 'execute';
}

/** Does the rule's tool name cover this tool (ignoring the specifier)? */
export function ruleCoversTool(rule: ParsedRule, toolName: string): boolean {
  const tool = canonicalToolName(toolName);
  if (rule.tool === tool) return true;
  if (rule.tool === 'Edit' && EDIT_FAMILY.has(tool)) return true;
  if (rule.tool === 'Read' && READ_FAMILY.has(tool)) return true;
  // `mcp__server` and `mcp__server__*` cover every tool of that server.
  if (rule.tool.startsWith('mcp__')) {
    const server = rule.tool.endsWith('__*') ? rule.tool.slice(0, -3) : rule.tool;
    if (rule.tool.endsWith('__*') || server.split('__').length === 2) return tool.startsWith(`${server}__`);
  }
  return false;
}

/** `WebFetch(domain:example.com)` matches example.com and its subdomains (docs.example.com), nothing else. */
export function domainMatches(spec: string, url: unknown): boolean {
  if (!spec.startsWith('domain:') || typeof url !== 'string') return false;
  const domain = spec.slice('domain:'.length).trim().toLowerCase().replace(/^\*\./, '');
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === domain || host.endsWith(`.${domain}`);
}

export function hostOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

/**
 * Tool names a rule may name without a warning: tandem's tools, and those of Claude Code that tandem does not have
 * (a rule for them, shared in a settings file, matches nothing here and is harmless).
 */
export const KNOWN_TOOL_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(KIND_BY_TOOL),
  ...Object.keys(TOOL_ALIASES),
  'KillBash', 'SlashCommand', 'Skill', 'AskUserQuestion', 'TaskOutput', 'TaskStop', 'EnterPlanMode', 'LSP', 'ListMcpResourcesTool', 'ReadMcpResourceTool',
]);

/** Known built-in name, `mcp__server`, `mcp__server__tool` or `mcp__server__*`. */
export function isKnownToolName(name: string): boolean {
  return KNOWN_TOOL_NAMES.has(name) || /^mcp__[^_\s]/.test(name);
}

/**
 * The tool a rule that cannot be parsed was meant for (`Bash(rm:*` → `Bash`), when the text starts with a known
 * tool name; else undefined. A broken deny or ask rule then asks for every call of that tool instead of vanishing.
 */
export function intendedToolOf(text: string): string | undefined {
  const m = /^\s*([A-Za-z_][\w.-]*)/.exec(text);
  if (!m || !isKnownToolName(m[1]!)) return undefined;
  return canonicalToolName(m[1]!);
}

/** What is wrong with a rule, or null when it is fine. `fatal`: it cannot be parsed at all. */
export function ruleProblem(text: string): { fatal: boolean; message: string } | null {
  let parsed: ParsedRule;
  try {
    parsed = parseRule(text);
  } catch (e) {
    return { fatal: true, message: (e as Error).message };
  }
  const name = parsed.raw.slice(0, parsed.raw.indexOf('(') < 0 ? undefined : parsed.raw.indexOf('(')).trim();
  if (!isKnownToolName(name)) {
    return { fatal: false, message: `"${parsed.raw}" names no tool tandem knows ("${name}"; MCP tools are written mcp__server__tool): check the spelling` };
  }
  return null;
}
