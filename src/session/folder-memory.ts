// Memory files of subfolders (CLAUDE.md, AGENTS.md, CLAUDE.local.md below the working directory) are not read at
// start: a monorepo may hold hundreds. The first time the agent reads or edits a file in such a folder, the
// memory files of that folder and of the folders between it and the ones loaded at start are added to that tool
// result, once per session.
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { readRegular } from '../tools/regular-file';
import type { MemoryReadGuard } from './memory-read-guard';

const NAMES = ['AGENTS.md', 'CLAUDE.md', 'CLAUDE.local.md'];
const FILE_TOOLS = new Set(['Read', 'NotebookRead', 'Edit', 'MultiEdit', 'Write', 'NotebookEdit']);
const MAX_CHARS = 40_000;

export class FolderMemory {
  private readonly done = new Set<string>();
  private readonly root: string;

  /** `loadedAtStart`: folders whose memory files the system prompt already holds (project root down to cwd). */
  /**
   * `guard`: the start's memory limits (memory-read-guard.ts): a sandboxed command can plant `sub/CLAUDE.md` as a
   * link to ~/.ssh/id_rsa, and this text goes to the model in a tool result. `onRefused` tells the user (one line).
   */
  constructor(projectRoot: string, loadedAtStart: string[], private readonly guard?: MemoryReadGuard, private readonly onRefused: (message: string) => void = () => undefined) {
    this.root = path.resolve(projectRoot);
    for (const dir of loadedAtStart) this.done.add(path.resolve(dir));
  }

  /** Text to add to a file tool's result, or undefined when there is nothing new. */
  async forToolCall(toolName: string, input: Record<string, unknown>, cwd: string): Promise<string | undefined> {
    if (!FILE_TOOLS.has(toolName)) return undefined;
    const raw = typeof input.file_path === 'string' ? input.file_path : typeof input.notebook_path === 'string' ? input.notebook_path : undefined;
    if (!raw) return undefined;
    return this.forFile(path.resolve(cwd, raw));
  }

  async forFile(absFile: string): Promise<string | undefined> {
    const rel = path.relative(this.root, path.dirname(absFile));
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    // Folders from the outermost not yet seen down to the file's own, so broader instructions come first.
    const chain: string[] = [];
    let dir = path.dirname(absFile);
    while (!this.done.has(dir)) {
      chain.unshift(dir);
      if (dir === this.root) break;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    const parts: string[] = [];
    for (const folder of chain) {
      this.done.add(folder);
      for (const name of NAMES) {
        const file = path.join(folder, name);
        const text = await this.read(file);
        if (text === null || !text.trim()) continue;
        const body = text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}\n[... truncated; Read ${file} for the rest]` : text.trim();
        parts.push(`Memory file ${file} (instructions for files under ${folder}):\n${body}`);
      }
    }
    if (!parts.length) return undefined;
    return `<system-reminder>\n${parts.join('\n\n')}\n</system-reminder>`;
  }

  /** The file's text, or null when it is missing, not a regular file (a FIFO would hang), or refused. */
  private async read(file: string): Promise<string | null> {
    const read = this.guard ? await this.guard.read(file) : await readRegular(file);
    if (read.kind === 'refused') {
      // A folder inside a denied area usually has no memory file: only one that is there is news.
      if (exists(file)) this.onRefused(`memory file ${file} not read: ${read.why}.`);
      return null;
    }
    return read.kind === 'file' ? read.bytes.toString('utf8') : null;
  }
}

function exists(file: string): boolean {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/** The folders whose memory loadMemory read at start: the project root down to the working directory. */
export function foldersLoadedAtStart(projectRoot: string, cwd: string): string[] {
  const root = path.resolve(projectRoot);
  const here = path.resolve(cwd);
  const rel = path.relative(root, here);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return [here];
  const out = [root];
  let current = root;
  for (const part of rel.split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    out.push(current);
  }
  return out;
}
