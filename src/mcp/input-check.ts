// A light zod check built from an MCP tool's JSON Schema: the arguments must be an object, required properties
// present, and top-level properties of the declared basic type. Anything deeper is left to the server, which
// validates its own input and answers with an error the model can read.
import { z } from 'zod';

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true; // a type we do not know: let the server judge
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? 'a string' : `string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `number ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

export function inputSchemaFromJsonSchema(jsonSchema: Record<string, unknown>): z.ZodType<Record<string, unknown>> {
  const required = Array.isArray(jsonSchema.required) ? jsonSchema.required.filter((r): r is string => typeof r === 'string') : [];
  const properties = jsonSchema.properties && typeof jsonSchema.properties === 'object' ? (jsonSchema.properties as Record<string, unknown>) : {};
  return z.record(z.string(), z.unknown()).superRefine((input, ctx) => {
    for (const name of required) {
      if (input[name] === undefined) ctx.addIssue({ code: 'custom', path: [], message: `missing required field '${name}'` });
    }
    for (const [name, value] of Object.entries(input)) {
      const prop = properties[name];
      if (value === undefined || !prop || typeof prop !== 'object') continue;
      const declared = (prop as Record<string, unknown>).type;
      const types = typeof declared === 'string' ? [declared] : Array.isArray(declared) ? declared.filter((t): t is string => typeof t === 'string') : [];
      if (types.length === 0 || types.some((t) => matchesType(value, t))) continue;
      ctx.addIssue({ code: 'custom', path: [name], message: `expected ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}, got ${describe(value)}` });
    }
  });
}

// Which arguments of an MCP tool are file paths, so that Read (and Edit) rules can guard them. The rule, decided
// here and documented in the README:
//  - a top-level property whose schema says `format: "path"` (also "file-path", "directory-path"), or
//  - a top-level property whose name is one of PATH_PROPERTY_NAMES (case, `_` and `-` ignored), or
//  - any top-level string, or string in a top-level array, that is a `file:` URL.
// A property counts with a string value or an array of strings. Relative paths start at the working directory.
const PATH_PROPERTY_NAMES = new Set([
  'path', 'paths', 'filepath', 'filepaths', 'filename', 'filenames', 'file', 'files',
  'directory', 'directories', 'dir', 'dirs', 'folder', 'source', 'destination',
]);
const PATH_FORMATS = new Set(['path', 'file-path', 'filepath', 'directory-path']);

function isPathProperty(name: string, prop: unknown): boolean {
  if (PATH_PROPERTY_NAMES.has(name.toLowerCase().replace(/[-_]/g, ''))) return true;
  const format = prop && typeof prop === 'object' ? (prop as Record<string, unknown>).format : undefined;
  if (typeof format === 'string' && PATH_FORMATS.has(format.toLowerCase())) return true;
  const items = prop && typeof prop === 'object' ? (prop as Record<string, unknown>).items : undefined;
  const itemFormat = items && typeof items === 'object' ? (items as Record<string, unknown>).format : undefined;
  return typeof itemFormat === 'string' && PATH_FORMATS.has(itemFormat.toLowerCase());
}

function fileUrlPath(value: string): string | undefined {
  if (!/^file:/i.test(value)) return undefined;
  try {
    return decodeURIComponent(new URL(value).pathname) || '/';
  } catch {
    // Not a URL we can parse: judge what follows the scheme as a path rather than let it through unjudged.
    return value.replace(/^file:(\/\/[^/]*)?/i, '') || '/';
  }
}

/** The file paths an MCP call names (as written, file: URLs turned into paths); never throws. */
export function mcpPathArguments(jsonSchema: Record<string, unknown>, input: Record<string, unknown>): string[] {
  const properties = jsonSchema.properties && typeof jsonSchema.properties === 'object' ? (jsonSchema.properties as Record<string, unknown>) : {};
  const found: string[] = [];
  for (const [name, value] of Object.entries(input ?? {})) {
    const strings = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    const byName = isPathProperty(name, properties[name]);
    for (const s of strings) {
      const fromUrl = fileUrlPath(s);
      if (fromUrl !== undefined) found.push(fromUrl);
      else if (byName && s !== '' && !s.includes('\n')) found.push(s);
    }
  }
  return found;
}
