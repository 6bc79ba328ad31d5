// The sandbox's lines in /doctor and `tandem doctor`: on or off, where that came from (a flag, /sandbox in this
// session, the settings file that set sandbox.enabled, or the default), and what is missing with the exact
// install line. /sandbox shows the boundary itself; /doctor answers "why is (or isn't) Bash sandboxed?".
import type { SandboxController } from './controller';
import { checkPrograms, LINUX_INSTALL_LINE, type Availability } from './runtime';
import { parseSandboxSettings } from './settings';

export interface SandboxReport {
  state: 'on' | 'off' | 'unavailable';
  /** Why it is off, or what happens to Bash while it cannot start. */
  why?: string;
  /** Where on/off came from. */
  source: string;
  /** Programs not installed (bubblewrap, socat). */
  missing: string[];
  /** The exact line that installs them, when something is missing. */
  install?: string;
  problems: string[];
}

function sourceOf(flag: boolean | undefined, enabledNow: boolean, enabledInFiles: boolean, file: string | undefined): string {
  if (flag === true) return 'the --sandbox flag';
  if (flag === false) return 'the --no-sandbox flag';
  if (enabledNow !== enabledInFiles) return `/sandbox ${enabledNow ? 'on' : 'off'} in this session`;
  if (file) return `sandbox.enabled in ${file}`;
  return 'the default: no settings file sets sandbox.enabled';
}

function withInstall(report: Omit<SandboxReport, 'install'>): SandboxReport {
  return report.missing.length > 0 ? { ...report, install: LINUX_INSTALL_LINE } : report;
}

/** For a running session: the controller's state (what actually happened at start and since). */
export function sandboxReportForSession(controller: SandboxController, mergedSandbox: unknown, enabledSource: string | undefined): SandboxReport {
  const inFiles = parseSandboxSettings(mergedSandbox).settings.enabled;
  const source = sourceOf(controller.flag, controller.config.enabled, inFiles, enabledSource);
  const s = controller.current;
  switch (s.kind) {
    case 'on':
      return { state: 'on', source, missing: [], problems: [] };
    case 'off': {
      const programs = checkPrograms();
      return withInstall({ state: 'off', why: s.reason, source, missing: programs.missing, problems: programs.problems });
    }
    case 'unavailable':
      return withInstall({
        state: 'unavailable',
        why: controller.config.failIfUnavailable ? 'Bash is refused until it can start (sandbox.failIfUnavailable)' : 'Bash commands ask for permission as usual',
        source,
        missing: s.missing,
        problems: s.problems,
      });
    default: {
      const never: never = s;
      throw new Error(`unknown sandbox state ${JSON.stringify(never)}`);
    }
  }
}

/** For `tandem doctor` in a folder: what a session started there would get (programs checked, runtime not loaded). */
export function sandboxReportForFolder(mergedSandbox: unknown, enabledSource: string | undefined, programs: Availability = checkPrograms()): SandboxReport {
  const { settings } = parseSandboxSettings(mergedSandbox);
  const source = sourceOf(undefined, settings.enabled, settings.enabled, enabledSource);
  if (!settings.enabled) return withInstall({ state: 'off', why: 'not enabled in settings (sandbox.enabled)', source, missing: programs.missing, problems: programs.problems });
  if (!programs.ok) {
    return withInstall({
      state: 'unavailable',
      why: settings.failIfUnavailable ? 'Bash would be refused until it can start (sandbox.failIfUnavailable)' : 'Bash commands would ask for permission as usual',
      source,
      missing: programs.missing,
      problems: programs.problems,
    });
  }
  return { state: 'on', source, missing: [], problems: [] };
}

export function formatSandboxReport(r: SandboxReport): string[] {
  const head = r.state === 'on' ? `on (${process.platform === 'darwin' ? 'Seatbelt' : 'bubblewrap'})` : r.state === 'off' ? 'off' : 'wanted, but it cannot start';
  const lines = [`Sandbox: ${head}${r.why ? `: ${r.why}` : ''}`, `  from ${r.source}`];
  if (r.missing.length > 0) lines.push(`  missing: ${r.missing.join(', ')}. Install with: ${r.install ?? LINUX_INSTALL_LINE}`);
  for (const p of r.problems) lines.push(`  problem: ${p}`);
  if (r.state === 'off') lines.push('  turn it on for this project with /sandbox on, or for one session with --sandbox');
  return lines;
}
