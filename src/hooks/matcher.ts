// Hook matchers: empty or `*` matches everything; `Bash`, `Edit|Write` are names; anything else is a regular
// expression that must match the whole name (`mcp__github__.*`).

export function matcherMatches(matcher: string | undefined, name: string | undefined): { matches: boolean; error?: string } {
  const m = (matcher ?? '').trim();
  if (m === '' || m === '*' || name === undefined) return { matches: true };
  if (/^[\w|-]+$/.test(m)) return { matches: m.split('|').includes(name) };
  try {
    return { matches: new RegExp(`^(?:${m})$`).test(name) };
  } catch (e) {
    return { matches: false, error: `hook matcher "${m}" is not a valid regular expression (${(e as Error).message})` };
  }
}
