// One call for the shell's startup and `tandem mcp`: every configured server, split by the user's approval,
// with the messages to show for broken entries and skipped project servers.
import fs from 'node:fs';
import { loadSettings, mcpSettingsSources } from '../settings/load';
import { McpApprovalStore, needsApproval, partitionByApproval, unapprovedNotice, type ApprovalPartition } from './approvals';
import { addChoices, readClaudeJson, type McpjsonChoices } from './claude-json';
import { formatConfigError, loadMcpConfig, settingsServerSources, type Env, type McpConfigError, type McpServerSource, type ResolvedServerConfig } from './config';

export interface McpSetupOptions {
  projectRoot: string;
  tandemHome: string;
  homeDir: string;
  cwd: string;
  env: Env;
  /** LoadedSettings.sources when the caller already loaded the settings (saves reading them twice). */
  settingsSources?: ReadonlyArray<{ path: string; level: 'user' | 'project' | 'local'; loaded: boolean }>;
  /**
   * The folder-trust gate's answer (src/trust/gate.ts). False: only the user's own servers may start; those of
   * .mcp.json and of project settings files (settings.local.json included) are listed in `untrusted`. A session
   * must pass it; left out (the `tandem mcp` listing, which starts nothing) every server is listed.
   */
  trusted?: boolean;
  /** --mcp-config, already read (src/mcp/cli-config.ts). */
  commandLine?: McpServerSource[];
  /** --strict-mcp-config: only the command line's servers. */
  strict?: boolean;
}

export interface McpSetup extends ApprovalPartition {
  errors: McpConfigError[];
  /** Fields read past; each is also one line of `notices`. */
  warnings: McpConfigError[];
  /** One line per broken server entry, then the approval notice (headless prints these; interactive shows them). */
  notices: string[];
  approvals: McpApprovalStore;
  /** Servers left out because the folder is not trusted (they never reach the approval question). */
  untrusted: ResolvedServerConfig[];
  /** Turned off by `"disabled": true` or disabledMcpjsonServers: listed, never started. */
  disabled: ResolvedServerConfig[];
}

/** The .mcp.json choices of the settings files. A repository's shared settings may only disable, never enable. */
function settingsChoices(sources: ReadonlyArray<{ path: string; level: 'user' | 'project' | 'local'; loaded: boolean }>, into: McpjsonChoices, warnings: McpConfigError[]): void {
  for (const s of sources) {
    if (!s.loaded) continue;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(fs.readFileSync(s.path, 'utf8')) as Record<string, unknown>;
    } catch {
      continue; // the settings loader reported it
    }
    if (!json || typeof json !== 'object') continue;
    const mayEnable = s.level !== 'project';
    if (!mayEnable && (json.enableAllProjectMcpServers === true || Array.isArray(json.enabledMcpjsonServers))) {
      warnings.push({
        file: s.path,
        field: json.enableAllProjectMcpServers === true ? 'enableAllProjectMcpServers' : 'enabledMcpjsonServers',
        message: 'ignored: a repository cannot approve its own MCP servers; approve them with `tandem mcp approve` or in your local or user settings',
      });
    }
    addChoices(into, json, { mayEnable });
  }
}

export function prepareMcp(opts: McpSetupOptions): McpSetup {
  const sources = opts.settingsSources ?? mcpSettingsSources(loadSettings({ cwd: opts.cwd, projectRoot: opts.projectRoot, tandemHome: opts.tandemHome, homeDir: opts.homeDir }).sources);
  const claudeJson = readClaudeJson(opts.homeDir, [opts.projectRoot, opts.cwd]);
  const config = loadMcpConfig({
    projectRoot: opts.projectRoot,
    env: opts.env,
    settingsSources: settingsServerSources(sources),
    extra: { userFiles: claudeJson.userFiles, localFiles: claudeJson.localFiles, commandLine: opts.commandLine, strict: opts.strict },
  });
  const errors = opts.strict ? config.errors : [...claudeJson.errors, ...config.errors];
  const warnings = [...config.warnings];
  const choices = claudeJson.choices;
  settingsChoices(sources, choices, warnings);
  const approvals = McpApprovalStore.forHome(opts.tandemHome);
  // Trust first, then the user's off switches, then approval: in an untrusted folder a project server is not even
  // offered for approval, whatever any enable list says.
  const untrusted = opts.trusted === false ? config.servers.filter((s) => s.scope !== 'user' && !s.userOwned) : [];
  const trustedServers = config.servers.filter((s) => !untrusted.includes(s));
  const disabled = trustedServers.filter((s) => s.disabled || (needsApproval(s) && choices.disabled.includes(s.name)));
  const servers = trustedServers.filter((s) => !disabled.includes(s));
  const partition = partitionByApproval(servers, approvals, opts.projectRoot);
  // enableAllProjectMcpServers / enabledMcpjsonServers (from the user's own files) stand for an approval; an
  // explicit `tandem mcp deny` still wins.
  const preApproved = partition.awaiting.filter((s) => choices.enableAll || choices.enabled.includes(s.name));
  partition.awaiting = partition.awaiting.filter((s) => !preApproved.includes(s));
  partition.ready = servers.filter((s) => partition.ready.includes(s) || preApproved.includes(s));
  const notices = [...errors.map((e) => `MCP config error: ${formatConfigError(e)}`), ...warnings.map((w) => `MCP config warning: ${formatConfigError(w)}`)];
  const pending = unapprovedNotice(partition.awaiting);
  if (pending) notices.push(pending);
  return { ...partition, errors, warnings, notices, approvals, untrusted, disabled };
}
