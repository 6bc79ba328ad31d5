// A text file as the tools edit it: "working text" where every line break is a plain "\n", plus what it takes to
// give back the exact bytes: the file's encoding and each line break as it was ("\r\n", a lone "\r", "\r\r\n"...).
// An edit keeps every break it does not touch; breaks it adds take the file's most common ending. Loading checks
// that working text + format reproduce the file byte for byte, so saving can never change untouched bytes.
import { detectEncoding, encodeString, encodingLabel, UnencodableError, type Encoding } from './text-encoding';

export type { Encoding } from './text-encoding';

export interface TextFormat {
  encoding: Encoding;
  /** Every line break of the file, in order, verbatim. breaks.length === number of "\n" in the working text. */
  breaks: string[];
  /** The ending new lines get: the file's most common one ("\n" for a new or single-line file). */
  eol: string;
}

export const NEW_FILE_FORMAT: TextFormat = { encoding: 'utf-8', breaks: [], eol: '\n' };

/** One line break in a file: CRLF, the doubled CR of a twice-converted file, LF, or an old Mac lone CR. */
const BREAK = /\r?\r\n|\n|\r/g;

export function splitBreaks(raw: string): { text: string; breaks: string[] } {
  const breaks: string[] = [];
  const text = raw.replace(BREAK, (m) => {
    breaks.push(m);
    return '\n';
  });
  return { text, breaks };
}

export function dominantBreak(breaks: string[]): string {
  const counts = new Map<string, number>();
  for (const b of breaks) counts.set(b, (counts.get(b) ?? 0) + 1);
  let best = '\n';
  let bestCount = 0;
  for (const [b, n] of counts) {
    if (n > bestCount || (n === bestCount && b === '\n')) {
      best = b;
      bestCount = n;
    }
  }
  return best;
}

/** Working text back to the file's own line breaks. */
export function joinBreaks(text: string, breaks: string[]): string {
  let i = 0;
  return text.replace(/\n/g, () => breaks[i++] ?? '\n');
}

export type Decoded =
  | { kind: 'text'; text: string; format: TextFormat }
  /** Readable but not writable back as it is: why, and the best decoding we have (null when none). */
  | { kind: 'foreign'; reason: string; text: string | null }
  | { kind: 'binary' };

/** NUL or many control characters mean the content is not text, whatever its encoding. */
export function looksBinaryText(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c < 7 || (c > 13 && c < 32 && c !== 27)) control++;
  }
  return control / sample.length > 0.1;
}

export function decodeFile(bytes: Buffer): Decoded {
  const detected = detectEncoding(bytes);
  switch (detected.kind) {
    case 'binary':
      return detected;
    case 'foreign':
      if (detected.text !== null && looksBinaryText(detected.text)) return { kind: 'binary' };
      return {
        kind: 'foreign',
        reason: `it is not UTF-8 (it looks like ${detected.guess}), and tandem cannot write that encoding back without changing bytes`,
        text: detected.text === null ? null : splitBreaks(detected.text).text,
      };
    case 'text': {
      if (looksBinaryText(detected.text)) return { kind: 'binary' };
      const { text, breaks } = splitBreaks(detected.text);
      const format: TextFormat = { encoding: detected.encoding, breaks, eol: dominantBreak(breaks) };
      // The promise edits rely on: nothing is lost by going through working text.
      let again: Buffer | null;
      try {
        again = encodeText(text, format);
      } catch {
        again = null;
      }
      if (!again || !again.equals(bytes)) {
        return {
          kind: 'foreign',
          reason: `decoding it as ${encodingLabel(detected.encoding)} and encoding it again would not give back the same bytes`,
          text,
        };
      }
      return { kind: 'text', text, format };
    }
    default: {
      const never: never = detected;
      return never;
    }
  }
}

/** A string from the model in working form: its line breaks, whatever they are, become "\n". */
export function normaliseModelText(s: string): string {
  return s.replace(BREAK, '\n');
}

/** The bytes of working text in the file's format. Throws UnencodableError when the encoding cannot hold a character. */
export function encodeText(text: string, format: TextFormat): Buffer {
  return encodeString(joinBreaks(text, format.breaks), format.encoding);
}

export { UnencodableError };

/** One replacement made in working text: `removed` characters at `at` (of the text before) became `inserted`. */
export interface TextSplice {
  at: number;
  removed: number;
  inserted: string;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The line breaks after applying splices (sorted, not overlapping) to `text`. Each splice is first narrowed to what
 * really changes (the common start and end of removed and inserted text stay), so the breaks there keep their
 * bytes; in the rest, rewritten lines keep their endings in order, lines it adds take `eol`.
 */
export function carryBreaks(text: string, breaks: string[], splices: TextSplice[], eol: string): string[] {
  const out: string[] = [];
  let pos = 0;
  let k = 0;
  for (const s of splices) {
    const removed = text.slice(s.at, s.at + s.removed);
    const ins = s.inserted;
    let prefix = 0;
    while (prefix < removed.length && prefix < ins.length && removed[prefix] === ins[prefix]) prefix++;
    let suffix = 0;
    while (
      suffix < removed.length - prefix &&
      suffix < ins.length - prefix &&
      removed[removed.length - 1 - suffix] === ins[ins.length - 1 - suffix]
    ) {
      suffix++;
    }
    const keep = countNewlines(text, pos, s.at + prefix);
    for (let i = 0; i < keep; i++) out.push(breaks[k + i] ?? eol);
    k += keep;
    // Inside the changed part, the lines are taken as rewritten in order: the n-th line keeps the n-th ending;
    // lines beyond the old count are new (file's usual ending), old lines beyond the new count are gone.
    const removedBreaks = countNewlines(text, s.at + prefix, s.at + s.removed - suffix);
    const added = countNewlines(ins, prefix, ins.length - suffix);
    for (let i = 0; i < added; i++) out.push(i < removedBreaks ? (breaks[k + i] ?? eol) : eol);
    k += removedBreaks;
    pos = s.at + s.removed - suffix;
  }
  for (; k < breaks.length; k++) out.push(breaks[k]!);
  return out;
}

/** The whole-text change from `before` to `after` as one splice (for Write, which sends the whole file). */
export function wholeTextSplice(before: string, after: string): TextSplice {
  return { at: 0, removed: before.length, inserted: after };
}

/** Short note for Read when a file is not plain UTF-8 (null when it is). */
export function formatNote(format: TextFormat): string | null {
  if (format.encoding === 'utf-8') return null;
  return `The file is encoded as ${encodingLabel(format.encoding)}; Edit and Write keep that encoding.`;
}
