// Managed settings: files an administrator installs for every user of the machine. They are read first and win
// over every other file (their rules cannot be removed; their single values override).
import path from 'node:path';

/** Claude Code's managed file, then tandem's own. */
export const DEFAULT_MANAGED_SETTINGS = ['/etc/claude-code/managed-settings.json', '/etc/tandem/managed-settings.json'] as const;

/**
 * TANDEM_MANAGED_SETTINGS replaces the default paths with its own list (separated by the platform's path delimiter,
 * `:` on Linux); an empty value means no managed files. Meant for tests and for machines that keep policy elsewhere.
 */
export function managedSettingsPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const override = env.TANDEM_MANAGED_SETTINGS;
  if (override === undefined) return [...DEFAULT_MANAGED_SETTINGS];
  return override.split(path.delimiter).map((p) => p.trim()).filter(Boolean).map((p) => path.resolve(p));
}
