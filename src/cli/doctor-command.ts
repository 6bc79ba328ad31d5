// `tandem doctor` and `/doctor`: where a user looks when they wonder why something was or was not asked. Lists
// every settings file (and what became of it), every permission rule with the place it was written, every hook,
// every MCP server, the permission mode and where it came from, and every warning.
import { prepareMcp } from '../mcp/setup';
import type { RuleEntry } from '../permissions/policy';
import { loadSettings, mcpSettingsSources, type LoadedSettings, type SettingsLevel } from '../settings/load';
import { managedSettingsPaths } from '../settings/managed';
import { choosePermissionMode } from '../settings/permission-mode';
import { blockingRuleIssues, checkRules, ruleLocation } from '../settings/rule-check';
import type { Bootstrapped } from './bootstrap';
import { findLocations, type Locations } from './project';
import { sanitizeLine } from '../text/sanitize';
import { applyFolderTrust, describeSkipped, isFolderTrusted, type FolderTrust } from '../trust/gate';
import type { SandboxController } from '../sandbox/controller';
import { formatSandboxReport, sandboxReportForFolder, sandboxReportForSession, type SandboxReport } from '../sandbox/doctor';

export interface DoctorReport {
  /** Whether this folder is trusted, and what its settings would add that is not used until it is. */
  trust: { trusted: boolean; skipped: string[] };
  files: Array<{ path: string; level: SettingsLevel; status: 'loaded' | 'missing' | 'warnings' | 'error' }>;
  /** True when TANDEM_MANAGED_SETTINGS added managed files (the system paths are read in any case). */
  managedOverridden: boolean;
  mode: { mode: string; source: string };
  rules: Array<{ behavior: string; rule: string; where: string }>;
  hooks: Array<{ event: string; matcher?: string; command: string; where: string; disabled: boolean }>;
  mcp: Array<{ name: string; where: string; state: string }>;
  /** On or off, where that came from, what is missing. */
  sandbox: SandboxReport;
  warnings: string[];
  /** Problems that make headless runs refuse to start. */
  blocking: string[];
}

interface ReportInput {
  settings: LoadedSettings;
  rules: RuleEntry[];
  mode: { mode: string; source: string };
  locations: Locations;
  env: NodeJS.ProcessEnv;
  liveMcp?: Map<string, string>;
  sandbox: SandboxReport;
  extraWarnings: string[];
  trust: FolderTrust;
}

function buildReport(input: ReportInput): DoctorReport {
  const { settings, locations } = input;
  // What the session uses: in a folder not trusted, the project's hooks, servers and allow rules are left out.
  const merged = input.trust.settings;
  const issues = checkRules(input.rules.filter((r) => r.source !== 'session'));
  const mcp = prepareMcp({ ...locations, env: input.env, settingsSources: mcpSettingsSources(settings.sources), trusted: input.trust.trusted });
  const mcpRows = [
    ...mcp.ready.map((s) => ({ name: s.name, where: `${s.file} (${s.scope})`, state: input.liveMcp?.get(s.name) ?? 'configured' })),
    ...mcp.awaiting.map((s) => ({ name: s.name, where: `${s.file} (${s.scope})`, state: 'awaiting approval (/mcp approve or tandem mcp approve)' })),
    ...mcp.denied.map((s) => ({ name: s.name, where: `${s.file} (${s.scope})`, state: 'denied by you' })),
  ];
  const warnings = unique([
    ...settings.errors.map((e) => `${e.message} (this file is not used at all)`),
    ...settings.warnings,
    ...issues.map((i) => i.message),
    ...mcp.notices,
    ...input.extraWarnings,
  ]);
  return {
    trust: { trusted: input.trust.trusted, skipped: describeSkipped(input.trust.skipped) },
    files: settings.sources.map((s) => ({ path: s.path, level: s.level, status: s.status })),
    managedOverridden: (input.env.TANDEM_MANAGED_SETTINGS ?? '').trim() !== '',
    mode: input.mode,
    rules: input.rules.map((r) => {
      const where = sourceOf(r, settings);
      const broken = issues.find((i) => i.fatal && i.behavior !== 'allow' && i.rule === r.rule && i.where === ruleLocation(r));
      return { behavior: r.behavior, rule: r.rule, where: broken ? `${where}; cannot be read, so every call of its tool asks` : where };
    }),
    hooks: merged.hookSources.map((h) => ({
      event: h.event,
      ...(h.matcher !== undefined ? { matcher: h.matcher } : {}),
      command: h.command,
      where: h.line !== undefined ? `${h.source}:${h.line}` : h.source,
      disabled: merged.disableAllHooks === true,
    })),
    mcp: mcpRows,
    sandbox: input.sandbox,
    warnings,
    blocking: [...settings.errors.map((e) => e.message), ...blockingRuleIssues(issues).map((i) => i.message)],
  };
}

/** `file:line`, prefixed with `managed:` for a managed file, or cli/session. */
function sourceOf(rule: RuleEntry, settings: LoadedSettings): string {
  const where = ruleLocation(rule);
  const managed = settings.sources.some((s) => s.level === 'managed' && s.path === rule.source);
  return managed ? `managed: ${where}` : where === 'this session' ? 'session' : rule.source === 'cli' ? `cli ${where}` : where;
}

/** The report for a running session: its rules (session rules included) and its current mode. */
export function doctorReportFromBoot(boot: Bootstrapped, currentMode: string, sandbox?: SandboxController): DoctorReport {
  const modeSource = currentMode === boot.modeChoice.mode ? boot.modeChoice.source : `changed this session (started as ${boot.modeChoice.mode}, from ${boot.modeChoice.source})`;
  return buildReport({
    settings: boot.settings,
    rules: boot.policy.listRules(),
    mode: { mode: currentMode, source: modeSource },
    locations: boot.locations,
    env: process.env,
    liveMcp: new Map(boot.mcp.manager.status().map((s) => [s.name, s.error ? `${s.state}: ${s.error}` : s.state])),
    sandbox: sandbox
      ? sandboxReportForSession(sandbox, boot.trust.settings.sandbox, boot.trust.settings.sandboxEnabledSource)
      : sandboxReportForFolder(boot.trust.settings.sandbox, boot.trust.settings.sandboxEnabledSource),
    extraWarnings: boot.notices.filter((n) => n.level !== 'info').map((n) => n.message),
    trust: boot.trust,
  });
}

/** The report for `tandem doctor`: what a session started here now would get. */
export function doctorReportForFolder(cwd: string, env: NodeJS.ProcessEnv): DoctorReport {
  const locations = findLocations(cwd, env);
  const settings = loadSettings({ ...locations, managedPaths: managedSettingsPaths(env) });
  const trust = applyFolderTrust(settings, { trusted: isFolderTrusted({ projectRoot: locations.projectRoot, tandemHome: locations.tandemHome }), projectRoot: locations.projectRoot, homeDir: locations.homeDir });
  const p = trust.settings.permissions;
  const extra: string[] = [];
  let mode = { mode: 'default', source: 'built-in default' };
  try {
    const choice = choosePermissionMode({ dangerouslySkipPermissions: false, settings: trust.settings, managedFiles: settings.sources.filter((s) => s.level === 'managed' && s.loaded).map((s) => s.path) });
    mode = { mode: choice.mode, source: choice.source };
    extra.push(...choice.notices);
  } catch (error) {
    extra.push((error as Error).message);
  }
  const sandbox = sandboxReportForFolder(trust.settings.sandbox, trust.settings.sandboxEnabledSource);
  return buildReport({ settings, rules: [...p.deny, ...p.ask, ...p.allow], mode, locations, env, sandbox, extraWarnings: extra, trust });
}

export function formatDoctorReport(r: DoctorReport): string {
  const out: string[] = ['Settings files (managed first, then lowest precedence first):'];
  for (const f of r.files) out.push(`  ${f.status.padEnd(8)} ${f.level.padEnd(7)} ${f.path}`);
  if (r.managedOverridden) out.push('  (managed files after the system paths come from TANDEM_MANAGED_SETTINGS)');
  out.push('', r.trust.trusted ? 'Folder trust: trusted (its hooks, MCP servers and allow rules are used)' : 'Folder trust: NOT trusted (`tandem trust` or /trust to use what it adds)');
  for (const line of r.trust.skipped) out.push(`  not used: ${line}`);
  out.push('', `Permission mode: ${r.mode.mode} (from ${r.mode.source})`, '', 'Permission rules in force (deny first; a deny always wins):');
  const order = ['deny', 'ask', 'allow'];
  const rules = [...r.rules].sort((a, b) => order.indexOf(a.behavior) - order.indexOf(b.behavior));
  if (rules.length === 0) out.push('  none: the mode decides');
  for (const rule of rules) out.push(`  ${rule.behavior.padEnd(5)} ${rule.rule}  (${rule.where})`);
  out.push('', 'Hooks:');
  if (r.hooks.length === 0) out.push('  none');
  for (const h of r.hooks) out.push(`  ${h.event}${h.matcher ? ` [${h.matcher}]` : ''}: ${h.command}  (${h.where})${h.disabled ? ' — not run: disableAllHooks' : ''}`);
  out.push('', 'MCP servers:');
  if (r.mcp.length === 0) out.push('  none');
  for (const s of r.mcp) out.push(`  ${s.name}: ${s.state}  (${s.where})`);
  out.push('', ...formatSandboxReport(r.sandbox));
  out.push('', r.warnings.length === 0 ? 'No warnings.' : `Warnings (${r.warnings.length}):`);
  for (const w of r.warnings) out.push(`  ! ${w}`);
  if (r.blocking.length > 0) {
    out.push('', 'Headless runs (tandem -p) refuse to start until these are fixed:');
    for (const b of r.blocking) out.push(`  ✗ ${b}`);
  }
  // Rule text, hook commands and paths come from files a repository can ship: each line goes through the one
  // sanitiser (a line break in a value cannot add a line; control and invisible characters are shown as escapes).
  return out.map(sanitizeLine).join('\n');
}

/** `tandem doctor [--json]`: exit 1 when a headless run would refuse to start, else 0. */
export function runDoctorCommand(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; cwd: string; env: NodeJS.ProcessEnv }): number {
  const unknown = argv.filter((a) => a !== '--json');
  if (unknown.length > 0) {
    io.stderr(`tandem doctor: unknown argument ${unknown[0]} (usage: tandem doctor [--json])\n`);
    return 2;
  }
  const report = doctorReportForFolder(io.cwd, io.env);
  io.stdout(argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatDoctorReport(report)}\n`);
  return report.blocking.length > 0 ? 1 : 0;
}

function unique(lines: string[]): string[] {
  return [...new Set(lines)];
}
