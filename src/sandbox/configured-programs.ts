// The files tandem itself later runs outside the sandbox, without asking again: the scripts its hook commands name,
// the programs and scripts of its stdio MCP servers (approved once by the hash of their config, not of the file they
// run), and the plugin folders it loads. When they lie inside the writable area, a sandboxed command could rewrite
// them and have tandem run the new text unsandboxed; the boundary makes them read-only (boundary.ts, denyWrite).
//
// Commands are read with the permission checker's shell parser (one home for "what does this line run"). A shape it
// cannot read adds nothing here and never throws: the rest of the boundary still holds.
import fs from 'node:fs';
import path from 'node:path';
import { commandsInOrder } from '../permissions/bash-command';
import { isInside, realPathOf } from '../permissions/resolve-path';
import type { SimpleCommand } from '../permissions/shell-parse';
import type { HooksConfig } from '../settings/schema';

/** A stdio MCP server as far as this file needs it (ResolvedServerConfig's stdio shape). */
export interface ConfiguredServer {
  transport: string;
  command?: string;
  args?: string[];
  cwd?: string;
}

export interface ConfiguredProgramsInput {
  projectRoot: string;
  /** Where tandem was started: MCP servers without a `cwd` start there. */
  cwd: string;
  homeDir: string;
  /** The writable area (project, additional directories...): only paths below these need protecting. */
  writableRoots: string[];
  /** Hook configurations (settings' and plugins'), each with the plugin folder its `${CLAUDE_PLUGIN_ROOT}` means. */
  hooks: Array<{ config: HooksConfig; pluginRoot?: string }>;
  servers: Array<ConfiguredServer & { pluginRoot?: string }>;
  /** Folders of the plugins tandem loads: protected whole when inside the writable area. */
  pluginRoots: string[];
}

/** Interpreters whose first non-option argument is the script they run. */
const INTERPRETERS = new Set([
  'node', 'nodejs', 'bun', 'deno', 'tsx', 'ts-node', 'python', 'python2', 'python3', 'pypy', 'pypy3', 'ruby', 'perl',
  'php', 'lua', 'Rscript', 'bash', 'sh', 'zsh', 'dash', 'ksh', 'fish', 'source', '.', 'osascript', 'pwsh',
]);
/** Package runners: the next word is a package (maybe an interpreter such as tsx), not a file. */
const RUNNERS = new Set(['npx', 'bunx', 'pnpx']);
/** Options after which the interpreter runs inline code or a module, not a file: nothing is a script then. */
const NO_SCRIPT = new Set(['-c', '-e', '-m', '-p', '--eval', '--print', '-', '--version', '-V', '--help', '-h']);
/** Options whose value is a separate word (`node -r ./setup.js x.js`: the script is x.js). */
const OPTION_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-I', '-W', '-X', '--env-file', '--config', '-C', '--tsconfig']);

/** Absolute path of one word: known variables and `~` expanded; undefined when the value depends on anything else. */
function expandWord(text: string, base: string, vars: Record<string, string>, homeDir: string): string | undefined {
  let out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => {
    const value = vars[(braced ?? bare)!];
    return value === undefined ? '\u0000' : value;
  });
  if (out.includes('\u0000') || /[$`*?[\]{}]/.test(out) || out === '') return undefined;
  if (out === '~' || out.startsWith('~/')) out = homeDir + out.slice(1);
  else if (out.startsWith('~')) return undefined;
  return path.resolve(base, out);
}

/** The script word of an interpreter call (`node x.js`, `npx tsx x.ts`, `deno run x.ts`), or undefined. */
function scriptIndex(words: string[]): number | undefined {
  let i = 0;
  const name = (w: string | undefined) => (w === undefined ? '' : path.basename(w));
  if (RUNNERS.has(name(words[0]))) {
    i = 1;
    while (i < words.length && words[i]!.startsWith('-')) i++;
    if (!INTERPRETERS.has(name(words[i]))) return undefined;
  }
  const interpreter = name(words[i]);
  if (!INTERPRETERS.has(interpreter) && !/^python\d(\.\d+)?$/.test(interpreter)) return undefined;
  i++;
  if (interpreter === 'deno' && words[i] === 'run') i++;
  while (i < words.length) {
    const w = words[i]!;
    if (NO_SCRIPT.has(w) || (/^-[a-z]*c$/.test(w) && ['bash', 'sh', 'zsh', 'dash', 'ksh'].includes(interpreter))) return undefined;
    if (w === '--') return i + 1 < words.length ? i + 1 : undefined;
    if (!w.startsWith('-')) return i;
    i += OPTION_WITH_VALUE.has(w) ? 2 : 1;
  }
  return undefined;
}

interface Found {
  abs: string;
  /** The program or script position: protected even when absent (a command could create it), a folder too. */
  runs: boolean;
}

function wordsOfCommand(cmd: SimpleCommand): string[] {
  return cmd.words.map((w) => w.text);
}

/** Every path a command line names, with whether it is what runs. */
function pathsOfCommandLine(line: string, base: string, vars: Record<string, string>, homeDir: string): Found[] {
  const out: Found[] = [];
  let commands: SimpleCommand[];
  try {
    commands = commandsInOrder(line);
  } catch {
    return out;
  }
  for (const cmd of commands) out.push(...pathsOfWords(wordsOfCommand(cmd), base, vars, homeDir, false));
  return out;
}

/** `argv` as a program and its arguments (a command line's simple command, or an MCP server's command and args). */
function pathsOfWords(argv: string[], base: string, vars: Record<string, string>, homeDir: string, programIsPath: boolean): Found[] {
  const out: Found[] = [];
  const script = scriptIndex(argv);
  argv.forEach((word, i) => {
    // `--config=./x.js`: the value part names the file.
    const text = word.startsWith('-') && word.includes('=') ? word.slice(word.indexOf('=') + 1) : word;
    if (text.startsWith('-') || text === '') return;
    const runs = i === script || (i === 0 && (programIsPath || /[/~$]/.test(text)));
    if (i === 0 && !runs) return; // a program looked up on PATH
    const abs = expandWord(text, base, vars, homeDir);
    if (abs !== undefined) out.push({ abs, runs });
  });
  return out;
}

/**
 * The path as named (its folders resolved) and where it leads; for every symlink on the way, the folder holding the
 * link too. The OS sandbox protects what a deny path resolves to, not a link's name: without its folder, a command
 * could remove the link and put a file of its own in its place. (A link directly in a writable root stays
 * replaceable: the root itself is never made read-only; see the filter in configuredProgramPaths.)
 */
function spellings(abs: string): string[] {
  const out = new Set<string>();
  const parentReal = realPathOf(path.dirname(abs));
  out.add(path.join(parentReal, path.basename(abs)));
  out.add(realPathOf(abs));
  let current = '/';
  for (const name of abs.split('/').filter((c) => c !== '')) {
    const next = path.join(current, name);
    let link = false;
    try {
      link = fs.lstatSync(next).isSymbolicLink();
    } catch {
      break;
    }
    if (link) out.add(realPathOf(current));
    current = realPathOf(next);
  }
  return [...out];
}

function kindOf(p: string): 'file' | 'folder' | 'absent' {
  try {
    return fs.statSync(p).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'absent';
  }
}

/**
 * The paths inside the writable area that the configured hooks, MCP servers and plugins run or read, to keep
 * read-only for sandboxed commands. Arguments count when they name an existing file (a config the program reads);
 * the program or script itself counts even when absent and even as a folder (`python3 pkgdir`). A writable root or
 * a folder above one is never returned (`cd "$CLAUDE_PROJECT_DIR" && ...` must not freeze the project).
 */
export function configuredProgramPaths(input: ConfiguredProgramsInput): string[] {
  const roots = input.writableRoots.map((r) => realPathOf(path.resolve(r)));
  const found: Found[] = [];
  const projectVars = { CLAUDE_PROJECT_DIR: input.projectRoot, HOME: input.homeDir };
  for (const { config, pluginRoot } of input.hooks) {
    const vars = pluginRoot ? { ...projectVars, CLAUDE_PLUGIN_ROOT: pluginRoot } : projectVars;
    for (const groups of Object.values(config ?? {})) {
      if (!Array.isArray(groups)) continue;
      for (const group of groups) {
        for (const hook of Array.isArray(group?.hooks) ? group.hooks : []) {
          // Hook commands run from the project root (hooks/runner.ts).
          if (typeof hook?.command === 'string') found.push(...pathsOfCommandLine(hook.command, input.projectRoot, vars, input.homeDir));
        }
      }
    }
  }
  for (const server of input.servers) {
    if (server.transport !== 'stdio' || typeof server.command !== 'string') continue;
    const vars = server.pluginRoot ? { ...projectVars, CLAUDE_PLUGIN_ROOT: server.pluginRoot } : projectVars;
    const base = server.cwd ? path.resolve(input.cwd, server.cwd) : input.cwd;
    const argv = [server.command, ...(Array.isArray(server.args) ? server.args.filter((a): a is string => typeof a === 'string') : [])];
    // The command is not parsed by a shell: a `/` in it makes it a path, as for spawn().
    found.push(...pathsOfWords(argv, base, vars, input.homeDir, server.command.includes('/')));
  }
  const out = new Set<string>();
  const keep = (p: string) => {
    if (!roots.some((r) => isInside(p, r))) return;
    if (roots.some((r) => isInside(r, p))) return;
    out.add(p);
  };
  for (const f of found) {
    const kind = kindOf(f.abs);
    if (kind === 'absent' && !f.runs) continue;
    if (kind === 'folder' && !f.runs) continue; // data such as `eslint src/`: freezing it would stop all work
    for (const p of spellings(f.abs)) keep(p);
  }
  for (const root of input.pluginRoots) for (const p of spellings(path.resolve(input.projectRoot, root))) keep(p);
  // Where Claude Code's documentation keeps hook scripts.
  const claudeHooks = path.join(input.projectRoot, '.claude', 'hooks');
  if (kindOf(claudeHooks) === 'folder') for (const p of spellings(claudeHooks)) keep(p);
  return [...out].sort();
}
