// Grep: ripgrep over the project, with its regex syntax, its speed and its respect for .gitignore. Three shapes of
// answer: which files match (default, newest first), the matching lines, or a count per file.
import fs from 'node:fs';
import { z } from 'zod';
import { formatCount, NOT_BY_TIME_NOTE, sortNewestFirst } from './file-order';
import { displayPath, isOutsideProject, resolveToolPath } from './paths';
import { rgErrorMessage, runRg } from './ripgrep';
import { defineTool, ToolError, type ToolContext } from './types';

/** Entries (files, lines or counts) returned when head_limit does not ask for fewer. */
export const GREP_MAX_ENTRIES = 1000;
/** Long lines (minified code) are cut to a preview of this many characters. */
const MAX_COLUMNS = 500;

const inputSchema = z
  .object({
    pattern: z.string().min(1).describe('Regular expression in ripgrep (Rust regex) syntax, e.g. "fn\\s+main" or "TODO\\(".'),
    path: z
      .string()
      .optional()
      .describe('File or folder to search (absolute or relative to the working directory). Defaults to the working directory.'),
    glob: z.string().optional().describe('Only search files whose path matches this glob, e.g. "*.ts" or "src/**/*.{js,jsx}".'),
    type: z.string().optional().describe('Only search files of this ripgrep type, e.g. "ts", "py", "rust", "go".'),
    output_mode: z
      .enum(['files_with_matches', 'content', 'count'])
      .optional()
      .describe('"files_with_matches" (default): matching file paths, newest first. "content": matching lines. "count": matches per file.'),
    '-i': z.boolean().optional().describe('Ignore case.'),
    '-n': z.boolean().optional().describe('Show line numbers in content mode (default true).'),
    '-A': z.number().int().min(0).optional().describe('Lines of context after each match (content mode).'),
    '-B': z.number().int().min(0).optional().describe('Lines of context before each match (content mode).'),
    '-C': z.number().int().min(0).optional().describe('Lines of context before and after each match (content mode).'),
    multiline: z
      .boolean()
      .optional()
      .describe('Let the pattern span lines; "." then also matches a newline. Slower; use only when needed.'),
    head_limit: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Return only the first N entries (files, lines or counts, depending on output_mode).'),
  })
  .strict();

type GrepInput = z.infer<typeof inputSchema>;

/**
 * The rg arguments for a call; exported for the bench, which compares against rg run by hand. `exclude` holds the
 * globs that keep files under Read deny/ask rules out of the search (see ReadGuard).
 */
export function grepArgs(input: GrepInput, target: string, exclude: string[] = []): string[] {
  const mode = input.output_mode ?? 'files_with_matches';
  const args: string[] = [`--max-columns=${MAX_COLUMNS}`, '--max-columns-preview'];
  if (mode === 'files_with_matches') args.push('--files-with-matches');
  else if (mode === 'count') args.push('--count', '--with-filename');
  else {
    args.push('--with-filename', '--no-heading');
    if (input['-n'] !== false) args.push('--line-number');
    if (input['-C'] !== undefined) args.push(`--context=${input['-C']}`);
    if (input['-A'] !== undefined) args.push(`--after-context=${input['-A']}`);
    if (input['-B'] !== undefined) args.push(`--before-context=${input['-B']}`);
  }
  if (input['-i']) args.push('--ignore-case');
  if (input.multiline) args.push('--multiline', '--multiline-dotall');
  if (input.glob) args.push(`--glob=${input.glob}`);
  if (input.type) args.push(`--type=${input.type}`);
  // After the model's glob: when globs disagree, rg follows the last one, so a rule's exclusion wins.
  args.push(...exclude);
  // Paths end with NUL in content and count modes, so every line can be traced to its file unambiguously.
  if (mode !== 'files_with_matches') args.push('--null');
  // -e keeps a pattern that starts with "-" from being read as a flag; "--" does the same for the path.
  args.push('--regexp', input.pattern, '--', target);
  return args;
}

export const grepTool = defineTool({
  name: 'Grep',
  description: [
    'Search file contents with a regular expression (ripgrep). Fast on large trees; skips files ignored by',
    '.gitignore and hidden files. Narrow with `glob` ("*.ts") or `type` ("py"). By default returns the paths of',
    'matching files, newest first; output_mode "content" returns the matching lines (with -n, -A/-B/-C),',
    '"count" the number of matching lines per file. Escape regex characters for literal text ("foo\\.bar\\(").',
    'Use this instead of running grep or rg through Bash.',
  ].join(' '),
  inputSchema,
  kind: 'read',
  isReadOnly: () => true,
  async preview(input, ctx) {
    const target = resolveToolPath(input.path ?? '.', ctx);
    return {
      kind: 'info',
      title: `Search for /${input.pattern}/ in ${displayPath(target, ctx)}`,
      paths: [target],
      outsideProject: isOutsideProject(target, ctx),
    };
  },
  async run(input, ctx) {
    const target = resolveToolPath(input.path ?? '.', ctx);
    if (!fs.existsSync(target)) {
      throw new ToolError(`Path does not exist: ${target}. Check the path, or omit it to search the working directory.`);
    }
    // ripgrep would wait forever on a FIFO (or read a device without end): only files and folders are searched.
    const targetStat = fs.statSync(target);
    if (!targetStat.isFile() && !targetStat.isDirectory()) {
      throw new ToolError(`${target} is not a regular file or a folder (a pipe, socket or device); Grep searches files and folders only.`);
    }
    const mode = input.output_mode ?? 'files_with_matches';
    const guard = ctx.readGuard;
    const rootRule = guard?.blockingRule(target, target);
    if (rootRule) {
      throw new ToolError(`${displayPath(target, ctx)} cannot be searched: the rule ${rootRule} keeps it from being read. Search another path.`);
    }
    const exclude = guard ? guard.rgExcludeArgs(target, ctx.cwd) : [];
    const res = await runRg(grepArgs(input, target, exclude), { cwd: ctx.cwd, signal: ctx.signal });
    if (res.code === 2 && !res.stdout.trim()) throw new ToolError(`Grep failed: ${rgErrorMessage(res.stderr)}`);

    let entries = visibleEntries(res.stdout, mode, target, ctx);
    if (entries.length === 0) return { forModel: 'No matches found', summary: 'No matches', details: { count: 0 } };

    let byTime = true;
    if (mode === 'files_with_matches') ({ paths: entries, byTime } = sortNewestFirst(entries));
    const limit = Math.min(input.head_limit ?? GREP_MAX_ENTRIES, GREP_MAX_ENTRIES);
    const shown = entries.slice(0, limit);
    const lines = [...shown];
    const more = entries.length > shown.length || res.truncated;
    const unit = mode === 'files_with_matches' ? 'files' : mode === 'count' ? 'files' : 'lines';
    if (more) {
      const total = `${formatCount(entries.length)}${res.truncated ? '+' : ''}`;
      const hint = input.head_limit && input.head_limit <= GREP_MAX_ENTRIES ? '' : '; narrow the pattern, path or glob';
      lines.push(`(showing ${shown.length} of ${total} ${unit}${hint})`);
    }
    if (!byTime) lines.push(NOT_BY_TIME_NOTE);
    if (res.code === 2) lines.push(`(some files could not be searched: ${rgErrorMessage(res.stderr).split('\n')[0]})`);

    let summary: string;
    if (mode === 'files_with_matches') {
      summary = `Found ${formatCount(entries.length)} file${entries.length === 1 ? '' : 's'}`;
    } else if (mode === 'count') {
      const total = entries.reduce((sum, e) => sum + (Number(e.slice(e.lastIndexOf(':') + 1)) || 0), 0);
      summary = `${formatCount(total)} matching line${total === 1 ? '' : 's'} in ${formatCount(entries.length)} file${entries.length === 1 ? '' : 's'}`;
      lines.push(`Total: ${summary}`);
    } else {
      summary = `Found ${formatCount(entries.length)} line${entries.length === 1 ? '' : 's'}`;
    }
    return { forModel: lines.join('\n'), summary, details: { mode, count: entries.length, truncated: more } };
  },
});

/** One output line of rg: the file it belongs to (undefined for a `--` context separator) and the line to show. */
interface RgLine {
  file?: string;
  text: string;
}

/** rg's output as lines, with `--null` separators turned back into rg's usual `path:line:text` form. */
function rgLines(stdout: string, mode: string): RgLine[] {
  const lines: RgLine[] = [];
  for (const raw of stdout.split('\n')) {
    if (raw === '') continue;
    if (mode === 'files_with_matches') {
      lines.push({ file: raw, text: raw });
      continue;
    }
    const nul = raw.indexOf('\0');
    if (nul < 0) {
      // Only context separators come without a path; anything else cannot be traced to a file, so it is not shown.
      if (raw === '--') lines.push({ text: raw });
      continue;
    }
    const file = raw.slice(0, nul);
    const rest = raw.slice(nul + 1);
    // Context lines are `path-12-text`, matches `path:12:text`: keep rg's own separator after the line number.
    const sep = /^\d+-/.test(rest) ? '-' : ':';
    lines.push({ file, text: `${file}${sep}${rest}` });
  }
  return lines;
}

/**
 * The entries the model may see: lines of files under a Read deny or ask rule are dropped (rg was told to skip
 * them; this catches what a glob could not say, such as symlinked roots or rules outside the search root).
 */
function visibleEntries(stdout: string, mode: string, root: string, ctx: Pick<ToolContext, 'readGuard'>): string[] {
  const blockingRule = ctx.readGuard?.searchFilter(root);
  const blocked = new Map<string, boolean>();
  const isBlocked = (file: string) => {
    if (!blockingRule) return false;
    let b = blocked.get(file);
    if (b === undefined) blocked.set(file, (b = blockingRule(file) !== undefined));
    return b;
  };
  const kept = rgLines(stdout, mode).filter((l) => l.file === undefined || !isBlocked(l.file));
  // Separators left at the edges or doubled by a dropped group are noise.
  const out: string[] = [];
  for (const l of kept) {
    if (l.file === undefined && (out.length === 0 || out[out.length - 1] === '--')) continue;
    out.push(l.text);
  }
  while (out[out.length - 1] === '--') out.pop();
  return out;
}
