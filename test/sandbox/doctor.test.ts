// /doctor and `tandem doctor` list the sandbox: on or off, where that came from, what is missing with the exact
// install line.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctorCommand, type DoctorReport } from '../../src/cli/doctor-command';
import { SandboxController } from '../../src/sandbox/controller';
import { formatSandboxReport, sandboxReportForFolder, sandboxReportForSession } from '../../src/sandbox/doctor';
import { parseSandboxSettings } from '../../src/sandbox/settings';
import { TrustStore } from '../../src/trust/store';
import { makeTestTempDir } from '../support/temp-dirs';

let base = '';
let project = '';
let env: NodeJS.ProcessEnv;

function doctor(args: string[] = []): string {
  let out = '';
  runDoctorCommand(args, { stdout: (s) => void (out += s), stderr: () => undefined, cwd: project, env });
  return out;
}

const controllers: SandboxController[] = [];
function controller(raw: unknown, flag?: boolean): SandboxController {
  const { settings } = parseSandboxSettings(raw);
  return track(new SandboxController(settings, { flag, projectRoot: project, additionalDirectories: [], homeDir: base, tandemHome: path.join(base, '.th'), settings, readDenySpecifiers: [] }));
}
const track = (c: SandboxController) => (controllers.push(c), c);

const INSTALL = 'sudo apt-get install -y bubblewrap socat';

beforeEach(() => {
  base = makeTestTempDir('tandem-sbx-doctor-');
  project = path.join(base, 'proj');
  fs.mkdirSync(path.join(project, '.git'), { recursive: true });
  env = { HOME: base, TANDEM_HOME: path.join(base, '.tandem'), TANDEM_MANAGED_SETTINGS: path.join(base, 'managed.json') };
  // A project's sandbox settings count only in a trusted folder (the sandbox lifts prompts).
  TrustStore.forHome(path.join(base, '.tandem')).trust(project);
});
afterEach(async () => {
  // A controller's per-session temp folder goes with close(), as at the end of a session.
  for (const c of controllers.splice(0)) await c.close();
  fs.rmSync(base, { recursive: true, force: true });
});

describe('tandem doctor: the sandbox', () => {
  it('says off by default, and names the file that turned it on', () => {
    expect(doctor()).toMatch(/^Sandbox: off: not enabled in settings \(sandbox\.enabled\)\n {2}from the default: no settings file sets sandbox\.enabled$/m);
    const user = path.join(base, '.tandem', 'settings.json');
    const local = path.join(project, '.tandem', 'settings.local.json');
    fs.mkdirSync(path.dirname(user), { recursive: true });
    fs.mkdirSync(path.dirname(local), { recursive: true });
    fs.writeFileSync(user, JSON.stringify({ sandbox: { enabled: false, network: { allowedDomains: ['a.example'] } } }));
    fs.writeFileSync(local, JSON.stringify({ sandbox: { enabled: true } }));
    const out = doctor();
    expect(out).toMatch(/^Sandbox: (on \((bubblewrap|Seatbelt)\)|wanted, but it cannot start: .*)$/m);
    expect(out).toContain(`  from sandbox.enabled in ${local}`);
    const json = JSON.parse(doctor(['--json'])) as DoctorReport;
    expect(json.sandbox.source).toBe(`sandbox.enabled in ${local}`);
  });

  it('lists what is missing with the exact apt-get line', () => {
    const missing = { ok: false, missing: ['bubblewrap', 'socat'], problems: [] };
    const wanted = sandboxReportForFolder({ enabled: true }, '/p/.tandem/settings.local.json', missing);
    expect(wanted).toMatchObject({ state: 'unavailable', missing: ['bubblewrap', 'socat'], install: INSTALL });
    expect(formatSandboxReport(wanted).join('\n')).toBe([
      'Sandbox: wanted, but it cannot start: Bash commands would ask for permission as usual',
      '  from sandbox.enabled in /p/.tandem/settings.local.json',
      `  missing: bubblewrap, socat. Install with: ${INSTALL}`,
    ].join('\n'));
    const refused = sandboxReportForFolder({ enabled: true, failIfUnavailable: true }, undefined, { ok: false, missing: ['socat'], problems: [] });
    expect(formatSandboxReport(refused)[0]).toContain('Bash would be refused until it can start (sandbox.failIfUnavailable)');
    // Off, it still says what turning it on would need.
    const off = sandboxReportForFolder(undefined, undefined, missing);
    expect(formatSandboxReport(off).join('\n')).toContain(`missing: bubblewrap, socat. Install with: ${INSTALL}`);
  });
});

describe('/doctor in a session: the sandbox', () => {
  it('names the flag, a /sandbox change in this session, or the file', () => {
    const byFlag = sandboxReportForSession(controller({ enabled: true }, false), { enabled: true }, '/f.json');
    expect(byFlag).toMatchObject({ state: 'off', why: 'turned off with --no-sandbox', source: 'the --no-sandbox flag' });
    const c = controller({ enabled: true });
    c.disable('turned off with /sandbox off');
    expect(sandboxReportForSession(c, { enabled: true }, '/f.json')).toMatchObject({ state: 'off', source: '/sandbox off in this session' });
    const file = sandboxReportForSession(controller({ enabled: false }), { enabled: false }, '/f.json');
    expect(file.source).toBe('sandbox.enabled in /f.json');
  });

  it('reports a sandbox that could not start, with what is missing', async () => {
    const c = controller({ enabled: true });
    const saved = process.env.PATH;
    process.env.PATH = path.join(base, 'no-programs-here');
    try {
      await c.start();
    } finally {
      process.env.PATH = saved;
    }
    const r = sandboxReportForSession(c, { enabled: true }, '/f.json');
    expect(r).toMatchObject({ state: 'unavailable', missing: ['bubblewrap', 'socat'], install: INSTALL, why: 'Bash commands ask for permission as usual' });
    expect(formatSandboxReport(r)).toContain(`  missing: bubblewrap, socat. Install with: ${INSTALL}`);
  });
});

describe('/sandbox: the boundary it shows', () => {
  it('lists what stays read-only in every writable folder', async () => {
    const { describeSandbox } = await import('../../src/sandbox/command');
    const text = await describeSandbox(controller({ enabled: false }));
    expect(text).toContain("read-only in each writable folder and two levels below it: repositories' hooks and config (submodules' too, and the folder core.hooksPath names), .git files, .gitconfig");
    expect(text).toContain('.mcp.json');
    expect(text).toContain('.claude, .tandem');
  });
});
