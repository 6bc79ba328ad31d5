// Command-line parsing, by hand: the flags are few, and a parser library would cost startup time.
import { statSync } from 'node:fs';
import { EFFORT_LEVELS, thinkingFromFlag, type EffortLevel } from '../model/reasoning';

export type OutputFormat = 'text' | 'json' | 'stream-json';
export type InputFormat = 'text' | 'stream-json';

export interface CliOptions {
  print: boolean;
  prompt?: string;
  outputFormat: OutputFormat;
  includePartialMessages: boolean;
  verbose: boolean;
  agent?: string;
  agentsDirs: string[];
  model?: string;
  fallbackModel?: string;
  maxTurns?: number;
  allowedTools: string[];
  disallowedTools: string[];
  permissionMode?: string;
  dangerouslySkipPermissions: boolean;
  /** --trust: use this folder's hooks, MCP servers and allow rules for this run without asking. */
  trust?: boolean;
  /** --sandbox (true) / --no-sandbox (false): run Bash in the OS sandbox or not, whatever the settings say. */
  sandbox?: boolean;
  appendSystemPrompt?: string;
  continueLatest: boolean;
  /** `--resume` with no id opens a picker (interactive) or takes the latest (headless): '' marks that. */
  resume?: string;
  addDirs: string[];
  /** --mcp-config FILE|JSON (repeatable): extra MCP servers for this run. */
  mcpConfigs: string[];
  /** --strict-mcp-config: only the servers of --mcp-config. */
  strictMcpConfig: boolean;
  demo: boolean;
  help: boolean;
  version: boolean;
  /** `stream-json`: user messages and control requests arrive as JSON lines on stdin (the Agent SDK's way). */
  inputFormat: InputFormat;
  /** `stdio`: permission asks go to the controlling program as can_use_tool requests (src/cli/control-protocol.ts). */
  permissionPromptTool?: string;
  /** --allow-dangerously-skip-permissions: bypassPermissions may be chosen later (set_permission_mode). */
  allowDangerouslySkipPermissions: boolean;
  sessionId?: string;
  forkSession: boolean;
  maxBudgetUsd?: number;
  /** --json-schema: the JSON text of the schema the final answer must follow. */
  jsonSchema?: string;
  /** --settings FILE|JSON: an extra settings source above all others. */
  settings?: string;
  /** --setting-sources: which settings files to read (undefined: all; managed files are always read). */
  settingSources?: SettingSourceName[];
  /** --plugin-dir DIR (repeatable): plugins for this run (src/plugins). */
  pluginDirs: string[];
  /** --plugin-dir-no-mcp DIR: a plugin for this run without its MCP servers. */
  pluginDirsWithoutMcp?: string[];
  /** --tools: the built-in tools the model may see (undefined: all). */
  tools?: string[];
  /** --effort: sent as the request's output_config.effort to models that take it (src/model/reasoning.ts). */
  effort?: EffortLevel;
  /** --thinking adaptive|enabled|disabled; wins over --max-thinking-tokens (as the SDK's `thinking` option does). */
  thinking?: string;
  /** --max-thinking-tokens N: a thinking budget (0: no thinking). */
  maxThinkingTokens?: number;
  noSessionPersistence: boolean;
  /** Flags tandem accepts for compatibility but does not act on (each is warned about once). */
  ignoredFlags: string[];
  /** A subcommand (`agents`, `checkpoints`, `fake-server`) and its own arguments. */
  command?: { name: string; argv: string[] };
}

export class UsageError extends Error {}

export type SettingSourceName = 'user' | 'project' | 'local';
const SETTING_SOURCES: readonly SettingSourceName[] = ['user', 'project', 'local'];

/** `user,project` -> the names; empty means none (the SDK's isolation mode). An unknown name is refused. */
function parseSettingSources(text: string): SettingSourceName[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(SETTING_SOURCES as readonly string[]).includes(name)) {
      throw new UsageError(`--setting-sources: unknown source "${name}"; use a comma-separated list of ${SETTING_SOURCES.join(', ')} (or an empty value for none)`);
    }
  }
  return [...new Set(names)] as SettingSourceName[];
}

const SUBCOMMANDS = new Set(['agents', 'checkpoints', 'mcp', 'doctor', 'fake-server', 'trust', 'export', 'plugin', 'plugins']);

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    print: false,
    outputFormat: 'text',
    includePartialMessages: false,
    verbose: false,
    agentsDirs: [],
    allowedTools: [],
    disallowedTools: [],
    dangerouslySkipPermissions: false,
    continueLatest: false,
    addDirs: [],
    mcpConfigs: [],
    strictMcpConfig: false,
    demo: false,
    help: false,
    version: false,
    inputFormat: 'text',
    allowDangerouslySkipPermissions: false,
    forkSession: false,
    pluginDirs: [],
    noSessionPersistence: false,
    ignoredFlags: [],
  };
  const first = argv[0];
  if (first !== undefined && SUBCOMMANDS.has(first)) {
    options.command = { name: first, argv: argv.slice(1) };
    return options;
  }
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    /** Claude Code's `<values...>` flags take every following word up to the next flag (`--allowedTools Read
     *  Bash Edit`); here only words that look like such a value are taken, so a prompt after them stays a prompt. */
    const more = (looksLikeValue: (word: string) => boolean): string[] => {
      const taken: string[] = [];
      if (inline !== undefined) return taken;
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-') && looksLikeValue(argv[i + 1]!)) taken.push(argv[++i]!);
      return taken;
    };
    switch (flag) {
      case '-p':
      case '--print':
        options.print = true;
        break;
      case '--output-format': {
        const format = value();
        if (format !== 'text' && format !== 'json' && format !== 'stream-json') {
          throw new UsageError(`--output-format must be text, json or stream-json (got "${format}")`);
        }
        options.outputFormat = format;
        break;
      }
      case '--include-partial-messages':
        options.includePartialMessages = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '--agent':
        options.agent = value();
        break;
      case '--agents-dir':
        options.agentsDirs.push(value());
        break;
      case '--model':
        options.model = value();
        break;
      case '--fallback-model':
        options.fallbackModel = value();
        break;
      case '--max-turns': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new UsageError('--max-turns must be a whole number of at least 1');
        options.maxTurns = n;
        break;
      }
      case '--allowedTools':
      case '--allowed-tools':
        options.allowedTools.push(...splitToolList(value()), ...more(looksLikeToolRules).flatMap(splitToolList));
        break;
      case '--disallowedTools':
      case '--disallowed-tools':
        options.disallowedTools.push(...splitToolList(value()), ...more(looksLikeToolRules).flatMap(splitToolList));
        break;
      case '--permission-mode':
        options.permissionMode = value();
        break;
      case '--trust':
        options.trust = true;
        break;
      case '--sandbox':
        options.sandbox = true;
        break;
      case '--no-sandbox':
        options.sandbox = false;
        break;
      case '--dangerously-skip-permissions':
        options.dangerouslySkipPermissions = true;
        break;
      case '--append-system-prompt':
        options.appendSystemPrompt = value();
        break;
      case '-c':
      case '--continue':
        options.continueLatest = true;
        break;
      case '-r':
      case '--resume': {
        const next = inline ?? argv[i + 1];
        if (next !== undefined && !next.startsWith('-') && inline === undefined && looksLikeSessionId(next)) {
          options.resume = next;
          i++;
        } else options.resume = inline ?? '';
        break;
      }
      case '--add-dir':
        options.addDirs.push(value(), ...more(isExistingFolder));
        break;
      case '--mcp-config':
        options.mcpConfigs.push(value(), ...more((w) => /\.json$/i.test(w) || w.trimStart().startsWith('{')));
        break;
      case '--strict-mcp-config':
        options.strictMcpConfig = true;
        break;
      case '--demo':
        options.demo = true;
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '-v':
      case '--version':
        options.version = true;
        break;
      case '--input-format': {
        const format = value();
        if (format !== 'text' && format !== 'stream-json') throw new UsageError(`--input-format must be text or stream-json (got "${format}")`);
        options.inputFormat = format;
        break;
      }
      case '--permission-prompt-tool':
        options.permissionPromptTool = value();
        break;
      case '--allow-dangerously-skip-permissions':
        options.allowDangerouslySkipPermissions = true;
        break;
      case '--session-id': {
        const id = value();
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new UsageError(`--session-id must be a UUID (got "${id}")`);
        options.sessionId = id.toLowerCase();
        break;
      }
      case '--fork-session':
        options.forkSession = true;
        break;
      case '--max-budget-usd': {
        const text = value();
        const n = Number(text);
        if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--max-budget-usd must be a positive number of dollars (got "${text}")`);
        options.maxBudgetUsd = n;
        break;
      }
      case '--json-schema':
        options.jsonSchema = value();
        break;
      case '--settings':
        options.settings = value();
        break;
      case '--setting-sources':
        options.settingSources = parseSettingSources(value());
        break;
      case '--plugin-dir':
        options.pluginDirs.push(value());
        break;
      case '--plugin-dir-no-mcp':
        (options.pluginDirsWithoutMcp ??= []).push(value());
        break;
      case '--tools': {
        const list = [value(), ...more(looksLikeToolRules)].join(',');
        options.tools = list === 'default' ? undefined : splitToolList(list);
        break;
      }
      case '--effort': {
        const level = value().trim().toLowerCase();
        if (!(EFFORT_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--effort must be one of ${EFFORT_LEVELS.join(', ')} (got "${level}")`);
        options.effort = level as EffortLevel;
        break;
      }
      case '--thinking': {
        const text = value();
        if (!thinkingFromFlag(text)) throw new UsageError(`--thinking must be adaptive, enabled or disabled (got "${text}")`);
        options.thinking = text.trim().toLowerCase();
        break;
      }
      case '--max-thinking-tokens': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new UsageError('--max-thinking-tokens must be a whole number');
        options.maxThinkingTokens = n;
        break;
      }
      case '--no-session-persistence':
        options.noSessionPersistence = true;
        options.ignoredFlags.push(flag);
        break;
      default:
        if (IGNORED_WITH_VALUE.has(flag)) {
          value();
          options.ignoredFlags.push(flag);
          break;
        }
        if (IGNORED_SWITCHES.has(flag)) {
          options.ignoredFlags.push(flag);
          break;
        }
        if (raw.startsWith('-') && raw !== '-') throw new UsageError(`unknown option ${flag} (see tandem --help)`);
        positional.push(raw);
    }
  }
  if (positional.length > 0) options.prompt = positional.join(' ');
  return options;
}

/**
 * Splits `Read,Edit "Bash(npm test:*)"` style lists: commas and spaces separate rules, except inside
 * parentheses, where a rule's own argument may hold both.
 */
/**
 * Flags the Claude Agent SDK may pass (read from its launch code) that change nothing tandem does: accepted so
 * SDK programs start, warned about once on stderr so nobody believes they took effect.
 */
const IGNORED_WITH_VALUE = new Set([
  '--thinking-display',
  '--task-budget',
  '--betas',
  '--debug-file',
  '--permission-prompts',
  '--channels',
  '--project-config-root',
  '--resume-session-at',
  '--resume-drops-turn',
  '--initialize-fields',
  '--managed-settings',
]);
const IGNORED_SWITCHES = new Set(['--debug', '--debug-to-stderr', '--include-hook-events', '--session-mirror', '--await-initialize', '--managed-settings-in-initialize']);

/** The one stderr line for each accepted-but-ignored flag. */
export function ignoredFlagWarnings(options: CliOptions): string[] {
  return [...new Set(options.ignoredFlags)].map((flag) => `${flag} is accepted for compatibility but has no effect in tandem; ignored`);
}

/** Combinations Claude Code refuses, with its wording; null when the options go together. */
export function formatProblem(options: CliOptions): string | null {
  if (options.inputFormat === 'stream-json' && options.outputFormat !== 'stream-json') return '--input-format=stream-json requires output-format=stream-json.';
  if ((options.print || options.inputFormat === 'stream-json') && options.outputFormat === 'stream-json' && !options.verbose) {
    return 'When using --print, --output-format=stream-json requires --verbose';
  }
  return null;
}

/** `Read`, `Bash(npm test:*)`, `mcp__db__query`, `Read,Edit`: a word that can only be a list of tool rules. */
function looksLikeToolRules(word: string): boolean {
  const rules = splitToolList(word);
  return rules.length > 0 && rules.every((rule) => /^(mcp__\w[\w-]*|[A-Z][A-Za-z]*)(\(.*\))?$/.test(rule));
}

function isExistingFolder(word: string): boolean {
  try {
    return statSync(word).isDirectory();
  } catch {
    return false;
  }
}

export function splitToolList(text: string): string[] {
  const rules: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || ch === ' ')) {
      if (current.trim()) rules.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) rules.push(current.trim());
  return rules;
}

function looksLikeSessionId(text: string): boolean {
  return /^[0-9a-f-]{8,}$/i.test(text);
}

export const HELP = `tandem: a terminal agent shell for pair programming

Usage:
  tandem [options] [prompt]          open the interactive shell (optionally with a first prompt)
  tandem -p "prompt" [options]       run one prompt headless and print the result (prompt may also come on stdin)
  tandem agents [--json]             list the agents tandem can use
  tandem agents check PATH... [--json]  validate agent files or folders
  tandem checkpoints [--json]        list checkpoints of this project
  tandem checkpoints restore ID [--yes]  restore files to before that turn
  tandem checkpoints prune [--older-than DAYS]
  tandem mcp [list [--json] | approve NAME|--all | deny NAME]   MCP servers of this project
  tandem trust [--list | --revoke]   trust this project folder (its hooks, MCP servers, allow rules may run)
  tandem plugin list|install PATH|enable NAME|disable NAME   plugins (local folders only; nothing is downloaded)
  tandem doctor [--json]             settings files, rules and their sources, hooks, MCP servers, mode, warnings
  tandem export [SESSION] [--format claude|tandem] [--output FILE]
                                     a session as Claude Code transcript lines (or tandem's own log)

Options:
  -p, --print                      headless: run the prompt, print the result, exit
  --output-format FORMAT           text (default), json (one result object) or stream-json (one JSON event per line)
  --include-partial-messages       with stream-json: also print raw streaming events
  --verbose                        required with stream-json output; with json output: print every event as an array
  --input-format FORMAT            text (default) or stream-json (JSON user messages and control requests on stdin,
                                   as the Claude Agent SDK sends them; needs --output-format stream-json)
  --permission-prompt-tool stdio   with stream-json input: ask the controlling program (can_use_tool) instead of denying
  --session-id UUID                use this id for a new session
  --fork-session                   with --resume/--continue: continue in a new session id
  --max-budget-usd N               stop when the session's cost passes N dollars (error_max_budget_usd)
  --settings FILE|JSON             extra settings, above all settings files
  --agent NAME                     start with this agent (default: general-purpose)
  --agents-dir DIR                 also load agents from DIR (repeatable; highest precedence)
  --model MODEL                    model alias (sonnet, opus, haiku, fable) or full model id
  --fallback-model MODEL           model to use when the main one stays overloaded (3 x 529) or is not found (404)
  --max-turns N                    stop after N model turns
  --allowedTools RULES             allow these without asking, e.g. "Read,Edit,Bash(npm test:*)"
  --disallowedTools RULES          deny these, same syntax
  --permission-mode MODE           default, acceptEdits, plan, dontAsk (deny what would ask) or bypassPermissions
  --trust                          trust this folder for this run (its hooks, MCP servers, allow rules), no question
  --sandbox / --no-sandbox         run Bash in the OS sandbox (unprompted inside it) / not, whatever the settings say
  --dangerously-skip-permissions   bypassPermissions mode, even as root (deny rules still apply)
  --append-system-prompt TEXT      add TEXT to the agent's system prompt
  --thinking adaptive|disabled     extended thinking on or off (models that always think ignore "disabled")
  --max-thinking-tokens N          thinking budget for models that take one (0: no thinking)
  --effort LEVEL                   low, medium, high, xhigh or max, for models that take an effort level
  --json-schema SCHEMA             the answer must be JSON matching SCHEMA (printed as the result's structured_output)
  --setting-sources LIST           read only these settings files: user,project,local (empty: none; managed always)
  -c, --continue                   resume the latest session of this project
  -r, --resume [ID]                resume a session (no ID: pick one)
  --add-dir DIR                    treat DIR as part of the project for permissions
  --mcp-config FILE|JSON           MCP servers for this run ({"mcpServers": ...}); repeatable
  --strict-mcp-config              use only the --mcp-config servers
  --plugin-dir DIR                 load the plugin in DIR for this run (repeatable)
  --demo                           try the shell against a built-in scripted model (no API key needed)
  -h, --help                       this help
  -v, --version                    the version

Environment:
  ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN   credentials for the Anthropic API
  ANTHROPIC_BASE_URL                          API endpoint (default https://api.anthropic.com)
  TANDEM_HOME                                 user folder for settings, agents, sessions (default ~/.tandem)
  TANDEM_MANAGED_SETTINGS                     extra managed settings files, ':'-separated, read after
                                              /etc/claude-code/managed-settings.json and /etc/tandem/managed-settings.json
  NO_COLOR                                    no colours
`;
