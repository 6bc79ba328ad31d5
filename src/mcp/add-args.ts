// Parses `tandem mcp add NAME [--scope S] [--transport T] [--env K=V]... [--header "K: V"]... [--] COMMAND|URL ARGS...`
// into the entry written to the scope's file, in .mcp.json's format.
import type { McpScope } from './config';

export interface McpAddRequest {
  name: string;
  scope: McpScope;
  entry: Record<string, unknown>;
}

const SCOPES = new Set(['local', 'project', 'user']);
const TRANSPORTS = new Set(['stdio', 'http', 'sse']);

export function parseMcpAdd(argv: readonly string[]): McpAddRequest | { error: string } {
  let scope: McpScope = 'local';
  let transport = 'stdio';
  const env: Record<string, string> = {};
  const headers: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    // Once the command has begun, every later word is its own (`-- npx -y pkg` or `npx -y pkg` alike).
    if (positional.length >= 2 || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case '-s':
      case '--scope': {
        const v = value();
        if (!v || !SCOPES.has(v)) return { error: `--scope must be local, project or user (got ${JSON.stringify(v ?? '')})` };
        scope = v as McpScope;
        break;
      }
      case '-t':
      case '--transport': {
        const v = value();
        const t = v === 'streamable-http' ? 'http' : v;
        if (!t || !TRANSPORTS.has(t)) return { error: `--transport must be stdio, http or sse (got ${JSON.stringify(t ?? '')})` };
        transport = t;
        break;
      }
      case '-e':
      case '--env': {
        const v = value() ?? '';
        const at = v.indexOf('=');
        if (at <= 0) return { error: `--env takes KEY=VALUE (got ${JSON.stringify(v)})` };
        env[v.slice(0, at)] = v.slice(at + 1);
        break;
      }
      case '-H':
      case '--header': {
        const v = value() ?? '';
        const at = v.indexOf(':');
        if (at <= 0) return { error: `--header takes "Name: value" (got ${JSON.stringify(v)})` };
        headers[v.slice(0, at).trim()] = v.slice(at + 1).trim();
        break;
      }
      default:
        return { error: `unknown option ${flag} for tandem mcp add` };
    }
  }
  const [name, target, ...args] = positional;
  if (!name) return { error: 'name the server: tandem mcp add NAME -- COMMAND ARGS... (or --transport http NAME URL)' };
  if (!target) return { error: transport === 'stdio' ? `give the command to run: tandem mcp add ${name} -- COMMAND ARGS...` : `give the URL: tandem mcp add ${name} --transport ${transport} URL` };
  if (transport === 'stdio') {
    if (Object.keys(headers).length > 0) return { error: '--header is for http and sse servers; a stdio server takes --env' };
    const entry: Record<string, unknown> = { command: target, args };
    if (Object.keys(env).length > 0) entry.env = env;
    return { name, scope, entry };
  }
  if (args.length > 0) return { error: `an ${transport} server takes one URL; unexpected ${JSON.stringify(args.join(' '))}` };
  if (Object.keys(env).length > 0) return { error: '--env is for stdio servers; an http or sse server takes --header' };
  const entry: Record<string, unknown> = { type: transport, url: target };
  if (Object.keys(headers).length > 0) entry.headers = headers;
  return { name, scope, entry };
}
