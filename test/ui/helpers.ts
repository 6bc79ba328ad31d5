import { stripAnsi } from '../../src/ui/theme/ansi';

export const wait = (ms = 30) => new Promise((r) => setTimeout(r, ms));
export const plain = (frame: string | undefined) => stripAnsi(frame ?? '');
export const KEYS = { up: '\x1b[A', down: '\x1b[B', left: '\x1b[D', enter: '\r', esc: '\x1b', ctrlC: '\x03', ctrlD: '\x04', ctrlT: '\x14', tab: '\t', shiftTab: '\x1b[Z', backspace: '\x7f' };

/** Writes keys one at a time, letting Ink and React settle between them. */
export async function press(stdin: { write(s: string): void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await wait(25);
  }
}
