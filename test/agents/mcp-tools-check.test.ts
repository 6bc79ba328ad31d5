import { describe, expect, it } from 'vitest';
import { staleMcpToolWarnings } from '../../src/agents/mcp-tools-check';

describe('staleMcpToolWarnings', () => {
  const servers: Record<string, string[]> = { gh: ['list_issues', 'create_issue'], empty: [] };
  const lookup = (s: string) => servers[s];
  it('names the missing tools and the server\'s current ones; wildcards, built-ins and unconnected servers pass', () => {
    const warnings = staleMcpToolWarnings(
      { name: 'triage', tools: ['Read', 'mcp__gh__list_issues', 'mcp__gh__search_issues', 'mcp__gh__close', 'mcp__gh__*', 'mcp__gh', 'mcp__off__x', 'mcp__empty__y'] },
      lookup,
    );
    expect(warnings).toEqual([
      'agent "triage" names "mcp__gh__search_issues", "mcp__gh__close", but MCP server "gh" has no such tool now; its tools: list_issues, create_issue',
      'agent "triage" names "mcp__empty__y", but MCP server "empty" has no such tool now; its tools: none',
    ]);
    expect(staleMcpToolWarnings({ name: 'all', tools: undefined }, lookup)).toEqual([]);
  });
});
