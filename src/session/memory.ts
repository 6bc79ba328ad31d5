// Memory files: standing instructions read into the system prompt. Order matters (later, more specific files
// come last): $TANDEM_HOME/AGENTS.md, ~/.claude/CLAUDE.md, then from the repository root down to the working directory, in each
// folder AGENTS.md, CLAUDE.md, CLAUDE.local.md. A file may pull in others with `@path` (up to 4 levels deep).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { regularText } from '../tools/regular-file';
import { MemoryReadGuard, type MemoryReadLimits } from './memory-read-guard';

export type { MemoryReadLimits } from './memory-read-guard';

export type MemoryScope = 'user' | 'project' | 'local';

export interface MemoryFile {
  path: string;
  scope: MemoryScope;
  chars: number;
  /** The file whose `@path` brought this one in. */
  importedFrom?: string;
}

export interface LoadedMemory {
  files: MemoryFile[];
  /** For the system prompt: each file under a header naming its path. '' when there are none. */
  text: string;
  warnings: string[];
}

export const MAX_IMPORT_DEPTH = 4;
const PER_FILE_NAMES: ReadonlyArray<[string, MemoryScope]> = [
  ['AGENTS.md', 'project'],
  ['CLAUDE.md', 'project'],
  ['CLAUDE.local.md', 'local'],
];
/** Larger files are still loaded, with a warning: they cost their size on every request. */
const LARGE_FILE_CHARS = 40_000;

/**
 * `limits`: the permission policy's Read rules and the sandbox's denyRead setting (memory-read-guard.ts). Without
 * them the secret folders and $TANDEM_HOME are still never read.
 */
export async function loadMemory(opts: { cwd: string; projectRoot: string; tandemHome: string; homeDir?: string; limits?: MemoryReadLimits }): Promise<LoadedMemory> {
  const homeDir = opts.homeDir ?? os.homedir();
  const guard = new MemoryReadGuard({ homeDir, tandemHome: opts.tandemHome, projectRoot: opts.projectRoot, ...(opts.limits ? { limits: opts.limits } : {}) });
  // Claude Code's user memory (~/.claude/CLAUDE.md) too, so a user's standing instructions follow them here.
  const roots: Array<[string, MemoryScope]> = [[path.join(opts.tandemHome, 'AGENTS.md'), 'user'], [path.join(homeDir, '.claude', 'CLAUDE.md'), 'user']];
  for (const dir of foldersFromRootToCwd(opts.projectRoot, opts.cwd)) {
    for (const [name, scope] of PER_FILE_NAMES) roots.push([path.join(dir, name), scope]);
  }
  const loaded: Array<MemoryFile & { content: string }> = [];
  const warnings: string[] = [];
  const seen = new Set<string>();

  const refused = (resolved: string, why: string, importedFrom?: string, ref?: string): void => {
    // Names the file and the import, never anything of the refused file's content.
    warnings.push(importedFrom ? `${importedFrom}: import @${ref} (${resolved}) not read: ${why}.` : `memory file ${resolved} not read: ${why}.`);
  };

  const visit = async (file: string, scope: MemoryScope, depth: number, chain: string[], importedFrom?: string, quietIfMissing = false, ref?: string): Promise<void> => {
    const resolved = path.resolve(file);
    if (chain.includes(resolved)) {
      warnings.push(`${importedFrom}: import of ${resolved} makes a cycle; not followed.`);
      return;
    }
    if (seen.has(resolved)) return; // already included once (two files import the same one)
    let content: string;
    try {
      // Judged before the open (symlinks and `..` resolved) and again on the opened file; never a plain readFile:
      // an `@path` naming a FIFO would hang the start of every session.
      const read = await guard.read(resolved);
      if (read.kind === 'refused') {
        // A missing root file is no news; a link named CLAUDE.md pointing at a key is.
        if (importedFrom || fs.existsSync(resolved) || isLink(resolved)) refused(resolved, read.why, importedFrom, ref);
        return;
      }
      content = regularText(read, resolved);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (importedFrom && !(quietIfMissing && code === 'ENOENT')) {
        warnings.push(code === 'ENOENT' ? `${importedFrom}: imported file ${resolved} does not exist.` : `${importedFrom}: cannot read import ${resolved} (${code === 'ENOTREGULAR' || code === 'EISDIR' ? (error as Error).message : (code ?? String(error))}).`);
      } else if (code !== 'ENOENT' && code !== 'EISDIR') {
        warnings.push(`cannot read memory file ${resolved} (${code === 'ENOTREGULAR' ? (error as Error).message : (code ?? String(error))}).`);
      }
      return;
    }
    seen.add(resolved);
    if (content.length > LARGE_FILE_CHARS) warnings.push(`${resolved} is large (${content.length} characters); it is sent with every request.`);
    loaded.push({ path: resolved, scope, chars: content.length, content, ...(importedFrom ? { importedFrom } : {}) });
    for (const ref of findImports(content)) {
      const target = resolveImport(ref, resolved, homeDir);
      if (depth + 1 > MAX_IMPORT_DEPTH) {
        warnings.push(`${resolved}: import @${ref} not followed: imports go at most ${MAX_IMPORT_DEPTH} levels deep.`);
        continue;
      }
      // `@scope/package` in prose is not a missing file; `@./notes.md` or `@docs/style.md` that is missing is.
      const looksLikeFile = /^(?:~\/|\.{1,2}\/|\/)/.test(ref) || /\.[A-Za-z0-9]+$/.test(ref);
      await visit(target, scope, depth + 1, [...chain, resolved], resolved, !looksLikeFile, ref);
    }
  };

  for (const [file, scope] of roots) await visit(file, scope, 0, []);

  const text = loaded.map((f) => `# Memory file: ${f.path} (${f.scope}${f.importedFrom ? `, imported by ${f.importedFrom}` : ''})\n\n${f.content.trim()}`).join('\n\n');
  return { files: loaded.map(({ content: _c, ...file }) => file), text, warnings };
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** projectRoot, its subfolders on the way, cwd. Just cwd when cwd is outside the project. */
function foldersFromRootToCwd(projectRoot: string, cwd: string): string[] {
  const root = path.resolve(projectRoot);
  const here = path.resolve(cwd);
  const rel = path.relative(root, here);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return [here];
  const dirs = [root];
  let current = root;
  for (const part of rel.split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    dirs.push(current);
  }
  return dirs;
}

/**
 * `@path` references outside code: at the start of a line or after whitespace (so e-mail addresses are not
 * imports). A bare `@word` without a slash or a dot is a mention, not a file.
 */
export function findImports(content: string): string[] {
  const refs: string[] = [];
  let fence: string | null = null;
  for (const line of content.split('\n')) {
    const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === null) fence = marker[0]!.repeat(marker.length);
      else if (marker.startsWith(fence)) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const withoutInlineCode = line.replace(/`[^`]*`/g, ' ');
    for (const m of withoutInlineCode.matchAll(/(?:^|\s)@((?:~\/|\.{1,2}\/|\/)?[A-Za-z0-9_.~\-/]+)/g)) {
      const ref = m[1]!.replace(/[.,;:)]+$/, '');
      if (ref.includes('/') || /\.[A-Za-z0-9]+$/.test(ref)) refs.push(ref);
    }
  }
  return refs;
}

function resolveImport(ref: string, fromFile: string, homeDir: string): string {
  if (ref === '~' || ref.startsWith('~/')) return path.join(homeDir, ref.slice(1));
  return path.resolve(path.dirname(fromFile), ref);
}

export { draftAgentsMd } from './init-draft';
