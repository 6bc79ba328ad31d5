// Rewind: the turns of this session with the files each changed, and putting files and/or the conversation
// back to before one of them. Used by /rewind and by the shell's rewind picker (Esc twice).
import type { CheckpointInfo, FileChange } from '../checkpoints';
import type { Bootstrapped } from './bootstrap';

export type RewindScope = 'both' | 'files' | 'conversation';

export interface RewindTurn {
  turn: number;
  prompt: string;
  time: string;
  /** Files the turn changed (empty when it changed none, or checkpoints are off). */
  files: FileChange[];
}

export interface RewindApi {
  turns(): Promise<RewindTurn[]>;
  /** What restoring files to before `turn` would change now (nothing is touched). */
  plan(turn: number): Promise<FileChange[]>;
  /** Restores; the current files are saved first so the restore can be undone. Returns what happened. */
  restore(turn: number, scope: RewindScope): Promise<string>;
  /** After a restore that rewound the conversation: the whole prompt of that turn, to edit and send again (once). */
  takeRefill(turn: number): string | undefined;
}

export function createRewindApi(boot: Bootstrapped): RewindApi {
  const { session } = boot;
  // The session's own store: a second one on the same shadow repository would race it for the index.
  const store = boot.checkpoints;
  // The file list last shown for a turn: the restore must change exactly those files, or nothing.
  const shown = new Map<number, FileChange[]>();
  // Prompts of turns whose conversation was just rewound, handed to the input box once.
  const refills = new Map<number, string>();
  const checkpointOf = async (turn: number): Promise<CheckpointInfo | undefined> => {
    if (!store) return undefined;
    return (await store.list({ sessionId: session.sessionId })).find((c) => c.kind === 'turn' && c.turn === turn);
  };

  return {
    async turns() {
      const list = store ? (await store.list({ sessionId: session.sessionId })).filter((c) => c.kind === 'turn') : [];
      return session.turns.map((t) => ({
        turn: t.index,
        prompt: t.prompt.split('\n')[0] ?? '',
        time: t.time,
        files: list.find((c) => c.turn === t.index)?.files ?? [],
      }));
    },
    async plan(turn) {
      const cp = await checkpointOf(turn);
      if (!cp || !store) return [];
      const files = (await store.restore(cp.id, { dryRun: true })).files;
      shown.set(turn, files);
      return files;
    },
    async restore(turn, scope) {
      if (session.info().busy) return 'The agent is working: press Esc to stop it first.';
      const parts: string[] = [];
      if (scope !== 'conversation') {
        const cp = await checkpointOf(turn);
        if (cp && store) {
          const expect = shown.get(turn);
          shown.delete(turn);
          const report = await store.restore(cp.id, expect ? { expect } : {});
          const names = report.files.map((f) => `${f.status === 'added' ? 'recreated' : f.status === 'deleted' ? 'removed' : 'put back'} ${f.path}`).join(', ');
          parts.push(`restored ${report.files.length} file(s)${names ? `: ${names}` : ''}${report.undoId ? ` (undo: tandem checkpoints restore ${report.undoId})` : ''}`);
          if (report.otherChanges.length > 0) parts.push(`left alone (changed by another session or by hand): ${report.otherChanges.join(', ')}`);
          if (report.tooLarge.length > 0) parts.push(`left alone (too large to track): ${report.tooLarge.join(', ')}`);
        } else parts.push('no files to restore (the turn changed none)');
      }
      if (scope !== 'files') {
        const prompt = session.turns.find((t) => t.index === turn)?.prompt;
        const rewound = session.rewindConversation(turn);
        if (rewound && prompt !== undefined) refills.set(turn, prompt);
        parts.push(rewound ? 'conversation rewound (its todos too; the prompt is back in the input)' : `the conversation cannot go back to turn ${turn} (no such turn, or it was compacted since)`);
      }
      return `Rewind to before turn ${turn}: ${parts.join('; ')}.`;
    },
    takeRefill(turn) {
      const prompt = refills.get(turn);
      refills.delete(turn);
      return prompt;
    },
  };
}
