// Compares two snapshot trees file by file: status, line counts and mode changes.
import type { FileChange } from './types';
import type { ShadowGit } from './shadow-git';

/** One raw difference between two trees, with the modes and blob hashes restore needs. */
export interface TreeDelta extends FileChange {
  fromMode: string;
  toMode: string;
}

const GITLINK = '160000';
const ABSENT = '000000';

export async function diffTrees(git: ShadowGit, fromTree: string, toTree: string): Promise<TreeDelta[]> {
  if (fromTree === toTree) return [];
  const fields = await git.fields(['diff-tree', '-r', '-z', '--raw', '--numstat', '--no-renames', fromTree, toTree]);
  const byPath = new Map<string, TreeDelta>();
  const order: TreeDelta[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.startsWith(':')) {
      // ":<from mode> <to mode> <from hash> <to hash> <letter>" then the path as its own field.
      const [fromMode = ABSENT, toMode = ABSENT, , , letter = 'M'] = field.slice(1).split(' ');
      const filePath = fields[++i] ?? '';
      if (fromMode === GITLINK || toMode === GITLINK) continue;
      const status = letter === 'A' ? 'added' : letter === 'D' ? 'deleted' : 'modified';
      const delta: TreeDelta = { path: filePath, status, added: 0, removed: 0, fromMode, toMode };
      if (status === 'modified' && fromMode !== toMode) delta.modeChange = { from: fromMode, to: toMode };
      byPath.set(filePath, delta);
      order.push(delta);
    } else {
      // "<added>\t<removed>\t<path>"; binary files show "-".
      const [added = '0', removed = '0', ...rest] = field.split('\t');
      const delta = byPath.get(rest.join('\t'));
      if (delta) {
        delta.added = Number.parseInt(added, 10) || 0;
        delta.removed = Number.parseInt(removed, 10) || 0;
      }
    }
  }
  return order;
}

/** The public view of a delta (no restore internals). */
export function toFileChange(delta: TreeDelta): FileChange {
  const change: FileChange = { path: delta.path, status: delta.status, added: delta.added, removed: delta.removed };
  if (delta.modeChange) change.modeChange = delta.modeChange;
  return change;
}
