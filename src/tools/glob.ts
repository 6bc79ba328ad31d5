// Glob: file names matching a pattern, newest first, through `rg --files` so .gitignore and friends are honoured
// exactly as Grep honours them.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatCount, NOT_BY_TIME_NOTE, sortNewestFirst } from './file-order';
import { displayPath, isOutsideProject, resolveToolPath } from './paths';
import { rgErrorMessage, runRg } from './ripgrep';
import { defineTool, ToolError, type ToolContext } from './types';

export const GLOB_MAX_RESULTS = 100;

const inputSchema = z
  .object({
    pattern: z
      .string()
      .min(1)
      .describe('Glob to match file paths against, e.g. "**/*.ts" or "src/**/test_*.py".'),
    path: z
      .string()
      .optional()
      .describe('Folder to search in (absolute or relative to the working directory). Defaults to the working directory.'),
  })
  .strict();

const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * Where to search and with what pattern. An absolute pattern without `path` ("/repo/src/**\/*.ts") is split at
 * its last literal folder, because rg matches globs against paths relative to the folder it searches.
 */
export function splitGlob(pattern: string, pathArg: string | undefined, ctx: Pick<ToolContext, 'cwd'>) {
  if (pathArg === undefined && path.isAbsolute(pattern)) {
    const parts = pattern.split('/');
    let i = 0;
    while (i < parts.length - 1 && !GLOB_CHARS.test(parts[i] as string)) i++;
    const base = parts.slice(0, i).join('/') || '/';
    return { dir: base, pattern: parts.slice(i).join('/') };
  }
  return { dir: resolveToolPath(pathArg ?? '.', ctx), pattern };
}

export const globTool = defineTool({
  name: 'Glob',
  description: [
    'Find files by name with a glob pattern ("**/*.tsx", "src/**/*.test.ts", "*.{json,yaml}").',
    `Returns absolute paths, most recently modified first, at most ${GLOB_MAX_RESULTS}.`,
    'Files ignored by .gitignore and hidden files are skipped. Use Grep to search file contents instead.',
  ].join(' '),
  inputSchema,
  kind: 'read',
  isReadOnly: () => true,
  async preview(input, ctx) {
    const { dir } = splitGlob(input.pattern, input.path, ctx);
    return {
      kind: 'info',
      title: `Find files matching ${input.pattern} in ${displayPath(dir, ctx)}`,
      paths: [dir],
      outsideProject: isOutsideProject(dir, ctx),
    };
  },
  async run(input, ctx) {
    const { dir, pattern } = splitGlob(input.pattern, input.path, ctx);
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if (!stat) throw new ToolError(`Path does not exist: ${dir}. Check the path, or omit it to search the working directory.`);
    if (!stat.isDirectory()) throw new ToolError(`Not a folder: ${dir}. Glob searches inside a folder; pass its parent.`);

    const res = await runRg(['--files', `--glob=${pattern}`], { cwd: dir, signal: ctx.signal });
    if (res.code === 2 && !res.stdout) throw new ToolError(`Glob failed: ${rgErrorMessage(res.stderr)}`);
    const files = res.stdout
      .split('\n')
      .filter(Boolean)
      .map((rel) => path.join(dir, rel));
    if (files.length === 0) {
      return { forModel: 'No files found', summary: 'No files found', details: { count: 0 } };
    }
    const { paths: sorted, byTime } = sortNewestFirst(files);
    const shown = sorted.slice(0, GLOB_MAX_RESULTS);
    let text = shown.join('\n');
    if (!byTime) text += `\n${NOT_BY_TIME_NOTE}`;
    if (sorted.length > shown.length) {
      text += `\n(showing ${shown.length} of ${formatCount(sorted.length)}${res.truncated ? '+' : ''}; narrow the pattern or the path)`;
    }
    const n = formatCount(sorted.length);
    return {
      forModel: text,
      summary: `Found ${n} file${sorted.length === 1 ? '' : 's'}`,
      details: { count: sorted.length, truncated: sorted.length > shown.length },
    };
  },
});
