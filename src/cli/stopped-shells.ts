// Background commands still running when the session ends are stopped (nothing of tandem's keeps running after
// it), but what they printed is kept: each one's output goes to a file in the session folder, and the transcript
// records that the command was stopped and where its output is.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoppedShell } from '../tools/shell-session';
import type { TranscriptLike } from '../engine/services';

export async function keepStoppedShells(stopped: readonly StoppedShell[], sessionDir: string, transcript: TranscriptLike): Promise<void> {
  for (const shell of stopped) {
    let outputFile: string | undefined = join(sessionDir, `background-${shell.id}.log`);
    const dropped = shell.droppedLines > 0 ? `(${shell.droppedLines} earlier lines were dropped to stay within memory)\n` : '';
    try {
      await mkdir(sessionDir, { recursive: true });
      await writeFile(outputFile, `$ ${shell.command}\n${dropped}${shell.output}\n(stopped when the session ended)\n`);
    } catch {
      outputFile = undefined;
    }
    await transcript
      .append({ type: 'background_stopped', shellId: shell.id, command: shell.command, unreadLines: shell.unreadLines, ...(outputFile ? { outputFile } : {}) })
      .catch(() => undefined);
  }
}
