// One agent file's text -> an AgentDefinition with warnings, or an AgentLoadError naming the field and line.
import { basename } from 'node:path';
import { readFrontmatter } from './frontmatter';
import { isUnknownAlias, unknownAliasMessage } from './models';
import { validateFrontmatter } from './schema';
import { isKnownTool, mcpServerWildcard, splitToolList } from './tools';
import { AGENT_COLORS, type AgentColor, type AgentDefinition, type AgentLoadError, type AgentSourceKind } from './types';

export interface ParseAgentOptions {
  /** Tools beyond the built-in ones that exist in this session (configured MCP tools); unknown ones warn. */
  knownTools?: (name: string) => boolean;
}

export interface ParseAgentResult {
  agent?: AgentDefinition;
  error?: AgentLoadError;
  /** Set (and neither agent nor error) when the file is not meant as an agent: a README without frontmatter. */
  skipped?: string;
}

function isReadme(path: string): boolean {
  return basename(path).toLowerCase() === 'readme.md';
}

function toolWarning(name: string): string {
  const server = name.startsWith('mcp__') ? (mcpServerWildcard(name) ?? name.slice(5).split('__')[0]) : undefined;
  if (server !== undefined) {
    return `tool "${name}" belongs to MCP server "${server}", which is not configured; it is ignored until that server is added`;
  }
  return `tool "${name}" is not a tool tandem has (built-in: see \`tandem agents --help\`); it is ignored`;
}

function colorOf(value: unknown, warnings: string[]): AgentColor | undefined {
  if (value === undefined || value === null) return undefined;
  const c = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if ((AGENT_COLORS as readonly string[]).includes(c)) return c as AgentColor;
  warnings.push(`unknown color "${String(value)}" (use one of ${AGENT_COLORS.join(', ')}); shown without color`);
  return undefined;
}

export function parseAgentFile(
  path: string,
  text: string,
  kind: AgentSourceKind,
  opts: ParseAgentOptions = {},
): ParseAgentResult {
  const fm = readFrontmatter(text);
  if (fm.kind === 'none') {
    if (isReadme(path)) return { skipped: 'README without frontmatter' };
    return {
      error: {
        path,
        line: 1,
        message:
          "no frontmatter: an agent file starts with a '---' line, then `name:` and `description:` lines, then a closing '---' line",
      },
    };
  }
  if (fm.kind === 'unterminated') {
    return { error: { path, line: 1, message: "the frontmatter is never closed: add a '---' line after its last key" } };
  }

  const warnings: string[] = [];
  if (fm.yamlError) {
    const where = fm.yamlError.line === undefined ? '' : `line ${fm.yamlError.line}: `;
    const notice = `frontmatter is not valid YAML (${where}${fm.yamlError.reason}); read it line by line`;
    const missing = ['name', 'description'].find((k) => typeof fm.data[k] !== 'string' || fm.data[k] === '');
    if (missing) {
      return {
        error: {
          path,
          field: missing,
          ...(fm.yamlError.line === undefined ? {} : { line: fm.yamlError.line }),
          message: `${notice}, but found no \`${missing}:\` line there; fix the YAML (quote values that contain ": ")`,
        },
      };
    }
    warnings.push(notice);
  }

  const checked = validateFrontmatter(fm.data);
  if (!checked.ok) {
    const first = checked.issues[0]!;
    const more = checked.issues.length > 1 ? ` (and ${checked.issues.length - 1} more problem(s): ${checked.issues.slice(1).map((i) => i.field).join(', ')})` : '';
    const line = fm.keyLines.get(first.field);
    return {
      error: { path, field: first.field, ...(line === undefined ? {} : { line }), message: first.message + more },
    };
  }
  const v = checked.value;

  // A bare `tools:` is most likely a forgotten list, not a wish for no tools: keep the default (every tool) and
  // say so. `tools: ""` or `tools: []` are deliberate and mean no tools at all.
  if (v.tools === null) warnings.push('`tools:` has no value, so the agent gets every tool; list tool names or remove the line');
  const tools = v.tools === null || v.tools === undefined ? undefined : splitToolList(v.tools);
  const disallowedTools = v.disallowedTools ? splitToolList(v.disallowedTools) : [];
  for (const t of new Set([...(tools ?? []), ...disallowedTools])) {
    if (!isKnownTool(t, opts.knownTools)) warnings.push(toolWarning(t));
  }

  const model = v.model?.trim() || undefined;
  if (model && isUnknownAlias(model)) warnings.push(unknownAliasMessage(model, 'the session model'));
  const color = colorOf(fm.data['color'], warnings);
  if (/\s/.test(v.name)) warnings.push(`name "${v.name}" contains spaces; use letters, digits and dashes so it can be typed`);
  const systemPrompt = fm.body.trim();
  if (!systemPrompt) warnings.push('the body is empty, so the agent has no system prompt; write it below the closing ---');

  const agent: AgentDefinition = {
    name: v.name,
    description: v.description,
    disallowedTools,
    systemPrompt,
    frontmatter: fm.data,
    source: { kind, path },
    warnings,
  };
  if (tools) agent.tools = tools;
  if (model) agent.model = model;
  if (color) agent.color = color;
  if (v.permissionMode === 'auto') warnings.push('permissionMode: auto is not a mode tandem has; the agent runs in the session\'s mode (it asks as that mode asks)');
  else if (v.permissionMode) agent.permissionMode = v.permissionMode;
  if (typeof v.maxTurns === 'number') agent.maxTurns = v.maxTurns;
  return { agent };
}
