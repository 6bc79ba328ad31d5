// Checkpoints as refs in the shadow repository. Each checkpoint is a commit of the 'after' tree whose parent is a
// commit of the 'before' tree; its message is one line of JSON holding everything `list` shows, so listing every
// checkpoint is a single `git for-each-ref`.
import type { CheckpointInfo, FileChange } from './types';
import type { ShadowGit } from './shadow-git';

const CHECKPOINT_REFS = 'refs/tandem/';
const PENDING_REFS = 'refs/tandem-pending/';

export interface CheckpointRecord extends CheckpointInfo {
  beforeTree: string;
  afterTree: string;
  ref: string;
}

interface StoredMessage {
  v: 1;
  kind: CheckpointInfo['kind'];
  sessionId: string;
  turn: number;
  time: string;
  prompt: string;
  beforeTree: string;
  afterTree: string;
  files: FileChange[];
  tooLarge?: string[];
}

/** Session ids come from outside; refs allow only a safe subset of characters. */
export function refSafe(sessionId: string): string {
  return sessionId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100) || '_';
}

export function pendingRef(sessionId: string): string {
  return `${PENDING_REFS}${refSafe(sessionId)}`;
}

/** Commits a 'before' tree; with a pending ref, points it there so the tree survives gc (and a crash) until the
 *  checkpoint is recorded. */
export async function commitBefore(git: ShadowGit, tree: string, time: string, pending: string | null): Promise<string> {
  const commit = (await git.text(['commit-tree', tree], { input: `tandem before ${time}\n` })).trim();
  // HEAD follows the latest snapshot so `status` (see snapshot.ts) finds index and HEAD alike and stays quiet.
  await git.run(['update-ref', '--stdin'], { input: `update HEAD ${commit}\n` + (pending ? `update ${pending} ${commit}\n` : '') });
  return commit;
}

export async function commitCheckpoint(
  git: ShadowGit,
  parent: string,
  info: Omit<StoredMessage, 'v'>,
  pending: string | null,
): Promise<CheckpointRecord> {
  const message: StoredMessage = { v: 1, ...info };
  const commit = (await git.text(['commit-tree', info.afterTree, '-p', parent], { input: JSON.stringify(message) + '\n' })).trim();
  const id = commit.slice(0, 12);
  const ref = `${CHECKPOINT_REFS}${refSafe(info.sessionId)}/${id}`;
  // One transaction: the checkpoint appears and the pending marker goes together.
  await git.run(['update-ref', '--stdin'], {
    input: `create ${ref} ${commit}\nupdate HEAD ${commit}\n` + (pending ? `delete ${pending}\n` : ''),
  });
  return { ...message, id, ref };
}

export async function dropPending(git: ShadowGit, pending: string): Promise<void> {
  await git.run(['update-ref', '-d', pending]);
}

function parseMessage(line: string): StoredMessage | null {
  try {
    const parsed = JSON.parse(line) as Partial<StoredMessage>;
    if (parsed.v !== 1 || typeof parsed.afterTree !== 'string' || typeof parsed.beforeTree !== 'string') return null;
    return parsed as StoredMessage;
  } catch {
    return null;
  }
}

/** Every checkpoint of the project, oldest first. */
export async function readCheckpoints(git: ShadowGit): Promise<CheckpointRecord[]> {
  const out = await git.text(['for-each-ref', '--format=%(refname)%00%(contents:subject)', CHECKPOINT_REFS]);
  const records: CheckpointRecord[] = [];
  for (const line of out.split('\n')) {
    const [ref, subject] = line.split('\0');
    if (!ref || !subject) continue;
    const message = parseMessage(subject);
    if (!message) continue;
    const id = ref.slice(ref.lastIndexOf('/') + 1);
    const { v: _v, ...rest } = message;
    records.push({ ...rest, id, ref });
  }
  return records.sort((a, b) => a.time.localeCompare(b.time) || a.turn - b.turn);
}

export async function deleteRefs(git: ShadowGit, refs: string[]): Promise<void> {
  if (refs.length === 0) return;
  await git.run(['update-ref', '--stdin'], { input: refs.map((r) => `delete ${r}\n`).join('') });
}

/** Pending markers left by a crashed session, older than the cutoff. */
export async function stalePendingRefs(git: ShadowGit, cutoff: Date): Promise<string[]> {
  const out = await git.text(['for-each-ref', '--format=%(refname) %(committerdate:unix)', PENDING_REFS]);
  return out
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([ref, unix]) => ref && Number(unix) * 1000 < cutoff.getTime())
    .map(([ref]) => ref!);
}
