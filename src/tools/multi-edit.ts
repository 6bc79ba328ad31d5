// MultiEdit: several replacements in one file, applied in order in memory and written once, all or nothing.
import { z } from 'zod';
import { MULTI_EDIT_DESCRIPTION } from './edit.description';
import { summariseDiff } from './edit-apply';
import { editRefusal, planEdits, previewEdits } from './edit-plan';
import { assertWritable, saveText, withFileLock } from './file-io';
import { displayPath, resolveToolPath } from './paths';
import { defineTool } from './types';

const multiEditSchema = z
  .object({
    file_path: z.string().describe('Path of the file to change, absolute or relative to the working directory.'),
    edits: z
      .array(
        z
          .object({
            old_string: z.string().describe('The exact text to replace, as the previous edits left the file.'),
            new_string: z.string().describe('The text to put in its place; must differ from old_string.'),
            replace_all: z.boolean().optional().describe('Replace every occurrence (default false).'),
          })
          .strict(),
      )
      .min(1)
      .describe('Replacements applied in order; if one fails, none is written.'),
  })
  .strict();

export const multiEditTool = defineTool({
  name: 'MultiEdit',
  description: MULTI_EDIT_DESCRIPTION,
  inputSchema: multiEditSchema,
  kind: 'edit',
  isReadOnly: () => false,
  validate: (input, ctx) => editRefusal(input.file_path, input.edits, ctx),
  preview: (input, ctx) => previewEdits('MultiEdit', input.file_path, input.edits, ctx),
  run(input, ctx) {
    return withFileLock(resolveToolPath(input.file_path, ctx), async () => {
      const abs = resolveToolPath(input.file_path, ctx);
      const label = displayPath(abs, ctx);
      const plan = await planEdits(abs, label, input.edits, (current) => assertWritable(abs, current.exists, ctx));
      await saveText(abs, plan.newText, plan.newFormat, ctx);
      const diff = summariseDiff(plan.current.text, plan.newText, label);
      const n = input.edits.length;
      const verb = plan.current.exists ? 'Edited' : 'Created';
      return {
        forModel: `${verb} ${abs} with ${n} edit${n === 1 ? '' : 's'}: +${diff.added} -${diff.removed} lines.`,
        summary: `${verb} ${label}: +${diff.added} -${diff.removed} (${n} edit${n === 1 ? '' : 's'})`,
        details: { filePath: abs, edits: input.edits, structuredPatch: diff.hunks },
      };
    });
  },
});
