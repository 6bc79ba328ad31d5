// Frontmatter that never blocks the file: YAML through gray-matter, and when the YAML is broken, a line-by-line
// `key: value` reading with a warning, so the body still works.
import matter from 'gray-matter';

export interface Frontmatter {
  data: Record<string, unknown>;
  body: string;
  warning?: string;
}

const BLOCK = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function parseFrontmatter(text: string): Frontmatter {
  const source = text.replace(/^\uFEFF/, '');
  if (!BLOCK.test(source)) return { data: {}, body: source };
  try {
    // A fresh options object keeps gray-matter from returning a cached result for identical input.
    const parsed = matter(source, {});
    const data = parsed.data && typeof parsed.data === 'object' && !Array.isArray(parsed.data) ? (parsed.data as Record<string, unknown>) : {};
    return { data, body: parsed.content };
  } catch (error) {
    const m = BLOCK.exec(source)!;
    const data: Record<string, unknown> = {};
    for (const line of m[1]!.split(/\r?\n/)) {
      const kv = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
      if (kv) data[kv[1]!] = kv[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
    }
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { data, body: source.slice(m[0].length), warning: `frontmatter is not valid YAML (${reason}); read it line by line instead.` };
  }
}
