// Managed settings: files an administrator installs for every user of the machine. They are read first and win
// over every other file (their rules cannot be removed; their single values override).
import path from 'node:path';

/** Claude Code's managed file, then tandem's own. */
export const DEFAULT_MANAGED_SETTINGS = ['/etc/claude-code/managed-settings.json', '/etc/tandem/managed-settings.json'] as const;

/**
 * The system paths are always read: a policy an administrator installed cannot be switched off by the user's own
 * environment. TANDEM_MANAGED_SETTINGS only ADDS files after them (separated by the platform's path delimiter,
 * `:` on Linux), for tests and for machines that keep further policy elsewhere.
 */
export function managedSettingsPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.TANDEM_MANAGED_SETTINGS ?? '').split(path.delimiter).map((p) => p.trim()).filter(Boolean).map((p) => path.resolve(p));
  const out: string[] = [...DEFAULT_MANAGED_SETTINGS];
  for (const p of extra) if (!out.includes(p)) out.push(p);
  return out;
}
