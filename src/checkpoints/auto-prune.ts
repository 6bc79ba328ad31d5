// Old checkpoints go by themselves: when a store opens, at most once a day, guarded by a timestamp file.
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function autoPruneDue(shadowDir: string, now = Date.now()): Promise<boolean> {
  try {
    return now - (await stat(path.join(shadowDir, 'last-auto-prune'))).mtimeMs >= DAY_MS;
  } catch {
    return true;
  }
}

export async function markAutoPruned(shadowDir: string): Promise<void> {
  await writeFile(path.join(shadowDir, 'last-auto-prune'), `${new Date().toISOString()}\n`);
}
