// `tandem mcp`: see the configured MCP servers and approve or deny the ones a project's .mcp.json brings.
import { findLocations } from '../cli/project';
import { parseMcpAdd } from './add-args';
import { claudeJsonPath } from './claude-json';
import { formatConfigError, resolveServerSource, type McpScope, type ResolvedServerConfig } from './config';
import { addServerEntry, readScopeEntry, removeServerEntry, scopeFile, WRITABLE_SCOPES } from './edit-config';
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
  tandem mcp get NAME             show one server: where it comes from, what it runs, its state
  tandem mcp add NAME [--scope local|project|user] [--env K=V]... -- COMMAND ARGS...
  tandem mcp add NAME --transport http|sse [--header "K: V"]... URL
  tandem mcp remove NAME [--scope local|project|user]

Scopes of add/remove: local = .tandem/settings.local.json (you, this project; the default), project = .mcp.json
(shared with the repository; needs approval), user = $TANDEM_HOME/settings.json (you, every project).

Servers come from .mcp.json at the project root ({"mcpServers": {"name": {"command", "args", "env"} or
{"type": "http"|"sse", "url", "headers"}}}, with \${VAR} and \${VAR:-default}) and from "mcpServers" in the
settings files, and from Claude Code's ~/.claude.json (read, never written). Project servers start only once you
approve them (or enableAllProjectMcpServers / enabledMcpjsonServers in your own settings); a changed configuration
asks again. "disabled": true or disabledMcpjsonServers keeps a server off; "timeout" (seconds) limits its calls.
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
  if (sub === 'add') return addCommand(rest, loc, io);
  if (sub === 'remove') return removeCommand(rest, loc, io);
  const setup = prepareMcp({ ...loc, env: io.env });
  const all = [...setup.ready, ...setup.awaiting, ...setup.denied, ...setup.disabled];
  const approvalOf = (s: ResolvedServerConfig): string =>
    setup.disabled.includes(s)
      ? 'disabled'
      : !needsApproval(s)
        ? 'no approval needed'
        : setup.denied.includes(s)
          ? 'denied'
          : setup.awaiting.includes(s)
            ? 'needs approval'
            : 'approved';
  // Trust comes before approval (setup.ts): in a folder that is not trusted no project server starts, approved or
  // not, so the list says so rather than offering an approval that would change nothing.
  const trusted = isFolderTrusted({ projectRoot: loc.projectRoot, tandemHome: loc.tandemHome });
  const blockedByTrust = (s: ResolvedServerConfig): boolean => !trusted && s.scope !== 'user' && !setup.disabled.includes(s);
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
    case 'get': {
      const name = rest.find((a) => !a.startsWith('-'));
      const server = all.find((s) => s.name === name);
      if (!name || !server) {
        io.stderr(`${name ? `No MCP server named "${name}" is configured for ${loc.projectRoot}` : 'tandem mcp get: name a server'}. Configured: ${all.map((s) => s.name).join(', ') || 'none'}.\n`);
        for (const e of setup.errors.filter((e) => e.server === name)) io.stderr(`error: ${formatConfigError(e)}\n`);
        return 1;
      }
      const lines = [`${server.name}:`, `  scope: ${server.scope}`, `  from: ${server.file}`, `  state: ${approvalOf(server)}`, `  transport: ${server.transport}`];
      if (server.transport === 'stdio') {
        lines.push(`  command: ${server.command}`, `  args: ${JSON.stringify(server.args)}`);
        // Names only: values are often tokens, and this output lands in terminals and logs.
        if (Object.keys(server.env).length > 0) lines.push(`  env: ${Object.keys(server.env).join(', ')}`);
        if (server.cwd) lines.push(`  cwd: ${server.cwd}`);
      } else {
        lines.push(`  url: ${server.url}`);
        if (Object.keys(server.headers).length > 0) lines.push(`  headers: ${Object.keys(server.headers).join(', ')}`);
      }
      if (server.callTimeoutMs !== undefined) lines.push(`  tool call timeout: ${server.callTimeoutMs / 1000} s`);
      io.stdout(`${lines.join('\n')}\n`);
      for (const w of setup.warnings.filter((w) => w.server === name)) io.stderr(`warning: ${formatConfigError(w)}\n`);
      return 0;
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

type Where = { projectRoot: string; tandemHome: string; homeDir: string };

function addCommand(argv: string[], loc: Where, io: McpCommandIO): number {
  const request = parseMcpAdd(argv);
  if ('error' in request) {
    io.stderr(`tandem mcp add: ${request.error}\n\n${MCP_HELP}`);
    return 2;
  }
  const file = scopeFile(request.scope, loc);
  // Checked as the session will read it (variables are left for start time), so a broken entry is never written.
  const check = resolveServerSource({ file, scope: request.scope, servers: { [request.name]: request.entry } }, new Proxy({}, { get: () => 'set' }));
  if (check.errors.length > 0) {
    for (const e of check.errors) io.stderr(`tandem mcp add: ${formatConfigError(e)}\n`);
    return 1;
  }
  const written = addServerEntry(file, request.name, request.entry);
  if ('error' in written) {
    io.stderr(`tandem mcp add: ${written.error}\n`);
    return 1;
  }
  io.stdout(`Added ${request.scope} MCP server "${request.name}" to ${file}.\n`);
  if (request.scope === 'project') io.stdout(`Project servers start once approved: tandem mcp approve ${request.name}\n`);
  return 0;
}

function removeCommand(argv: string[], loc: Where, io: McpCommandIO): number {
  let scope: McpScope | undefined;
  let name: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-s' || a === '--scope' || a.startsWith('--scope=')) {
      const v = a.startsWith('--scope=') ? a.slice(8) : argv[++i];
      if (v !== 'local' && v !== 'project' && v !== 'user') {
        io.stderr(`tandem mcp remove: --scope must be local, project or user\n`);
        return 2;
      }
      scope = v;
    } else if (!a.startsWith('-') && name === undefined) name = a;
    else {
      io.stderr(`tandem mcp remove: unexpected ${JSON.stringify(a)}\n\n${MCP_HELP}`);
      return 2;
    }
  }
  if (!name) {
    io.stderr(`tandem mcp remove: name a server\n\n${MCP_HELP}`);
    return 2;
  }
  const candidates = (scope ? [scope] : WRITABLE_SCOPES).filter((s) => readScopeEntry(scopeFile(s, loc), name) !== undefined);
  if (candidates.length === 0) {
    const inClaude = readScopeEntry(claudeJsonPath(loc.homeDir), name) !== undefined;
    const hint = inClaude ? ` It is in ${claudeJsonPath(loc.homeDir)}, which tandem never writes: remove it with Claude Code, or turn it off with "disabled": true there.` : '';
    io.stderr(`No MCP server named "${name}" in ${(scope ? [scope] : WRITABLE_SCOPES).map((s) => scopeFile(s, loc)).join(', ')}.${hint}\n`);
    return 1;
  }
  if (candidates.length > 1) {
    io.stderr(`"${name}" is configured in more than one scope (${candidates.join(', ')}); say which: tandem mcp remove ${name} --scope ${candidates[0]}\n`);
    return 1;
  }
  const file = scopeFile(candidates[0]!, loc);
  const removed = removeServerEntry(file, name);
  if ('error' in removed) {
    io.stderr(`tandem mcp remove: ${removed.error}\n`);
    return 1;
  }
  io.stdout(`Removed ${candidates[0]} MCP server "${name}" from ${file}.\n`);
  return 0;
}
