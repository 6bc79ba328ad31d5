// What a permission query touches: its paths (resolved), its command, its URL. Gathered from the input fields
// the tools use (file_path, notebook_path, path, command, url) and from the preview the tool computed.
import path from 'node:path';
import type { PermissionQuery } from './types';
import { EDIT_FAMILY, READ_FAMILY, canonicalToolName } from './rule';
import { realPathOf, resolvePath, type ResolvedPath } from './resolve-path';

export interface QueryFacts {
  tool: string;
  /** Resolved paths for file tools (edit and read families); empty for others. */
  paths: ResolvedPath[];
  command?: string;
  /** Where a Bash command runs. */
  cwd: string;
  url?: unknown;
  /** MCP tools: the path arguments their preview found (see src/mcp/input-check.ts), and whether they may write. */
  mcpPaths?: ResolvedPath[];
  mcpWrites?: boolean;
}

export function gatherFacts(q: PermissionQuery, homeDir: string): QueryFacts {
  const tool = canonicalToolName(q.toolName);
  const facts: QueryFacts = { tool, paths: [], cwd: q.cwd, url: q.input.url };
  if (q.preview.kind === 'command') {
    facts.command = q.preview.command;
    facts.cwd = q.preview.cwd || q.cwd;
  } else if (typeof q.input.command === 'string') {
    facts.command = q.input.command;
  }
  if (tool.startsWith('mcp__') && q.preview.kind === 'info') {
    facts.mcpPaths = (q.preview.paths ?? []).map((p) => resolvePath(p, q.cwd, homeDir));
    facts.mcpWrites = q.preview.pathAccess !== 'read';
  }
  if (EDIT_FAMILY.has(tool) || READ_FAMILY.has(tool)) {
    const raw: string[] = [];
    for (const key of ['file_path', 'notebook_path', 'path'] as const) {
      const v = q.input[key];
      if (typeof v === 'string' && v !== '') raw.push(v);
    }
    if (q.preview.kind === 'diff') raw.push(q.preview.path);
    if (q.preview.kind === 'info' && q.preview.paths) raw.push(...q.preview.paths);
    // Glob, Grep and LS without a path search the working directory.
    if (raw.length === 0 && (tool === 'Glob' || tool === 'Grep' || tool === 'LS')) raw.push(q.cwd);
    // An absolute glob pattern (`/etc/**/*.conf`) reaches outside whatever `path` says.
    const pattern = q.input.pattern;
    if (tool === 'Glob' && typeof pattern === 'string' && (pattern.startsWith('/') || pattern.startsWith('~'))) {
      raw.push(pattern.replace(/[*?[{].*$/, '') || '/');
    }
    const seen = new Set<string>();
    for (const p of raw) {
      const r = resolvePath(p, q.cwd, homeDir);
      if (!seen.has(r.lexical)) {
        seen.add(r.lexical);
        facts.paths.push(r);
      }
    }
  }
  return facts;
}

/**
 * A path relative to the project root for rules and labels; `//abs` when outside. Built from the real path, because
 * that is what an allow rule is matched against (`link/../x` must not suggest a rule for the `x` beside the link).
 */
export function rulePathFor(p: ResolvedPath, projectRoot: string): string {
  const [where, root] = p.unresolvable === undefined ? [p.real, realPathOf(projectRoot)] : [p.lexical, projectRoot];
  const rel = path.relative(root, where).split(path.sep).join('/');
  if (rel === '') return '/';
  if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return `/${where}`;
  // A bare name would match at any depth (gitignore style), so anchor files at the root with a leading slash.
  return rel.includes('/') ? rel : `/${rel}`;
}
