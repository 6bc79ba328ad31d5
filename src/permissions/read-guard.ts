// Read deny and ask rules, handed to the tools that read many files in one call (Grep searches a whole tree, after
// the policy has judged only its root). The rule logic stays here; the tools ask two questions:
//  - which rule keeps this file from being read (its content must not reach the model), and
//  - which rg globs leave those files out of a search before rg opens them.
// Ask rules count as blocking too (nobody was asked about each file of a search), except those that also cover the
// searched root: the user was asked about that root and said yes.
import path from 'node:path';
import { pathMatches, type PathPattern } from './path-rule';
import { caseInsensitiveAt, isInside, realPathOf, resolvePath } from './resolve-path';

export interface ReadRule {
  /** The rule as written, for messages. */
  rule: string;
  behavior: 'deny' | 'ask';
  pattern: PathPattern;
}

export interface ReadGuard {
  /**
   * The deny or ask rule that keeps absPath from being read, or undefined. With `searchRoot`, ask rules that also
   * cover the root are not counted (the user approved the search of that root).
   */
  blockingRule(absPath: string, searchRoot?: string): string | undefined;
  /** The deny or ask rule (with its behavior) that keeps absPath from being read: for readers that cannot ask (memory imports). */
  blockingReadRule(absPath: string): ReadRule | undefined;
  /** blockingRule for many files of one search of `root`, with the rules worked out once (no rules: no lookups). */
  searchFilter(root: string): (absPath: string) => string | undefined;
  /** `--glob=!…` / `--iglob=!…` arguments for rg searching `root` with its working directory at `rgCwd`. */
  rgExcludeArgs(root: string, rgCwd: string): string[];
}

const GLOB_SPECIALS = /[*?[\]{}\\!]/g;

function escapeGlob(literal: string): string {
  return literal.replace(GLOB_SPECIALS, (c) => `\\${c}`);
}

/**
 * rg matches a glob against the path relative to its working directory (or the whole path when the search is not
 * below it), so a rule becomes an rg glob only where that can be said exactly: the searched root lies inside the
 * rule's base (a name at any depth, a `**` rule), or the base lies below rg's working directory like the root does.
 * Anything else is left to blockingRule on rg's output, which is always applied.
 */
function rgGlobsFor(pattern: PathPattern, root: string, rgCwd: string): string[] {
  // Literal leading folders of the glob join the base (`//abs/dir/file` has base `/abs/dir`, glob `file`).
  const segments = pattern.glob.split('/');
  let literal = 0;
  while (literal < segments.length - 1 && !/[*?[\]{}!()+@]/.test(segments[literal]!)) literal++;
  const rest = segments.slice(literal).join('/');
  const glob = pattern.anyDepth ? `**/${rest}` : rest;
  const globs = new Set<string>();
  for (const b of new Set([path.resolve(pattern.base), realPathOf(pattern.base)])) {
    const base = path.join(b, ...segments.slice(0, literal));
    if (isInside(root, base) && (pattern.anyDepth || glob === '**' || glob.startsWith('**/'))) {
      globs.add(pattern.anyDepth ? rest : glob);
    } else if (isInside(base, rgCwd) && isInside(root, rgCwd)) {
      const rel = path.relative(rgCwd, base).split(path.sep).map(escapeGlob).join('/');
      globs.add(rel === '' ? `/${glob}` : `/${rel}/${glob}`);
    }
  }
  return [...globs];
}

export function createReadGuard(rules: () => ReadRule[], homeDir: string): ReadGuard {
  const applicable = (searchRoot?: string): ReadRule[] => {
    const all = rules();
    if (searchRoot === undefined) return all;
    const root = resolvePath(searchRoot, '/', homeDir);
    return all.filter((r) => r.behavior === 'deny' || !pathMatches(r.pattern, root, 'any'));
  };
  return {
    blockingRule(absPath, searchRoot) {
      const p = resolvePath(absPath, '/', homeDir);
      return applicable(searchRoot).find((r) => pathMatches(r.pattern, p, 'any'))?.rule;
    },
    blockingReadRule(absPath) {
      const p = resolvePath(absPath, '/', homeDir);
      // Deny rules first: the message should name the stronger rule when both match.
      const rs = applicable();
      return rs.find((r) => r.behavior === 'deny' && pathMatches(r.pattern, p, 'any')) ?? rs.find((r) => pathMatches(r.pattern, p, 'any'));
    },
    searchFilter(root) {
      const rs = applicable(root);
      if (rs.length === 0) return () => undefined;
      return (absPath) => {
        const p = resolvePath(absPath, '/', homeDir);
        return rs.find((r) => pathMatches(r.pattern, p, 'any'))?.rule;
      };
    },
    rgExcludeArgs(root, rgCwd) {
      const flag = caseInsensitiveAt(path.join(rgCwd, 'x')) || caseInsensitiveAt(path.join(root, 'x')) ? '--iglob' : '--glob';
      const args = new Set<string>();
      for (const r of applicable(root)) {
        for (const g of rgGlobsFor(r.pattern, root, rgCwd)) args.add(`${flag}=!${g}`);
      }
      return [...args];
    },
  };
}
