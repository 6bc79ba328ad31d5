// NotebookRead: a Jupyter notebook's cells (id, type, source) with their outputs, or one cell by id.
import { z } from 'zod';
import { missingFileError, readRegularFile } from './file-io';
import { describeCellIds, findCellIndex, parseNotebook, renderCell, renderNotebook } from './notebook-format';
import { displayPath, isOutsideProject, resolveToolPath } from './paths';
import { defineTool, ToolError, type SeenContent } from './types';

const notebookReadSchema = z
  .object({
    notebook_path: z.string().describe('Path of the .ipynb file, absolute or relative to the working directory.'),
    cell_id: z.string().optional().describe('Show only this cell (its id, or cell-N for the N-th cell, 0-based).'),
  })
  .strict();

const NOTEBOOK_READ_DESCRIPTION = `Reads a Jupyter notebook (.ipynb) and shows every cell with its id, type, source and outputs (text outputs in full, images as a note).

- Pass cell_id to see a single cell. Cells without an id in the file are addressed as cell-0, cell-1, ...
- Use the ids shown here with NotebookEdit.`;

/** A notebook's JSON text (utf8: false when bytes had to be replaced to decode it), with what was read (bytes and stat) for the read-before-edit record. */
export async function loadNotebook(abs: string, label: string): Promise<{ raw: string; utf8: boolean; seen: SeenContent }> {
  const opened = await readRegularFile(abs, label);
  if (opened.kind === 'missing') throw await missingFileError(abs, label);
  let raw: string;
  let utf8 = true;
  try {
    raw = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(opened.bytes);
  } catch {
    raw = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(opened.bytes);
    utf8 = false;
  }
  return { raw, utf8, seen: { bytes: opened.bytes, stat: opened.stat } };
}

export async function loadNotebookText(abs: string, label: string): Promise<string> {
  return (await loadNotebook(abs, label)).raw;
}

export const notebookReadTool = defineTool({
  name: 'NotebookRead',
  description: NOTEBOOK_READ_DESCRIPTION,
  inputSchema: notebookReadSchema,
  kind: 'read',
  isReadOnly: () => true,
  async preview(input, ctx) {
    const abs = resolveToolPath(input.notebook_path, ctx);
    const cell = input.cell_id ? ` (cell ${input.cell_id})` : '';
    return { kind: 'info', title: `Read notebook ${displayPath(abs, ctx)}${cell}`, paths: [abs], outsideProject: isOutsideProject(abs, ctx) };
  },
  async run(input, ctx) {
    const abs = resolveToolPath(input.notebook_path, ctx);
    const label = displayPath(abs, ctx);
    const { raw, seen } = await loadNotebook(abs, label);
    const nb = parseNotebook(raw, label);
    let text: string;
    if (input.cell_id !== undefined) {
      const index = findCellIndex(nb, input.cell_id);
      if (index < 0) throw new ToolError(`${label} has no cell "${input.cell_id}"; ${describeCellIds(nb)}.`);
      text = renderCell(nb.cells[index]!, index);
    } else {
      text = renderNotebook(nb, label);
    }
    ctx.files.recordRead(abs, seen);
    return {
      forModel: text,
      summary: input.cell_id !== undefined ? `Read cell ${input.cell_id}` : `Read notebook (${nb.cells.length} cells)`,
      details: { filePath: abs, cells: nb.cells.length, cellId: input.cell_id },
    };
  },
});
