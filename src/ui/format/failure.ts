// What a failed tool call shows: the exit code and the lines most likely to say why. For a command those are the
// last lines of its output (where compilers and test runners print errors); for anything else, the first lines
// of the error text.
import { excerpt } from './tool-text';

/** Lines of a failure kept in the transcript. */
export const FAILURE_EXCERPT_LINES = 6;

/** A command's non-zero exit code from a tool result's details ({ exitCode }), else null. */
export function failedExitCode(details: unknown): number | null {
  if (typeof details !== 'object' || details === null) return null;
  const code = (details as { exitCode?: unknown }).exitCode;
  return typeof code === 'number' && code !== 0 ? code : null;
}

/** The last `maxLines` lines of a text and how many came before them. */
export function tailExcerpt(text: string, maxLines: number): { text: string; hidden: number } {
  const lines = text.replace(/\s+$/, '').split('\n');
  if (lines.length === 1 && lines[0] === '') return { text: '', hidden: 0 };
  if (lines.length <= maxLines) return { text: lines.join('\n'), hidden: 0 };
  return { text: lines.slice(-maxLines).join('\n'), hidden: lines.length - maxLines };
}

/** The excerpt of a failure: a command's tail, or the head of an error message. */
export function failureExcerpt(body: string, isCommand: boolean): { text: string; hidden: number; fromEnd: boolean } {
  return isCommand ? { ...tailExcerpt(body, FAILURE_EXCERPT_LINES), fromEnd: true } : { ...excerpt(body, FAILURE_EXCERPT_LINES), fromEnd: false };
}

/** A resumed Bash result whose last line is the status the tool appends on a non-zero exit: "(exit 2)". */
export function exitFromResultText(text: string): { code: number; output: string } | null {
  const m = /\n?\(exit (-?\d+)\)\s*$/.exec(text);
  if (!m) return null;
  const code = Number(m[1]);
  return code === 0 ? null : { code, output: text.slice(0, m.index) };
}
