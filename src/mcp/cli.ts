// `tandem mcp`: see the configured MCP servers and approve or deny the ones a project's .mcp.json brings.
import { findLocations } from '../cli/project';
import { formatConfigError, type ResolvedServerConfig } from './config';
import { needsApproval } from './approvals';
import { prepareMcp } from './setup';
import { isFolderTrusted } from '../trust/gate';
import { sanitizeLine } from '../text/sanitize';

export interface McpCommandIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const MCP_HELP = `Usage:
  tandem mcp [list] [--json]      list the MCP servers tandem would start, with their approval state
  tandem mcp approve NAME|--all   allow project servers (from .mcp.json or .tandem/settings.json) to start
  tandem mcp deny NAME            never start that project server (until its configuration changes)

Servers come from .mcp.json at the project root ({"mcpServers": {"name": {"command", "args", "env"} or
{"type": "http"|"sse", "url", "headers"}}}, with \${VAR} and \${VAR:-default}) and from "mcpServers" in the
settings files. Project servers start only once you approve them; a changed configuration asks again.
Approvals are kept in $TANDEM_HOME/mcp-approvals.json. Their tools are named mcp__SERVER__TOOL.
`;

function target(s: ResolvedServerConfig): string {
  return s.transport === 'stdio' ? [s.command, ...s.args].join(' ') : s.url;
}

export async function runMcpCommand(argv: string[], io: McpCommandIO): Promise<number> {
  const [sub = 'list', ...rest] = argv;
  if (sub === '-h' || sub === '--help' || sub === 'help') {
    io.stdout(MCP_HELP);
    return 0;
  }
  const loc = findLocations(io.cwd, io.env);
  const setup = prepareMcp({ ...loc, env: io.env });
  const all = [...setup.ready, ...setup.awaiting, ...setup.denied];
  const approvalOf = (s: ResolvedServerConfig): string =>
    !needsApproval(s) ? 'no approval needed' : setup.denied.includes(s) ? 'denied' : setup.awaiting.includes(s) ? 'needs approval' : 'approved';
  // Trust comes before approval (setup.ts): in a folder that is not trusted no project server starts, approved or
  // not, so the list says so rather than offering an approval that would change nothing.
  const trusted = isFolderTrusted({ projectRoot: loc.projectRoot, tandemHome: loc.tandemHome });
  const blockedByTrust = (s: ResolvedServerConfig): boolean => !trusted && s.scope !== 'user';
  const stateOf = (s: ResolvedServerConfig): string => (blockedByTrust(s) ? `blocked: this folder is not trusted (approval: ${approvalOf(s)})` : approvalOf(s));

  switch (sub) {
    case 'list': {
      if (rest.includes('--json')) {
        const servers = all.map((s) => ({ name: s.name, scope: s.scope, file: s.file, transport: s.transport, target: target(s), approval: approvalOf(s), ...(blockedByTrust(s) ? { blocked: 'folder not trusted' } : {}) }));
        io.stdout(`${JSON.stringify({ servers, trusted, errors: setup.errors }, null, 2)}\n`);
        return 0;
      }
      if (all.length === 0 && setup.errors.length === 0) {
        io.stdout(`No MCP servers configured. Add them to ${loc.projectRoot}/.mcp.json or "mcpServers" in a settings file.\n`);
        return 0;
      }
      // Names, commands and paths come from a repository's .mcp.json: each through the one sanitiser, as one line.
      const v = sanitizeLine;
      for (const s of all) io.stdout(`${v(s.name)}  [${s.transport}, ${s.scope}: ${stateOf(s)}]\n  ${v(target(s))}\n  from ${v(s.file)}\n`);
      for (const e of setup.errors) io.stderr(`error: ${v(formatConfigError(e))}\n`);
      if (all.some(blockedByTrust)) {
        io.stdout(`\nThis folder (${loc.projectRoot}) is not trusted: none of its project servers starts, approved or not. To trust it: tandem trust\n`);
      } else if (setup.awaiting.length > 0) io.stdout(`\nTo allow: tandem mcp approve ${setup.awaiting.length > 1 ? '--all' : v(setup.awaiting[0]!.name)}\n`);
      return setup.errors.length > 0 ? 1 : 0;
    }
    case 'approve':
    case 'deny': {
      const projectServers = all.filter(needsApproval);
      let chosen: ResolvedServerConfig[];
      if (sub === 'approve' && rest.includes('--all')) {
        chosen = [...setup.awaiting, ...setup.denied];
        if (chosen.length === 0) {
          io.stdout('No project MCP servers wait for approval.\n');
          return 0;
        }
      } else {
        const name = rest.find((a) => !a.startsWith('-'));
        if (!name) {
          io.stderr(`tandem mcp ${sub}: name a server${sub === 'approve' ? ' (or --all)' : ''}\n\n${MCP_HELP}`);
          return 2;
        }
        const server = all.find((s) => s.name === name);
        if (!server) {
          const known = projectServers.map((s) => s.name).join(', ') || 'none';
          io.stderr(`No MCP server named "${name}" is configured for ${loc.projectRoot}. Project servers: ${known}.\n`);
          return 1;
        }
        if (!needsApproval(server)) {
          io.stdout(`"${name}" comes from ${server.file} (${server.scope} settings) and starts without approval.\n`);
          return 0;
        }
        chosen = [server];
      }
      for (const s of chosen) {
        if (sub === 'approve') setup.approvals.approve(loc.projectRoot, s);
        else setup.approvals.deny(loc.projectRoot, s);
        io.stdout(`${sub === 'approve' ? 'Approved' : 'Denied'} MCP server "${sanitizeLine(s.name)}" (${sanitizeLine(target(s))}) for ${sanitizeLine(loc.projectRoot)}.\n`);
      }
      return 0;
    }
    default:
      io.stderr(`Unknown subcommand "${sub}".\n\n${MCP_HELP}`);
      return 2;
  }
}
