// `${VAR}` and `${VAR:-default}` in MCP server settings, as Claude Code's .mcp.json allows. As in the shell,
// `:-` uses the default when the variable is unset or empty; a plain `${VAR}` that is unset is an error, so a
// server never starts with a silently blank token.
import type { Env } from './config';

const PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}/g;

export function expandVariables(text: string, env: Env): { value: string } | { missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(PATTERN, (_match, name: string, hasDefault: string | undefined, fallback: string | undefined) => {
    const current = env[name];
    if (hasDefault !== undefined) return current === undefined || current === '' ? (fallback ?? '') : current;
    if (current === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    return current;
  });
  return missing.length > 0 ? { missing } : { value };
}
