// `tandem plugin enable | disable | install` record the choice where Claude Code keeps it, `enabledPlugins`, in the
// user's tandem settings ($TANDEM_HOME/settings.json). Everything else in the file is kept; a file that is not a
// JSON object is never overwritten.
import fs from 'node:fs';
import path from 'node:path';
import { parseJsonWithPosition } from '../settings/json-position';
import { writeSettingsFile } from '../settings/save';

export function userSettingsFile(tandemHome: string): string {
  return path.join(tandemHome, 'settings.json');
}

export function setPluginEnabled(tandemHome: string, id: string, enabled: boolean): string {
  const file = userSettingsFile(tandemHome);
  let data: Record<string, unknown> = {};
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (text.trim() !== '') {
    const parsed = parseJsonWithPosition(text.replace(/^\uFEFF/, ''));
    if (!parsed.ok) throw new Error(`${file}:${parsed.problem.line}:${parsed.problem.column} is not valid JSON (${parsed.problem.message}); fix it first (tandem leaves it as it is)`);
    if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) throw new Error(`${file} does not hold a JSON object; fix it first (tandem leaves it as it is)`);
    data = parsed.value as Record<string, unknown>;
  }
  const current = data.enabledPlugins;
  const map = current && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
  map[id] = enabled;
  data.enabledPlugins = map;
  return writeSettingsFile(file, data);
}
