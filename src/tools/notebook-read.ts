// NotebookRead: a Jupyter notebook's cells (id, type, source) with their outputs, or one cell by id.
import fs from 'node:fs/promises';
import { z } from 'zod';
import { missingFileError } from './file-io';
import { describeCellIds, findCellIndex, parseNotebook, renderCell, renderNotebook } from './notebook-format';
import { displayPath, isOutsideProject, resolveToolPath } from './paths';
import { defineTool, ToolError } from './types';

const notebookReadSchema = z
  .object({
    notebook_path: z.string().describe('Path of the .ipynb file, absolute or relative to the working directory.'),
    cell_id: z.string().optional().describe('Show only this cell (its id, or cell-N for the N-th cell, 0-based).'),
  })
  .strict();

const NOTEBOOK_READ_DESCRIPTION = `Reads a Jupyter notebook (.ipynb) and shows every cell with its id, type, source and outputs (text outputs in full, images as a note).

- Pass cell_id to see a single cell. Cells without an id in the file are addressed as cell-0, cell-1, ...
- Use the ids shown here with NotebookEdit.`;

export async function loadNotebookText(abs: string, label: string): Promise<string> {
  try {
    const stat = await fs.stat(abs);
    if (stat.isDirectory()) throw new ToolError(`${label} is a directory, not a notebook: use LS to list it.`);
    return await fs.readFile(abs, 'utf8');
  } catch (err) {
    if (err instanceof ToolError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw await missingFileError(abs, label);
    throw new ToolError(`Cannot read ${label}: ${(err as Error).message}`);
  }
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
    const nb = parseNotebook(await loadNotebookText(abs, label), label);
    let text: string;
    if (input.cell_id !== undefined) {
      const index = findCellIndex(nb, input.cell_id);
      if (index < 0) throw new ToolError(`${label} has no cell "${input.cell_id}"; ${describeCellIds(nb)}.`);
      text = renderCell(nb.cells[index]!, index);
    } else {
      text = renderNotebook(nb, label);
    }
    ctx.files.recordRead(abs);
    return {
      forModel: text,
      summary: input.cell_id !== undefined ? `Read cell ${input.cell_id}` : `Read notebook (${nb.cells.length} cells)`,
      details: { filePath: abs, cells: nb.cells.length, cellId: input.cell_id },
    };
  },
});
