// The effects of one simple command on paths, as the per-command tables (bash-reads.ts, bash-writes.ts) report
// them to the analysis (bash-effects.ts).
import type { ShellWord } from './shell-parse';

/** `file`: the path itself. `tree`: the folder and everything inside it (`grep -r`, `cp -r`, `rm -r`, `tar -x`). */
export type PathUse = 'file' | 'tree';

export interface Operand {
  word: ShellWord;
  use: PathUse;
  /** A directory a relative word is resolved from instead of the shell's (`tar -C DIR`). */
  base?: ShellWord;
}

export interface CommandEffects {
  reads: Operand[];
  writes: Operand[];
}

export const file = (word: ShellWord, base?: ShellWord): Operand => (base ? { word, use: 'file', base } : { word, use: 'file' });
export const tree = (word: ShellWord, base?: ShellWord): Operand => (base ? { word, use: 'tree', base } : { word, use: 'tree' });
export const DOT: ShellWord = { text: '.', literal: true };
