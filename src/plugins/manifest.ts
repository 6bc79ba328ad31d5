// `.claude-plugin/plugin.json`: the plugin's name and metadata, and optional paths for its parts. Only the fields
// tandem uses are checked; the many others Claude Code knows (author, keywords, userConfig...) are left alone.
import path from 'node:path';
import { readRegularTextSync } from '../tools/regular-file';
import { parseJsonWithPosition } from '../settings/json-position';

export const MANIFEST = path.join('.claude-plugin', 'plugin.json');

/** Letters, digits, `-`, `_`, `.`: the name becomes a folder name, a command prefix and part of MCP tool names. */
export const PLUGIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export type PathSpec = string[];
/** `hooks` and `mcpServers` may be a file path, an inline object, or a list of both. */
export type ConfigSpec = Array<{ file: string } | { inline: Record<string, unknown> }>;

export interface Manifest {
  name: string;
  version?: string;
  description?: string;
  commands: PathSpec;
  agents: PathSpec;
  skills: PathSpec;
  hooks: ConfigSpec;
  mcpServers: ConfigSpec;
  /** Parts Claude Code has and tandem does not load (lspServers, outputStyles...). */
  unsupported: string[];
}

export type ManifestResult = { kind: 'ok'; manifest: Manifest; file?: string } | { kind: 'broken'; file: string; problems: string[] };

const UNSUPPORTED_PARTS = ['lspServers', 'outputStyles', 'monitors', 'themes', 'workflows'];

/** Reads the manifest at `root`; without one, the folder's name stands for the plugin's and the standard layout applies. */
export function readManifest(root: string): ManifestResult {
  const file = path.join(root, MANIFEST);
  let text: string;
  try {
    text = readRegularTextSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const name = path.basename(root);
      if (!PLUGIN_NAME.test(name)) return { kind: 'broken', file, problems: [`${file}: missing, and the folder name "${name}" is not a usable plugin name; add a plugin.json with "name"`] };
      return { kind: 'ok', manifest: { name, commands: [], agents: [], skills: [], hooks: [], mcpServers: [], unsupported: [] } };
    }
    return { kind: 'broken', file, problems: [`${file}: cannot read (${(error as Error).message})`] };
  }
  const parsed = parseJsonWithPosition(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) return { kind: 'broken', file, problems: [`${file}:${parsed.problem.line}:${parsed.problem.column}: invalid JSON: ${parsed.problem.message}`] };
  const json = parsed.value;
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { kind: 'broken', file, problems: [`${file}: must hold a JSON object like {"name": "my-plugin"}`] };
  const data = json as Record<string, unknown>;
  const problems: string[] = [];
  const bad = (field: string, message: string) => problems.push(`${file}: field "${field}": ${message}`);

  const name = data.name;
  if (typeof name !== 'string' || !PLUGIN_NAME.test(name)) {
    bad('name', name === undefined ? 'is required (letters, digits, "-", "_", ".")' : `${JSON.stringify(name)} is not a usable plugin name (letters, digits, "-", "_", ".", at most 64)`);
  }
  const text1 = (field: string): string | undefined => {
    const v = data[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    bad(field, `must be text, found ${Array.isArray(v) ? 'a list' : typeof v}`);
    return undefined;
  };
  const version = text1('version');
  const description = text1('description');
  const paths = (field: string): PathSpec => {
    const v = data[field];
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((p) => typeof p === 'string')) return v as string[];
    bad(field, 'must be a path ("./dir") or a list of paths');
    return [];
  };
  const configs = (field: string): ConfigSpec => {
    const v = data[field];
    if (v === undefined || v === null) return [];
    const items = Array.isArray(v) ? v : [v];
    const out: ConfigSpec = [];
    for (const item of items) {
      if (typeof item === 'string') out.push({ file: item });
      else if (item && typeof item === 'object' && !Array.isArray(item)) out.push({ inline: item as Record<string, unknown> });
      else bad(field, 'must be a path to a JSON file, an object, or a list of those');
    }
    return out;
  };
  const manifest: Manifest = {
    name: typeof name === 'string' ? name : '',
    ...(version !== undefined ? { version } : {}),
    ...(description !== undefined ? { description } : {}),
    commands: paths('commands'),
    agents: paths('agents'),
    skills: paths('skills'),
    hooks: configs('hooks'),
    mcpServers: configs('mcpServers'),
    unsupported: UNSUPPORTED_PARTS.filter((k) => data[k] !== undefined),
  };
  if (problems.length > 0) return { kind: 'broken', file, problems };
  return { kind: 'ok', manifest, file };
}
