// Edit: one exact-text replacement in a file.
import { z } from 'zod';
import { EDIT_DESCRIPTION } from './edit.description';
import { summariseDiff } from './edit-apply';
import { editRefusal, planEdits, previewEdits } from './edit-plan';
import { assertWritable, saveText, withFileLock } from './file-io';
import { displayPath, resolveToolPath } from './paths';
import { defineTool } from './types';

export const editSchema = z
  .object({
    file_path: z.string().describe('Path of the file to change, absolute or relative to the working directory.'),
    old_string: z.string().describe('The exact text to replace (empty to create a new file).'),
    new_string: z.string().describe('The text to put in its place; must differ from old_string.'),
    replace_all: z.boolean().optional().describe('Replace every occurrence instead of exactly one (default false).'),
  })
  .strict();

export const editTool = defineTool({
  name: 'Edit',
  description: EDIT_DESCRIPTION,
  inputSchema: editSchema,
  kind: 'edit',
  isReadOnly: () => false,
  validate: (input, ctx) => editRefusal(input.file_path, [input], ctx),
  preview: (input, ctx) => previewEdits('Edit', input.file_path, [input], ctx),
  run(input, ctx) {
    return withFileLock(resolveToolPath(input.file_path, ctx), async () => {
      const abs = resolveToolPath(input.file_path, ctx);
      const label = displayPath(abs, ctx);
      const plan = await planEdits(abs, label, [input], (current) => assertWritable(abs, current.exists, ctx));
      await saveText(abs, plan.newText, plan.newFormat, ctx);
      const diff = summariseDiff(plan.current.text, plan.newText, label);
      const verb = plan.current.exists ? 'Edited' : 'Created';
      const count = plan.replacements > 1 ? ` (${plan.replacements} replacements)` : '';
      return {
        forModel: `${verb} ${abs}${count}: +${diff.added} -${diff.removed} lines.`,
        summary: `${verb} ${label}: +${diff.added} -${diff.removed}${count}`,
        details: {
          filePath: abs,
          oldString: input.old_string,
          newString: input.new_string,
          replaceAll: input.replace_all ?? false,
          structuredPatch: diff.hunks,
        },
      };
    });
  },
});
