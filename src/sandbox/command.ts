// `/sandbox`: whether the sandbox is on, what is missing (with the exact install line), the resolved boundary, and
// `/sandbox on|off` to turn it on or off for this project (saved to .tandem/settings.local.json).
import { getRgPath } from '../tools/ripgrep';
import type { SandboxController } from './controller';
import { checkAvailability, LINUX_INSTALL_LINE } from './runtime';
import { GUARDED_FILES, GUARDED_FOLDERS } from './root-guards';
import { saveSandboxEnabled } from './save';

export interface SandboxCommandDeps {
  controller: SandboxController;
  projectRoot: string;
}

export async function runSandboxCommand(args: string, deps: SandboxCommandDeps): Promise<string> {
  const verb = args.trim().toLowerCase();
  const { controller } = deps;
  if (verb === 'on') {
    const file = saveSandboxEnabled(deps.projectRoot, true);
    const problem = await controller.enable();
    const head = `Saved sandbox.enabled: true to ${file}.`;
    // A problem while it runs anyway (a protected name is a link) is a sentence of its own; one that kept it off is a "but".
    if (problem) return controller.current.kind === 'on' ? `${head}\n${problem[0]!.toUpperCase()}${problem.slice(1)}` : `${head}\nBut ${problem}`;
    return `${head}\nThe sandbox is on: Bash commands run inside it${controller.config.autoAllowBashIfSandboxed ? ' without a prompt, unless a deny or ask rule matches' : ''}.`;
  }
  if (verb === 'off') {
    const file = saveSandboxEnabled(deps.projectRoot, false);
    controller.disable('turned off with /sandbox off');
    return `Saved sandbox.enabled: false to ${file}. Bash commands ask for permission as usual.`;
  }
  if (verb !== '') return 'Usage: /sandbox (status), /sandbox on, /sandbox off';
  return describeSandbox(controller);
}

export async function describeSandbox(controller: SandboxController): Promise<string> {
  const s = controller.current;
  const lines: string[] = [];
  switch (s.kind) {
    case 'on':
      lines.push(`Sandbox: on (${process.platform === 'darwin' ? 'Seatbelt' : 'bubblewrap'}).`);
      lines.push(controller.config.autoAllowBashIfSandboxed
        ? 'Bash commands run inside it without a prompt, unless a deny or ask rule matches.'
        : 'Bash commands run inside it and still ask (autoAllowBashIfSandboxed is false).');
      break;
    case 'off':
      lines.push(`Sandbox: off (${s.reason}).`);
      break;
    case 'unavailable':
      lines.push('Sandbox: wanted, but it cannot start.');
      lines.push(controller.config.failIfUnavailable ? 'Bash is refused until it can (sandbox.failIfUnavailable).' : 'Bash commands ask for permission as usual.');
      break;
    default: {
      const never: never = s;
      throw new Error(`unknown state ${JSON.stringify(never)}`);
    }
  }
  const available = s.kind === 'unavailable' ? { ok: false, missing: s.missing, problems: s.problems } : s.kind === 'on' ? { ok: true, missing: [], problems: [] } : await checkAvailability(await getRgPath());
  if (available.missing.length > 0) lines.push(`Missing: ${available.missing.join(', ')}. Install with: ${LINUX_INSTALL_LINE}`);
  for (const p of available.problems) lines.push(`Problem: ${p}`);
  const b = controller.boundary();
  lines.push('Boundary:');
  lines.push(`  writable:         ${b.writable.join(', ')}`);
  const programs = controller.configuredPrograms;
  lines.push(`  read-only inside: ${b.denyWrite.filter((p) => !programs.includes(p)).join(', ')}`);
  if (programs.length > 0) lines.push(`  read-only (run by your hooks, MCP servers, plugins): ${programs.join(', ')}`);
  lines.push(`  read-only in each writable folder and two levels below it: repositories' hooks and config (submodules' too, and the folder core.hooksPath names), .git files, ${[...GUARDED_FILES, ...GUARDED_FOLDERS].join(', ')}`);
  lines.push(`  unreadable:       ${b.denyRead.join(', ')}`);
  lines.push(`  network:          ${b.network.allowedDomains.length > 0 ? `only ${b.network.allowedDomains.join(', ')}` : 'no domain allowed'}${b.network.deniedDomains.length > 0 ? `; denied ${b.network.deniedDomains.join(', ')}` : ''}; local binding ${b.network.allowLocalBinding ? 'allowed' : 'not allowed'}`);
  if (controller.config.excludedCommands.length > 0) lines.push(`  outside (with a prompt): ${controller.config.excludedCommands.join(', ')}`);
  const links = controller.protectedLinks();
  if (s.kind === 'on' && links.length > 0) lines.push(`Bash still asks before each command: ${links.join(', ')} ${links.length > 1 ? 'are symbolic links' : 'is a symbolic link'} (a sandboxed command could point it elsewhere)`);
  if (s.kind !== 'on') lines.push('Turn it on for this project: /sandbox on (saved to .tandem/settings.local.json)');
  return lines.join('\n');
}
