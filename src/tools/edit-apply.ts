// String replacement for Edit and MultiEdit, done in memory with a precise reason when it cannot be done.
// Plain indexOf/split (never String.replace) so `$&` and friends in new_string are taken literally.
import { structuredPatch, type StructuredPatchHunk } from 'diff';
import type { TextSplice } from './text-format';

export interface EditSpec {
  old_string: string;
  new_string: string;
  replace_all?: boolean;
}

export type EditOutcome =
  /** splices: where the text changed, in order, so line endings can be kept around them. */
  | { ok: true; text: string; replacements: number; splices: TextSplice[] }
  | { ok: false; reason: string };

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

const collapseWhitespace = (s: string) => s.replace(/\s+/g, ' ').trim();
const straightQuotes = (s: string) => s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');
// Read prints `12<tab>`; older transcripts (and other tools' habits) pad the number to six columns.
const LINE_NUMBER_PREFIX = /^ *\d+\t/gm;

/** Why old_string is absent, with the most likely fix when we can tell. */
function notFoundReason(text: string, old: string, label: string): string {
  const base = `old_string was not found in ${label}.`;
  if (LINE_NUMBER_PREFIX.test(old)) {
    LINE_NUMBER_PREFIX.lastIndex = 0;
    const stripped = old.replace(LINE_NUMBER_PREFIX, '');
    if (text.includes(stripped)) {
      return `${base} It contains the line-number prefixes of the Read output ("12<tab>"); leave them out and send only the file's text.`;
    }
  }
  LINE_NUMBER_PREFIX.lastIndex = 0;
  if (collapseWhitespace(old) && collapseWhitespace(text).includes(collapseWhitespace(old))) {
    return `${base} It would match if whitespace were ignored: the indentation, tabs/spaces or line breaks differ. Copy the exact text from a fresh Read of the file.`;
  }
  if (straightQuotes(text).includes(straightQuotes(old))) {
    return `${base} It would match with straight instead of curly quotes (or the reverse): copy the quotes exactly as they are in the file.`;
  }
  return `${base} Read the file again and copy the text to replace exactly, including indentation.`;
}

export function applyEdit(text: string, edit: EditSpec, label: string): EditOutcome {
  const { old_string: oldS, new_string: newS } = edit;
  if (oldS === newS) {
    return { ok: false, reason: 'old_string and new_string are identical, so there is nothing to change.' };
  }
  if (oldS === '') {
    if (text === '') return { ok: true, text: newS, replacements: 1, splices: [{ at: 0, removed: 0, inserted: newS }] };
    return {
      ok: false,
      reason: `old_string is empty, which only works to create a file or fill an empty one, and ${label} already has content. Give the exact text to replace, or use Write to replace the whole file.`,
    };
  }
  const count = countOccurrences(text, oldS);
  if (count === 0) return { ok: false, reason: notFoundReason(text, oldS, label) };
  if (count > 1 && !edit.replace_all) {
    return {
      ok: false,
      reason: `old_string matches ${count} places in ${label}. Include more surrounding lines so it matches exactly one place, or set replace_all to true to change all ${count}.`,
    };
  }
  if (edit.replace_all) {
    const splices: TextSplice[] = [];
    for (let at = text.indexOf(oldS); at !== -1; at = text.indexOf(oldS, at + oldS.length)) {
      splices.push({ at, removed: oldS.length, inserted: newS });
    }
    return { ok: true, text: text.split(oldS).join(newS), replacements: count, splices };
  }
  const at = text.indexOf(oldS);
  return {
    ok: true,
    text: text.slice(0, at) + newS + text.slice(at + oldS.length),
    replacements: 1,
    splices: [{ at, removed: oldS.length, inserted: newS }],
  };
}

export interface DiffSummary {
  added: number;
  removed: number;
  hunks: StructuredPatchHunk[];
}

/** Lines of `lines[from, to)` as text: every line keeps its break unless the slice reaches the file's end. */
function sliceText(lines: string[], from: number, to: number): string {
  const text = lines.slice(from, to).join('\n');
  return to < lines.length ? `${text}\n` : text;
}

/**
 * Line counts and hunks between two versions of a file, for summaries and stream-json details. Only the changed
 * middle (plus context) is diffed: an edit near the end of a 10 MB file must not diff the whole file.
 */
export function summariseDiff(oldText: string, newText: string, label: string, context = 3): DiffSummary {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let prefix = 0;
  while (prefix < a.length - 1 && prefix < b.length - 1 && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix - 1 && suffix < b.length - prefix - 1 && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const from = Math.max(0, prefix - context);
  const oldPart = sliceText(a, from, Math.min(a.length, a.length - suffix + context));
  const newPart = sliceText(b, from, Math.min(b.length, b.length - suffix + context));
  const patch = structuredPatch(label, label, oldPart, newPart, undefined, undefined, { context });
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((hunk) => {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
    }
    return { ...hunk, oldStart: hunk.oldStart + from, newStart: hunk.newStart + from };
  });
  return { added, removed, hunks };
}
