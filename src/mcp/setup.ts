// One call for the shell's startup and `tandem mcp`: every configured server, split by the user's approval,
// with the messages to show for broken entries and skipped project servers.
import { loadSettings, mcpSettingsSources } from '../settings/load';
import { McpApprovalStore, partitionByApproval, unapprovedNotice, type ApprovalPartition } from './approvals';
import { formatConfigError, loadMcpConfig, settingsServerSources, type Env, type McpConfigError, type ResolvedServerConfig } from './config';

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
}

export interface McpSetup extends ApprovalPartition {
  errors: McpConfigError[];
  /** One line per broken server entry, then the approval notice (headless prints these; interactive shows them). */
  notices: string[];
  approvals: McpApprovalStore;
  /** Servers left out because the folder is not trusted (they never reach the approval question). */
  untrusted: ResolvedServerConfig[];
}

export function prepareMcp(opts: McpSetupOptions): McpSetup {
  const sources = opts.settingsSources ?? mcpSettingsSources(loadSettings({ cwd: opts.cwd, projectRoot: opts.projectRoot, tandemHome: opts.tandemHome, homeDir: opts.homeDir }).sources);
  const config = loadMcpConfig({ projectRoot: opts.projectRoot, env: opts.env, settingsSources: settingsServerSources(sources) });
  const approvals = McpApprovalStore.forHome(opts.tandemHome);
  // Trust first, approval second: in an untrusted folder a project server is not even offered for approval.
  const untrusted = opts.trusted === false ? config.servers.filter((s) => s.scope !== 'user') : [];
  const servers = config.servers.filter((s) => !untrusted.includes(s));
  const partition = partitionByApproval(servers, approvals, opts.projectRoot);
  const notices = config.errors.map((e) => `MCP config error: ${formatConfigError(e)}`);
  const pending = unapprovedNotice(partition.awaiting);
  if (pending) notices.push(pending);
  return { ...partition, errors: config.errors, notices, approvals, untrusted };
}
