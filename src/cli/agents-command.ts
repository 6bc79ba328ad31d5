// `tandem agents`: list the agents tandem can see, or `tandem agents check PATH...` to validate agent files.
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadAgentCatalog } from '../agents/catalog';
import { listMarkdownFiles } from '../agents/discovery';
import { parseAgentFile } from '../agents/parse';
import { KNOWN_TOOLS } from '../agents/tools';
import type { AgentDefinition, AgentLoadError } from '../agents/types';
import { readRegularText } from '../tools/regular-file';
import { sanitizeLine } from '../text/sanitize';
import { prepareMcp } from '../mcp/setup';
import { findLocations } from './project';
import { pluginsForFolder } from '../plugins/for-folder';
import { pluginAgentSources } from '../plugins/contributions';

export interface AgentsCommandIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const AGENTS_HELP = `Usage:
  tandem agents [--json] [--agents-dir DIR]...   list the agents tandem can see
  tandem agents check [--json] PATH...           validate agent files or folders (searched recursively)

Agents are markdown files with YAML frontmatter (name, description; optional tools, disallowedTools, model,
color, permissionMode, maxTurns) and the system prompt as the body. They are read from, lowest precedence first:
  the agents shipped with tandem, ~/.claude/agents, $TANDEM_HOME/agents (default ~/.tandem/agents),
  .claude/agents then .tandem/agents in each folder from the repository root down to the current one,
  and each --agents-dir (later ones win). An agent hides a same-named one of lower precedence.

Options:
  --json             print machine-readable JSON
  --agents-dir DIR   also load agents from DIR (repeatable)
  -h, --help         show this help

tools: omitted means every tool; \`tools: ""\` or \`tools: []\` means none; disallowedTools removes tools.
Built-in tool names: ${KNOWN_TOOLS.join(', ')} (Agent is another name for Task).
MCP tools are written mcp__server__tool; mcp__server or mcp__server__* means all of that server's tools.
'check' exits with 1 when any file fails to load.
`;

interface ParsedArgs {
  json: boolean;
  help: boolean;
  agentsDirs: string[];
  positional: string[];
  error?: string;
}

function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = { json: false, help: false, agentsDirs: [], positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') out.json = true;
    else if (a === '-h' || a === '--help') out.help = true;
    else if (a === '--agents-dir') {
      const v = argv[++i];
      if (v === undefined) out.error = '--agents-dir needs a folder: --agents-dir DIR';
      else out.agentsDirs.push(v);
    } else if (a.startsWith('--agents-dir=')) out.agentsDirs.push(a.slice('--agents-dir='.length));
    else if (a.startsWith('-') && a !== '-') out.error ??= `unknown option ${a}; see tandem agents --help`;
    else out.positional.push(a);
  }
  return out;
}

/** Paths shown relative to cwd when inside it, with ~ for home, so columns stay short. Sanitised (a file name
 * can hold escape sequences). */
function displayPath(p: string, cwd: string, home: string): string {
  const rel = relative(cwd, p);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return sanitizeLine(rel);
  if (home && (p === home || p.startsWith(home + '/'))) return sanitizeLine('~' + p.slice(home.length));
  return sanitizeLine(p);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

// Agent files are outside text: every value from one is shown through the sanitiser (the --json output is escaped
// by JSON itself).
function errorLine(e: AgentLoadError, shown: string): string {
  const field = e.field ? `${sanitizeLine(e.field)}: ` : '';
  const line = e.line === undefined ? '' : ` (line ${e.line})`;
  return `${shown}: ${field}${sanitizeLine(e.message)}${line}`;
}

function agentJson(a: AgentDefinition) {
  return {
    name: a.name,
    description: a.description,
    model: a.model ?? 'inherit',
    tools: a.tools ?? 'all',
    disallowedTools: a.disallowedTools,
    color: a.color ?? null,
    permissionMode: a.permissionMode ?? null,
    maxTurns: a.maxTurns ?? null,
    source: a.source,
    warnings: a.warnings,
  };
}

/** Is `name` a tool of an MCP server configured here (.mcp.json, settings, ~/.claude.json), approved or not? */
function configuredMcpTools(io: AgentsCommandIO): (name: string) => boolean {
  let servers: string[] = [];
  try {
    const mcp = prepareMcp({ ...findLocations(io.cwd, io.env), env: io.env });
    // A server whose entry has an error is configured all the same: `tandem mcp` says what is wrong with it.
    servers = [...[...mcp.ready, ...mcp.awaiting, ...mcp.denied, ...mcp.disabled].map((s) => s.name), ...mcp.errors.flatMap((e) => (e.server ? [e.server] : []))];
  } catch {
    // Listing agents must not fail on an MCP configuration problem (`tandem mcp` reports those).
  }
  return (name) => servers.some((s) => name === `mcp__${s}` || name.startsWith(`mcp__${s}__`));
}

async function listAgents(args: ParsedArgs, io: AgentsCommandIO, home: string): Promise<number> {
  const catalog = await loadAgentCatalog({
    cwd: io.cwd,
    homeDir: home,
    tandemHome: io.env['TANDEM_HOME'] || join(home, '.tandem'),
    agentsDirs: args.agentsDirs,
    knownTools: configuredMcpTools(io),
    pluginAgents: pluginAgentSources(pluginsForFolder(io.cwd, io.env).loaded),
  });
  const agents = [...catalog.agents.values()].sort((a, b) => a.name.localeCompare(b.name));
  if (args.json) {
    io.stdout(JSON.stringify({ agents: agents.map(agentJson), errors: catalog.errors, shadowed: catalog.shadowed }, null, 2) + '\n');
    return 0;
  }
  const show = (p: string) => displayPath(p, io.cwd, home);
  const out: string[] = [];
  if (agents.length === 0) out.push('No agents found. See tandem agents --help for where agent files go.');
  else {
    const rows = [['NAME', 'MODEL', 'TOOLS', 'COLOR', 'SOURCE']];
    for (const a of agents) {
      rows.push([a.name, a.model ?? 'inherit', a.tools ? String(a.tools.length) : 'all', a.color ?? '-'].map(sanitizeLine).concat(`${a.source.kind}: ${show(a.source.path)}`));
    }
    const lines = table(rows);
    out.push(lines[0]!);
    agents.forEach((a, i) => {
      out.push(lines[i + 1]!);
      for (const w of a.warnings) out.push(`    warning: ${sanitizeLine(w)}`);
    });
  }
  if (catalog.errors.length > 0) {
    out.push('', `Errors (${catalog.errors.length}; these files were not loaded):`);
    for (const e of catalog.errors) out.push('  ' + errorLine(e, show(e.path)));
  }
  if (catalog.shadowed.length > 0) {
    out.push('', `Shadowed (${catalog.shadowed.length}; hidden by an agent of the same name with higher precedence):`);
    for (const s of catalog.shadowed) out.push(`  ${sanitizeLine(s.name)}: ${show(s.path)} (hidden by ${show(s.shadowedBy)})`);
  }
  io.stdout(out.join('\n') + '\n');
  return 0;
}

interface CheckResult {
  path: string;
  ok: boolean;
  name?: string;
  skipped?: string;
  warnings: string[];
  errors: AgentLoadError[];
}

async function checkPath(target: string): Promise<CheckResult[]> {
  let files: string[];
  try {
    files = (await stat(target)).isDirectory() ? await listMarkdownFiles(target) : [target];
  } catch (err) {
    const message = (err as { code?: string }).code === 'ENOENT' ? 'no such file or folder' : String(err);
    return [{ path: target, ok: false, warnings: [], errors: [{ path: target, message }] }];
  }
  return Promise.all(
    files.map(async (path): Promise<CheckResult> => {
      let text: string;
      try {
        text = await readRegularText(path);
      } catch (err) {
        return { path, ok: false, warnings: [], errors: [{ path, message: `cannot read the file: ${String(err)}` }] };
      }
      const r = parseAgentFile(path, text, 'flag');
      if (r.error) return { path, ok: false, warnings: [], errors: [r.error] };
      if (r.agent) return { path, ok: true, name: r.agent.name, warnings: r.agent.warnings, errors: [] };
      return { path, ok: true, ...(r.skipped ? { skipped: r.skipped } : {}), warnings: [], errors: [] };
    }),
  );
}

async function checkAgents(args: ParsedArgs, io: AgentsCommandIO, home: string): Promise<number> {
  if (args.positional.length === 0) {
    io.stderr('tandem agents check: name at least one agent file or folder, e.g. tandem agents check .claude/agents\n');
    return 2;
  }
  const results = (await Promise.all(args.positional.map((p) => checkPath(resolve(io.cwd, p))))).flat();
  const failed = results.filter((r) => !r.ok).length;
  if (args.json) {
    io.stdout(JSON.stringify(results, null, 2) + '\n');
    return failed > 0 ? 1 : 0;
  }
  const show = (p: string) => displayPath(p, io.cwd, home);
  const out: string[] = [];
  let warned = 0;
  let skipped = 0;
  for (const r of results) {
    if (!r.ok) for (const e of r.errors) out.push('FAIL ' + errorLine(e, show(e.path)));
    else if (r.skipped) {
      skipped++;
      out.push(`skip ${show(r.path)}  (${sanitizeLine(r.skipped)})`);
    } else if (r.warnings.length > 0) {
      warned++;
      for (const w of r.warnings) out.push(`warn ${show(r.path)}: ${sanitizeLine(w)}`);
    } else out.push(`ok   ${show(r.path)}  (${sanitizeLine(r.name ?? '')})`);
  }
  const agents = results.length - skipped;
  out.push(
    `${agents} agent file(s): ${agents - failed - warned} ok, ${warned} with warnings, ${failed} failed` +
      (skipped ? `; ${skipped} skipped` : ''),
  );
  io.stdout(out.join('\n') + '\n');
  return failed > 0 ? 1 : 0;
}

export async function runAgentsCommand(argv: string[], io: AgentsCommandIO): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    io.stdout(AGENTS_HELP);
    return 0;
  }
  if (args.error) {
    io.stderr(`tandem agents: ${args.error}\n`);
    return 2;
  }
  const home = io.env['HOME'] || homedir();
  const [sub, ...rest] = args.positional;
  if (sub === 'check') return checkAgents({ ...args, positional: rest }, io, home);
  if (sub === 'list' || sub === undefined) return listAgents(args, io, home);
  io.stderr(`tandem agents: unknown subcommand "${sub}"; use \`tandem agents\` or \`tandem agents check PATH...\`\n`);
  return 2;
}
