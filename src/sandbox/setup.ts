// Builds a session's sandbox from the merged settings, the command-line flag and the permission rules: Read deny
// rules become deny-read paths, so what the Read tool may not see, a sandboxed command may not read either.
import { parseRule } from '../permissions/rule';
import type { RuleEntry } from '../permissions/policy';
import { SandboxController } from './controller';
import { parseSandboxSettings } from './settings';

export interface SessionSandboxOptions {
  /** The merged `sandbox` block (after folder trust). */
  raw: unknown;
  flag?: boolean;
  projectRoot: string;
  additionalDirectories: string[];
  homeDir: string;
  tandemHome: string;
  rules: RuleEntry[];
  disallowedTools?: string[];
}

export function readDenySpecifiers(rules: RuleEntry[], disallowedTools: string[] = []): string[] {
  const out: string[] = [];
  for (const text of [...rules.filter((r) => r.behavior === 'deny').map((r) => r.rule), ...disallowedTools]) {
    try {
      const parsed = parseRule(text);
      if (parsed.tool === 'Read' && parsed.specifier !== undefined && parsed.specifier.trim() !== '') out.push(parsed.specifier);
    } catch {
      // The policy reports unreadable rules (and asks for every call of their tool).
    }
  }
  return out;
}

export function createSessionSandbox(opts: SessionSandboxOptions): { controller: SandboxController; warnings: string[] } {
  const { settings, warnings } = parseSandboxSettings(opts.raw);
  const controller = new SandboxController(settings, {
    flag: opts.flag,
    projectRoot: opts.projectRoot,
    additionalDirectories: opts.additionalDirectories,
    homeDir: opts.homeDir,
    tandemHome: opts.tandemHome,
    settings,
    readDenySpecifiers: readDenySpecifiers(opts.rules, opts.disallowedTools),
  });
  return { controller, warnings: warnings.map((w) => `settings: ${w}`) };
}
