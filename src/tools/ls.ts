// LS: an indented tree of a folder. Walked breadth-first so that, when the entry cap cuts the listing, the top
// levels are complete and only the deepest parts are missing. .gitignore files on the way are honoured.
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { z } from 'zod';
import { formatCount } from './file-order';
import { readRegularTextSync } from './regular-file';
import { displayPath, isOutsideProject, resolveToolPath } from './paths';
import { defineTool, ToolError } from './types';

export const LS_MAX_ENTRIES = 1000;

const inputSchema = z
  .object({
    path: z.string().min(1).describe('Folder to list (absolute, or relative to the working directory).'),
    ignore: z
      .array(z.string())
      .optional()
      .describe('Glob patterns of names or paths to leave out, e.g. ["*.log", "dist"].'),
  })
  .strict();

/** Folders nobody wants listed even without a .gitignore. */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn']);

interface Rules {
  /** Folder the .gitignore sits in; its patterns are relative to it. */
  base: string;
  ig: Ignore;
}

function readIgnoreFile(dir: string): Rules | undefined {
  let text: string;
  try {
    text = readRegularTextSync(path.join(dir, '.gitignore'));
  } catch {
    return undefined;
  }
  return { base: dir, ig: ignore().add(text) };
}

/** .gitignore files from the listed folder's ancestors up to the repository root (the folder holding .git). */
function ancestorRules(dir: string): Rules[] {
  const found: Rules[] = [];
  let current = path.dirname(dir);
  if (fs.existsSync(path.join(dir, '.git'))) return found;
  while (current !== path.dirname(current)) {
    const r = readIgnoreFile(current);
    if (r) found.unshift(r);
    if (fs.existsSync(path.join(current, '.git'))) return found;
    current = path.dirname(current);
  }
  return []; // not in a repository: outer .gitignore files do not apply
}

function isIgnored(abs: string, isDir: boolean, rules: Rules[]): boolean {
  for (const r of rules) {
    const rel = path.relative(r.base, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (r.ig.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

interface Node {
  name: string;
  dir: boolean;
  children?: Node[];
}

export interface TreeListing {
  root: Node;
  count: number;
  truncated: boolean;
}

/** Breadth-first walk that stops after maxEntries entries. */
export function walkTree(rootDir: string, userIgnore: string[], maxEntries = LS_MAX_ENTRIES): TreeListing {
  const matchers = userIgnore.map((g) => picomatch(g, { dot: true }));
  const userIgnored = (rel: string, name: string) => matchers.some((m) => m(name) || m(rel));
  const root: Node = { name: rootDir, dir: true, children: [] };
  const queue: Array<{ node: Node; abs: string; rules: Rules[] }> = [
    { node: root, abs: rootDir, rules: ancestorRules(rootDir) },
  ];
  let count = 0;
  let truncated = false;
  while (queue.length > 0 && !truncated) {
    const { node, abs, rules: inherited } = queue.shift()!;
    const own = readIgnoreFile(abs);
    const rules = own ? [...inherited, own] : inherited;
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: listed, but empty
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      const childAbs = path.join(abs, d.name);
      let isDir = d.isDirectory();
      if (d.isSymbolicLink()) isDir = false; // never follow links into cycles; show them as entries
      if (isDir && ALWAYS_SKIPPED.has(d.name)) continue;
      const rel = path.relative(rootDir, childAbs).split(path.sep).join('/');
      if (userIgnored(rel, d.name) || isIgnored(childAbs, isDir, rules)) continue;
      if (count >= maxEntries) {
        truncated = true;
        break;
      }
      const child: Node = isDir ? { name: d.name, dir: true, children: [] } : { name: d.name, dir: false };
      node.children!.push(child);
      count++;
      if (isDir) queue.push({ node: child, abs: childAbs, rules });
    }
  }
  return { root, count, truncated };
}

/** Folders first, then files, each level indented two spaces; folders end with "/". */
export function renderTree(root: Node): string {
  const out: string[] = [root.name.endsWith('/') ? root.name : root.name + '/'];
  const visit = (n: Node, depth: number) => {
    const kids = [...(n.children ?? [])].sort((a, b) => Number(b.dir) - Number(a.dir));
    for (const k of kids) {
      out.push(`${'  '.repeat(depth)}${k.name}${k.dir ? '/' : ''}`);
      if (k.dir) visit(k, depth + 1);
    }
  };
  visit(root, 1);
  return out.join('\n');
}

export const lsTool = defineTool({
  name: 'LS',
  description: [
    'List a folder as an indented tree (folders end with "/"). Files ignored by .gitignore and the .git folder are',
    `left out; pass \`ignore\` globs to leave out more. Shows at most ${formatCount(LS_MAX_ENTRIES)} entries,`,
    'top levels first. Prefer Glob or Grep when you know what you are looking for.',
  ].join(' '),
  inputSchema,
  kind: 'read',
  isReadOnly: () => true,
  async preview(input, ctx) {
    const dir = resolveToolPath(input.path, ctx);
    return {
      kind: 'info',
      title: `List ${displayPath(dir, ctx)}`,
      paths: [dir],
      outsideProject: isOutsideProject(dir, ctx),
    };
  },
  async run(input, ctx) {
    const dir = resolveToolPath(input.path, ctx);
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if (!stat) throw new ToolError(`Path does not exist: ${dir}. Check the path (relative paths start at ${ctx.cwd}).`);
    if (!stat.isDirectory()) throw new ToolError(`Not a folder: ${dir}. Use Read to look at a file.`);
    const { root, count, truncated } = walkTree(dir, input.ignore ?? []);
    let text = renderTree(root);
    if (count === 0) text += '\n  (empty)';
    if (truncated) {
      text += `\n(showing the first ${formatCount(count)} entries, top levels first; list a subfolder or pass ignore patterns to see the rest)`;
    }
    return {
      forModel: text,
      summary: `Listed ${formatCount(count)}${truncated ? '+' : ''} entr${count === 1 ? 'y' : 'ies'}`,
      details: { count, truncated },
    };
  },
});
