// `/sandbox on|off` for this project: sets sandbox.enabled in .tandem/settings.local.json, keeping everything else in
// the file. A file that is not valid JSON is refused, never overwritten.
import fs from 'node:fs';
import path from 'node:path';
import { parseJsonWithPosition } from '../settings/json-position';
import { localSettingsPath } from '../settings/save';

export function saveSandboxEnabled(projectRoot: string, enabled: boolean): string {
  const file = localSettingsPath(projectRoot);
  let data: Record<string, unknown> = {};
  let text: string | null = null;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== null && text.trim() !== '') {
    const parsed = parseJsonWithPosition(text);
    if (!parsed.ok) throw new Error(`${file}:${parsed.problem.line}:${parsed.problem.column} is not valid JSON (${parsed.problem.message}); fix it first`);
    if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) throw new Error(`${file} does not hold a JSON object; fix it first`);
    data = parsed.value as Record<string, unknown>;
  }
  const block = typeof data.sandbox === 'object' && data.sandbox !== null && !Array.isArray(data.sandbox) ? (data.sandbox as Record<string, unknown>) : {};
  data.sandbox = { ...block, enabled };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Beside and renamed, so a crash never leaves half a settings file.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}
