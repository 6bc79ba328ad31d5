// The user's yes/no for project MCP servers, kept in $TANDEM_HOME/mcp-approvals.json. A repository's .mcp.json
// can name any command, so such a server starts only after the user approved exactly that configuration: the key
// holds the project root, the server name and a hash of its entry, and a changed entry asks again.
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedServerConfig } from './config';

export type ApprovalDecision = 'approved' | 'denied';

interface ApprovalRecord {
  decision: ApprovalDecision;
  hash: string;
  at: string;
}

interface ApprovalFile {
  version: 1;
  /** projectRoot -> server name -> record */
  projects: Record<string, Record<string, ApprovalRecord>>;
}

export function approvalsFile(tandemHome: string): string {
  return path.join(tandemHome, 'mcp-approvals.json');
}

export function needsApproval(server: ResolvedServerConfig): boolean {
  return server.scope === 'project';
}

export class McpApprovalStore {
  constructor(readonly file: string) {}

  static forHome(tandemHome: string): McpApprovalStore {
    return new McpApprovalStore(approvalsFile(tandemHome));
  }

  private read(): ApprovalFile {
    try {
      const json = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<ApprovalFile>;
      if (json && typeof json === 'object' && json.projects && typeof json.projects === 'object') return { version: 1, projects: json.projects };
    } catch {
      // Missing or unreadable: nothing approved yet (the safe reading).
    }
    return { version: 1, projects: {} };
  }

  private write(data: ApprovalFile): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  /** undefined: the user has not decided on this configuration yet (or it changed since). */
  decision(projectRoot: string, server: Pick<ResolvedServerConfig, 'name' | 'configHash'>): ApprovalDecision | undefined {
    const record = this.read().projects[path.resolve(projectRoot)]?.[server.name];
    return record && record.hash === server.configHash ? record.decision : undefined;
  }

  set(projectRoot: string, server: Pick<ResolvedServerConfig, 'name' | 'configHash'>, decision: ApprovalDecision): void {
    const data = this.read();
    const key = path.resolve(projectRoot);
    const project = (data.projects[key] ??= {});
    project[server.name] = { decision, hash: server.configHash, at: new Date().toISOString() };
    this.write(data);
  }

  approve(projectRoot: string, server: Pick<ResolvedServerConfig, 'name' | 'configHash'>): void {
    this.set(projectRoot, server, 'approved');
  }

  deny(projectRoot: string, server: Pick<ResolvedServerConfig, 'name' | 'configHash'>): void {
    this.set(projectRoot, server, 'denied');
  }
}

export interface ApprovalPartition {
  /** May start now: user/local servers and approved project servers. */
  ready: ResolvedServerConfig[];
  /** Project servers the user has not decided on (interactive: ask; headless: skip with unapprovedNotice). */
  awaiting: ResolvedServerConfig[];
  denied: ResolvedServerConfig[];
}

export function partitionByApproval(servers: ResolvedServerConfig[], store: McpApprovalStore, projectRoot: string): ApprovalPartition {
  const out: ApprovalPartition = { ready: [], awaiting: [], denied: [] };
  for (const server of servers) {
    if (!needsApproval(server)) {
      out.ready.push(server);
      continue;
    }
    const decision = store.decision(projectRoot, server);
    if (decision === 'approved') out.ready.push(server);
    else if (decision === 'denied') out.denied.push(server);
    else out.awaiting.push(server);
  }
  return out;
}

/** What headless mode prints for project servers it skipped. */
export function unapprovedNotice(awaiting: ResolvedServerConfig[]): string | undefined {
  if (awaiting.length === 0) return undefined;
  const names = awaiting.map((s) => s.name);
  const first = names[0]!;
  return (
    `MCP server${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')} from ${awaiting[0]!.file} not started: ` +
    `project servers need your approval first. Review the configuration, then run \`tandem mcp approve ${names.length > 1 ? '--all' : first}\` ` +
    `(or approve in an interactive session).`
  );
}
