// `/sandbox on|off` and "always" for a domain: change the sandbox block of .tandem/settings.local.json, keeping
// everything else in the file. A file that is not valid JSON is refused, never overwritten.
import fs from 'node:fs';
import path from 'node:path';
import { parseJsonWithPosition } from '../settings/json-position';
import { localSettingsPath } from '../settings/save';

export function saveSandboxEnabled(projectRoot: string, enabled: boolean): string {
  return updateSandboxBlock(projectRoot, (block) => ({ ...block, enabled }));
}

/** "Always" for a domain the sandbox's proxy asked about: added to sandbox.network.allowedDomains. */
export function saveAllowedDomain(projectRoot: string, host: string): string {
  return updateSandboxBlock(projectRoot, (block) => {
    const network = typeof block.network === 'object' && block.network !== null && !Array.isArray(block.network) ? (block.network as Record<string, unknown>) : {};
    const list = Array.isArray(network.allowedDomains) ? network.allowedDomains : [];
    return { ...block, network: { ...network, allowedDomains: list.includes(host) ? list : [...list, host] } };
  });
}

function updateSandboxBlock(projectRoot: string, change: (block: Record<string, unknown>) => Record<string, unknown>): string {
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
  data.sandbox = change(block);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Beside and renamed, so a crash never leaves half a settings file.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}
