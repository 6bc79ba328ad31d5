// `tandem checkpoints`: list, restore and prune the checkpoints of the project the command runs in.
import { CheckpointStore, type CheckpointInfo, type FileChange } from '../checkpoints';
import { findLocations } from './project';

export interface CheckpointsIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  confirm: (question: string) => Promise<boolean>;
}

const HELP = `Usage:
  tandem checkpoints [--json]                 list this project's checkpoints (oldest first)
  tandem checkpoints restore ID [--yes]       put files back as they were before that turn (asks first)
  tandem checkpoints prune [--older-than DAYS]  remove checkpoints older than DAYS days (default 30)

Checkpoints are snapshots tandem takes before a turn that may change files. Restoring one first keeps the
current state as a new checkpoint, whose id is printed, so a restore can be undone the same way.
`;

/** Session id the command line's own undo checkpoints are filed under. */
const CLI_SESSION = 'cli';

class UsageError extends Error {}

function counts(file: FileChange): string {
  const mode = file.modeChange ? ` mode ${file.modeChange.from}->${file.modeChange.to}` : '';
  return `+${file.added} -${file.removed}${mode}`;
}

const STATUS_LETTER: Record<FileChange['status'], string> = { added: 'A', modified: 'M', deleted: 'D' };

function formatCheckpoint(cp: CheckpointInfo): string {
  const time = cp.time.replace('T', ' ').slice(0, 19);
  const added = cp.files.reduce((n, f) => n + f.added, 0);
  const removed = cp.files.reduce((n, f) => n + f.removed, 0);
  const label = cp.kind === 'restore' ? '(undo point) ' : '';
  const head = `${cp.id}  ${time}  session ${cp.sessionId.slice(0, 8)}  turn ${cp.turn}  ${cp.files.length} file${cp.files.length === 1 ? '' : 's'} +${added} -${removed}\n  ${label}${cp.prompt || '(no prompt)'}\n`;
  const big = (cp.tooLarge ?? []).map((p) => `    ! ${p}  too large to track (not deleted; never restored)\n`).join('');
  return head + cp.files.map((f) => `    ${STATUS_LETTER[f.status]} ${f.path}  ${counts(f)}\n`).join('') + big;
}

function restoreLine(file: FileChange): string {
  const what = file.status === 'added' ? 'recreate' : file.status === 'deleted' ? 'remove' : 'put back';
  return `  ${what.padEnd(8)} ${file.path}  ${counts(file)}\n`;
}

function takeFlag(args: string[], flag: string): boolean {
  const i = args.indexOf(flag);
  if (i === -1) return false;
  args.splice(i, 1);
  return true;
}

function takeValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined) throw new UsageError(`${flag} needs a value`);
  args.splice(i, 2);
  return value;
}

function rejectLeftovers(args: string[]): void {
  if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
}

export async function runCheckpointsCommand(argv: string[], io: CheckpointsIo): Promise<number> {
  const args = [...argv];
  if (takeFlag(args, '--help') || takeFlag(args, '-h')) {
    io.stdout(HELP);
    return 0;
  }
  try {
    const where = findLocations(io.cwd, io.env);
    const openStore = async (): Promise<CheckpointStore> => {
      const store = await CheckpointStore.open({
        projectRoot: where.projectRoot,
        tandemHome: where.tandemHome,
        sessionId: CLI_SESSION,
        env: io.env,
      });
      if (!store) throw new Error('checkpoints need git, and git was not found on PATH. Install git and try again.');
      return store;
    };
    const sub = args[0] && !args[0].startsWith('-') ? args.shift() : undefined;

    if (sub === undefined) {
      const json = takeFlag(args, '--json');
      rejectLeftovers(args);
      const list = await (await openStore()).list();
      if (json) io.stdout(JSON.stringify(list, null, 2) + '\n');
      else if (list.length === 0) io.stdout(`No checkpoints for ${where.projectRoot} yet.\n`);
      else io.stdout(list.map(formatCheckpoint).join('\n'));
      return 0;
    }

    if (sub === 'restore') {
      const yes = takeFlag(args, '--yes') || takeFlag(args, '-y');
      const id = args.shift();
      if (!id) throw new UsageError('restore needs a checkpoint id (see `tandem checkpoints`)');
      rejectLeftovers(args);
      const store = await openStore();
      const plan = await store.restore(id, { dryRun: true });
      const leftAlone = (why: string, paths: string[]) => {
        if (paths.length > 0) io.stdout(`Left alone (${why}):\n${paths.map((p) => `  ${p}\n`).join('')}`);
      };
      leftAlone("ignored by the project's rules", plan.skipped);
      leftAlone('too large to track', plan.tooLarge);
      leftAlone('changed since by another session or by hand, not by that session', plan.otherChanges);
      if (plan.files.length === 0) {
        io.stdout('Nothing to restore: the files already match the state before that turn.\n');
        return 0;
      }
      io.stdout(`Restoring ${plan.id} changes ${plan.files.length} file${plan.files.length === 1 ? '' : 's'}:\n`);
      io.stdout(plan.files.map(restoreLine).join(''));
      if (!yes && !(await io.confirm('Restore these files?'))) {
        io.stdout('Nothing was changed.\n');
        return 1;
      }
      // Exactly the files listed above, or nothing (another session may have written since).
      const done = await store.restore(id, { expect: plan.files });
      io.stdout(`Restored ${done.files.length} file${done.files.length === 1 ? '' : 's'}.\n`);
      if (done.undoId) io.stdout(`To undo this restore: tandem checkpoints restore ${done.undoId}\n`);
      return 0;
    }

    if (sub === 'prune') {
      const raw = takeValue(args, '--older-than') ?? '30';
      rejectLeftovers(args);
      const days = Number(raw);
      if (!Number.isFinite(days) || days < 0) throw new UsageError(`--older-than wants a number of days, not "${raw}"`);
      const removed = await (await openStore()).prune({ olderThanDays: days });
      io.stdout(`Removed ${removed} checkpoint${removed === 1 ? '' : 's'} older than ${days} day${days === 1 ? '' : 's'}.\n`);
      return 0;
    }

    throw new UsageError(`unknown subcommand "${sub}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`tandem checkpoints: ${error.message}\n\n${HELP}`);
      return 2;
    }
    io.stderr(`tandem checkpoints: ${(error as Error).message}\n`);
    return 1;
  }
}
