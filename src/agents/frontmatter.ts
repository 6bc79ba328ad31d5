// Reads the YAML frontmatter of an agent file: strictly with gray-matter first, and when that fails, line by line
// the way Claude Code does, because many published agent files are not valid YAML (an unquoted description with
// ": " or "<example>" in it) yet load fine there.
import matter from 'gray-matter';

export type FrontmatterOutcome =
  | { kind: 'none' }
  | { kind: 'unterminated' }
  | {
      kind: 'parsed';
      data: Record<string, unknown>;
      body: string;
      /** Top-level key -> 1-based line in the file. */
      keyLines: Map<string, number>;
      /** Set when strict YAML failed and the line-by-line reading was used. */
      yamlError?: { line?: number; reason: string };
    };

interface Split {
  /** The lines between the delimiters; the first is line 2 of the file. */
  lines: string[];
  body: string;
}

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /\r?\n---[ \t]*(?:\r?\n|$)/g;

/** Only the frontmatter is split into lines: bodies can be long and are kept as one string. */
function splitFrontmatter(text: string): Split | 'none' | 'unterminated' {
  const open = OPENING.exec(text);
  if (!open) return text.trimEnd() === '---' ? 'unterminated' : 'none';
  // Search from just before the block so an empty frontmatter (`---` twice in a row) is found too.
  CLOSING.lastIndex = open[0].length - 1;
  const close = CLOSING.exec(text);
  if (!close) return 'unterminated';
  const block = text.slice(open[0].length, Math.max(open[0].length, close.index));
  return { lines: block === '' ? [] : block.split(/\r?\n/), body: text.slice(close.index + close[0].length) };
}

const KEY_LINE = /^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$/;

function keyLinesOf(lines: string[]): Map<string, number> {
  const out = new Map<string, number>();
  lines.forEach((l, i) => {
    const m = KEY_LINE.exec(l);
    if (m && !out.has(m[1]!)) out.set(m[1]!, i + 2);
  });
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * Strips quotes that wrap the whole value, as YAML would read a quoted scalar; `'a' and 'b'` is left alone
 * because its inner quotes show the outer ones do not pair up.
 */
function unquote(s: string): { text: string; quoted: boolean } {
  const t = s.trim();
  const q = t[0];
  if (t.length < 2 || (q !== '"' && q !== "'") || t.at(-1) !== q) return { text: t, quoted: false };
  const inner = t.slice(1, -1);
  if (q === "'") return inner.replaceAll("''", '').includes("'") ? { text: t, quoted: false } : { text: inner.replaceAll("''", "'"), quoted: true };
  return /(^|[^\\])"/.test(inner) ? { text: t, quoted: false } : { text: inner.replace(/\\(["\\])/g, '$1'), quoted: true };
}

/** The few scalar forms agent files use, read the way YAML would read them. */
function scalarValue(raw: string): unknown {
  const { text, quoted } = unquote(raw);
  if (quoted) return text;
  if (text === '' || text === '~' || text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\d+$/.test(text)) return Number(text);
  const flow = /^\[(.*)\]$/.exec(text);
  if (flow) return flow[1]!.trim() === '' ? [] : flow[1]!.split(',').map((p) => unquote(p).text);
  return text;
}

/**
 * Each top-level `key: value` line; the value is the rest of the line. Lines that do not start a key (indented
 * ones, list items, stray text) continue the previous key: `- item` lines make a list, `|` keeps line breaks,
 * anything else is folded with spaces as a YAML plain scalar would be.
 */
function readLineByLine(lines: string[]): Record<string, unknown> {
  const entries: Array<{ key: string; inline: string; more: string[] }> = [];
  for (const line of lines) {
    if (line.trim() === '' || /^#/.test(line)) continue;
    const m = /^\S/.test(line) && !line.startsWith('- ') ? KEY_LINE.exec(line) : null;
    if (m) entries.push({ key: m[1]!, inline: (m[2] ?? '').trim(), more: [] });
    else entries.at(-1)?.more.push(line.trim());
  }
  const data: Record<string, unknown> = {};
  for (const { key, inline, more } of entries) {
    if (inline === '' && more.length > 0 && more.every((l) => l.startsWith('- '))) {
      data[key] = more.map((l) => unquote(l.slice(2)).text);
    } else if ((inline === '|' || inline === '>' || inline === '|-' || inline === '>-') && more.length > 0) {
      data[key] = more.join(inline.startsWith('|') ? '\n' : ' ');
    } else {
      data[key] = more.length === 0 ? scalarValue(inline) : unquote([inline, ...more].join(' ')).text;
    }
  }
  return data;
}

function yamlErrorOf(err: unknown): { line?: number; reason: string } {
  const e = err as { reason?: unknown; mark?: { line?: unknown }; message?: unknown };
  const reason = typeof e.reason === 'string' ? e.reason : String(e.message ?? err).split('\n')[0]!;
  // js-yaml counts from the `---` line (gray-matter hands it the text right after `---`), so mark.line + 1 is
  // the line in the file.
  const line = typeof e.mark?.line === 'number' ? e.mark.line + 1 : undefined;
  return line === undefined ? { reason } : { line, reason };
}

export function readFrontmatter(text: string): FrontmatterOutcome {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const split = splitFrontmatter(src);
  if (split === 'none') return { kind: 'none' };
  if (split === 'unterminated') return { kind: 'unterminated' };
  const keyLines = keyLinesOf(split.lines);
  let yamlError: { line?: number; reason: string };
  try {
    // An options object turns gray-matter's cache off: without it a text whose parse threw stays cached
    // half-done and the next call with the same text returns `data: {}` instead of throwing again.
    const parsed = matter(src, {});
    if (isPlainObject(parsed.data)) return { kind: 'parsed', data: parsed.data, body: split.body, keyLines };
    yamlError = { reason: 'the frontmatter is not a list of `key: value` lines' };
  } catch (err) {
    yamlError = yamlErrorOf(err);
  }
  return { kind: 'parsed', data: readLineByLine(split.lines), body: split.body, keyLines, yamlError };
}
