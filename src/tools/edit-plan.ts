// The part Edit and MultiEdit share: load the file, bring the model's strings into the file's line-ending form,
// apply the edits in order in memory, and say precisely which one failed. Nothing touches the disk here.
import { applyEdit, type EditSpec } from './edit-apply';
import { assertSavable, assertWritable, loadTextForEdit, missingFileError, refusalOf, type LoadedText } from './file-io';
import { carryBreaks, normaliseModelText, type TextFormat } from './text-format';
import { displayPath, isOutsideProject, resolveToolPath } from './paths';
import type { Preview, ToolContext } from './types';
import { ToolError } from './types';

export interface EditPlan {
  current: LoadedText;
  newText: string;
  /** The file's format for newText: same encoding, untouched line breaks kept, new ones in the file's style. */
  newFormat: TextFormat;
  replacements: number;
}

/** Applies the edits to the file's current text; throws ToolError naming the failing edit (1-based when several). */
export async function planEdits(
  absPath: string,
  label: string,
  edits: EditSpec[],
  /** Runs once the file is loaded, before any edit is tried (run() checks read-before-write here). */
  beforeApply?: (current: LoadedText) => void,
): Promise<EditPlan> {
  const current = await loadTextForEdit(absPath, label);
  beforeApply?.(current);
  if (!current.exists && edits[0]?.old_string !== '') {
    const missing = await missingFileError(absPath, label);
    throw new ToolError(`${missing.message} To create it, use Write, or Edit with an empty old_string.`);
  }
  let text = current.text;
  let breaks = current.format.breaks;
  let replacements = 0;
  for (const [i, edit] of edits.entries()) {
    const outcome = applyEdit(
      text,
      {
        old_string: normaliseModelText(edit.old_string),
        new_string: normaliseModelText(edit.new_string),
        replace_all: edit.replace_all ?? false,
      },
      label,
    );
    if (!outcome.ok) {
      if (edits.length === 1) throw new ToolError(outcome.reason);
      const after = i > 0 ? ` (applied after edits 1-${i}, which worked on the text in memory)` : '';
      throw new ToolError(
        `Edit ${i + 1} of ${edits.length} failed${after}: ${outcome.reason} No edits were applied; ${label} is unchanged.`,
      );
    }
    breaks = carryBreaks(text, breaks, outcome.splices, current.format.eol);
    text = outcome.text;
    replacements += outcome.replacements;
  }
  return { current, newText: text, newFormat: { ...current.format, breaks }, replacements };
}

/**
 * The preview of an Edit or MultiEdit: the diff the edits would make, or, when they would fail, a note saying
 * why (run() then returns the same error to the model).
 */
export async function previewEdits(toolName: string, filePath: string, edits: EditSpec[], ctx: ToolContext): Promise<Preview> {
  const abs = resolveToolPath(filePath, ctx);
  const outsideProject = isOutsideProject(abs, ctx);
  try {
    const plan = await planEdits(abs, displayPath(abs, ctx), edits);
    return { kind: 'diff', path: abs, oldText: plan.current.exists ? plan.current.text : null, newText: plan.newText, outsideProject };
  } catch (err) {
    return { kind: 'info', title: `${toolName} ${displayPath(abs, ctx)} (will fail)`, detail: (err as Error).message, paths: [abs], outsideProject };
  }
}

/** Tool.validate for Edit and MultiEdit: what run() would refuse, found before the user is asked to approve. */
export function editRefusal(filePath: string, edits: EditSpec[], ctx: ToolContext): Promise<string | null> {
  const abs = resolveToolPath(filePath, ctx);
  return refusalOf(async () => {
    const plan = await planEdits(abs, displayPath(abs, ctx), edits, (current) => assertWritable(abs, current.exists, ctx));
    await assertSavable(abs, plan.newText, plan.newFormat);
  });
}
