// Persists a "don't ask again" rule in the project's personal settings file, keeping everything else in it.
import fs from 'node:fs';
import path from 'node:path';
import { readRegularTextSync } from '../tools/regular-file';
import { parseJsonWithPosition } from './json-position';

export function localSettingsPath(projectRoot: string): string {
  return path.join(projectRoot, '.tandem', 'settings.local.json');
}

/**
 * Appends `rule` to permissions.<behavior> of .tandem/settings.local.json (created if missing).
 * Refuses (throws) rather than overwrite a file that is not valid JSON. Returns the file path.
 */
export function saveLocalRule(projectRoot: string, rule: string, behavior: 'allow' | 'ask' | 'deny'): string {
  const file = localSettingsPath(projectRoot);
  let data: Record<string, unknown> = {};
  let text: string | null = null;
  try {
    text = readRegularTextSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== null && text.trim() !== '') {
    const parsed = parseJsonWithPosition(text);
    if (!parsed.ok) {
      throw new Error(`${file}:${parsed.problem.line}:${parsed.problem.column} is not valid JSON (${parsed.problem.message}); fix it before saving rules to it`);
    }
    if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
      throw new Error(`${file} does not hold a JSON object; fix it before saving rules to it`);
    }
    data = parsed.value as Record<string, unknown>;
  }
  const permissions = (typeof data.permissions === 'object' && data.permissions !== null && !Array.isArray(data.permissions)
    ? data.permissions
    : {}) as Record<string, unknown>;
  const list = Array.isArray(permissions[behavior]) ? (permissions[behavior] as unknown[]) : [];
  if (!list.includes(rule)) list.push(rule);
  permissions[behavior] = list;
  data.permissions = permissions;
  return writeSettingsFile(file, data);
}

/** Writes a settings file beside itself and renames it into place, so a crash never leaves half a file. */
export function writeSettingsFile(file: string, data: unknown): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}
