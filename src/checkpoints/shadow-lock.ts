// One tandem at a time works on a project's shadow repository: two sessions in two terminals share its index, and
// a snapshot (status, update-index, write-tree) or a restore is several git calls that must not interleave with
// another process's. The lock is a file created exclusively; a lock whose process is gone is taken over.
import { open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const WAIT_MS = 60_000;
/** A lock older than this is stale whatever its pid says (a pid may have been reused). */
const STALE_MS = 10 * 60_000;

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(file: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    const pid = Number(text.split(' ')[0]);
    // Written but not yet filled in by its owner: give it a moment.
    if (text.trim() === '') return Date.now() - info.mtimeMs > 5_000;
    return !alive(pid) || Date.now() - info.mtimeMs > STALE_MS;
  } catch {
    return false; // gone meanwhile: the next attempt takes it
  }
}

export async function withShadowLock<T>(shadowDir: string, work: () => Promise<T>): Promise<T> {
  const file = path.join(shadowDir, 'tandem.lock');
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(file)) {
        await rm(file, { force: true });
        continue;
      }
      if (Date.now() - started > WAIT_MS) {
        throw new Error(`another tandem has held the checkpoint lock ${file} for over a minute; if no other tandem is running, delete that file`);
      }
      await new Promise((r) => setTimeout(r, Math.min(200, 10 + attempt * 10)));
    }
  }
  try {
    return await work();
  } finally {
    await rm(file, { force: true });
  }
}
