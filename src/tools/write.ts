// Write: creates a file or replaces its whole content. Replacing needs a prior Read of the current version.
import { z } from 'zod';
import { assertSavable, assertWritable, formatAfterWrite, loadTextForEdit, refusalOf, saveText, withFileLock } from './file-io';
import { displayPath, isOutsideProject, resolveToolPath } from './paths';
import { summariseDiff } from './edit-apply';
import { normaliseModelText } from './text-format';
import { defineTool } from './types';

const writeSchema = z
  .object({
    file_path: z.string().describe('Path of the file to write, absolute or relative to the working directory.'),
    content: z.string().describe('The complete new content of the file.'),
  })
  .strict();

const WRITE_DESCRIPTION = `Writes a file, creating it (and any missing parent folders) or replacing everything in it.

- To change part of an existing file, prefer Edit or MultiEdit: they send only the change.
- An existing file must have been read with Read by you first (reads by other agents do not count), and must not have changed since.
- A new file is written as UTF-8. An existing file keeps its encoding (Latin-1, Windows-1252, UTF-16, a UTF-8 byte order mark), the line ending of every line that stays, its permissions, owner and hard links; new lines use its usual ending. A file whose encoding cannot be kept is refused.
- Do not create documentation or README files unless asked to.`;

export const writeTool = defineTool({
  name: 'Write',
  description: WRITE_DESCRIPTION,
  inputSchema: writeSchema,
  kind: 'edit',
  isReadOnly: () => false,
  validate(input, ctx) {
    const abs = resolveToolPath(input.file_path, ctx);
    return refusalOf(async () => {
      const current = await loadTextForEdit(abs, displayPath(abs, ctx));
      assertWritable(abs, current.exists, ctx);
      const newText = current.exists ? normaliseModelText(input.content) : input.content;
      await assertSavable(abs, newText, current.exists ? formatAfterWrite(current, newText) : current.format);
    });
  },
  async preview(input, ctx) {
    const abs = resolveToolPath(input.file_path, ctx);
    const outsideProject = isOutsideProject(abs, ctx);
    try {
      const current = await loadTextForEdit(abs, displayPath(abs, ctx));
      return {
        kind: 'diff',
        path: abs,
        oldText: current.exists ? current.text : null,
        newText: current.exists ? normaliseModelText(input.content) : input.content,
        outsideProject,
      };
    } catch (err) {
      return { kind: 'info', title: `Write ${displayPath(abs, ctx)}`, detail: (err as Error).message, paths: [abs], outsideProject };
    }
  },
  run(input, ctx) {
    return withFileLock(resolveToolPath(input.file_path, ctx), async () => {
      const abs = resolveToolPath(input.file_path, ctx);
      const label = displayPath(abs, ctx);
      const current = await loadTextForEdit(abs, label);
      assertWritable(abs, current.exists, ctx);
      // A new file is written exactly as sent (UTF-8, the model's own line breaks); an existing one keeps its
      // encoding and the line breaks of every line that stays, and new lines take its usual ending.
      const newText = current.exists ? normaliseModelText(input.content) : input.content;
      if (current.exists && newText === current.text) {
        return { forModel: `${abs} already has exactly this content; nothing changed.`, summary: `${label} unchanged`, details: { type: 'update', filePath: abs, unchanged: true } };
      }
      await saveText(abs, newText, current.exists ? formatAfterWrite(current, newText) : current.format, ctx);
      const lines = newText === '' ? 0 : newText.split('\n').length - (newText.endsWith('\n') ? 1 : 0);
      const type = current.exists ? 'update' : 'create';
      const diff = summariseDiff(current.text, newText, label);
      return {
        forModel: `${type === 'create' ? 'Created' : 'Wrote'} ${abs} (${lines} line${lines === 1 ? '' : 's'}).`,
        summary: type === 'create' ? `Created ${label}: ${lines} lines` : `Wrote ${label}: +${diff.added} -${diff.removed}`,
        details: { type, filePath: abs, content: input.content, structuredPatch: diff.hunks },
      };
    });
  },
});
