// NotebookEdit: replace, insert or delete one cell of a Jupyter notebook. The change is spliced into the file's
// text so every other cell stays byte-identical (see notebook-format.ts).
import { z } from 'zod';
import { atomicWriteFile, writeRefusal, WriteRefusedError } from './atomic-write';
import { assertWritable, refusalOf, withFileLock } from './file-io';
import { loadNotebook, loadNotebookText } from './notebook-read';
import {
  cellLabel,
  describeCellIds,
  findCellIndex,
  newCellId,
  notebookSourcesText,
  notebookUsesIds,
  parseNotebook,
  spliceNotebook,
  splitSource,
  type CellSplice,
  type Notebook,
  type NotebookCell,
} from './notebook-format';
import { displayPath, isOutsideProject, resolveToolPath } from './paths';
import { defineTool, ToolError } from './types';

const notebookEditSchema = z
  .object({
    notebook_path: z.string().describe('Path of the .ipynb file, absolute or relative to the working directory.'),
    new_source: z.string().describe('The new source of the cell (ignored when deleting).'),
    cell_id: z
      .string()
      .optional()
      .describe('The cell to replace or delete, or to insert after (its id, or cell-N, 0-based). Insert without it puts the cell first.'),
    cell_type: z.enum(['code', 'markdown']).optional().describe('Type of the cell; required to insert, optional to change a replaced cell.'),
    edit_mode: z.enum(['replace', 'insert', 'delete']).optional().describe('What to do (default replace).'),
  })
  .strict();

type NotebookEditInput = z.infer<typeof notebookEditSchema>;

const NOTEBOOK_EDIT_DESCRIPTION = `Changes one cell of a Jupyter notebook (.ipynb): replace its source, insert a new cell, or delete it.

- Read the notebook (Read or NotebookRead) yourself first; the edit is refused if it changed since.
- edit_mode "replace" (default) sets the source of cell_id; replacing a code cell clears its outputs and execution count. Pass cell_type to change the cell's type.
- edit_mode "insert" adds a cell after cell_id, or at the start without cell_id; cell_type is required.
- edit_mode "delete" removes cell_id.
- Cells without an id in the file are addressed as cell-0, cell-1, ... (0-based).
- All other cells are left exactly as they were.`;

interface NotebookPlan {
  before: Notebook;
  after: Notebook;
  newRaw: string;
  summary: string;
}

function sourceLike(template: NotebookCell | undefined, text: string): string | string[] {
  return typeof template?.source === 'string' ? text : splitSource(text);
}

/** The replaced cell: same keys in the same order, new source; code cells lose their now-stale outputs. */
function replacedCell(cell: NotebookCell, input: NotebookEditInput): NotebookCell {
  const type = input.cell_type ?? cell.cell_type;
  const source = sourceLike(cell, input.new_source);
  if (type === cell.cell_type) {
    const next: NotebookCell = { ...cell, source };
    if (type === 'code') {
      next.execution_count = null;
      next.outputs = [];
    }
    return next;
  }
  // Type change: rebuild with nbformat's key order (alphabetical, as Jupyter writes it), dropping the fields the
  // new type may not have in nbformat 4 (code cells have no attachments; markdown and raw cells no outputs or
  // execution_count), or the notebook would no longer validate.
  const { outputs: _o, execution_count: _e, attachments: _a, ...rest } = cell;
  const next: NotebookCell = { ...rest, cell_type: type, source };
  if (type !== 'code' && _a !== undefined) next.attachments = _a;
  if (type === 'code') Object.assign(next, { execution_count: null, outputs: [] });
  return Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b))) as NotebookCell;
}

function newCell(nb: Notebook, type: 'code' | 'markdown', source: string): NotebookCell {
  const cell: NotebookCell = { cell_type: type };
  if (type === 'code') cell.execution_count = null;
  if (notebookUsesIds(nb)) cell.id = newCellId();
  cell.metadata = {};
  if (type === 'code') cell.outputs = [];
  cell.source = sourceLike(nb.cells[0], source);
  return cell;
}

function requireCell(nb: Notebook, cellId: string | undefined, label: string, mode: string): number {
  if (cellId === undefined) throw new ToolError(`edit_mode "${mode}" needs cell_id; ${describeCellIds(nb)}.`);
  const index = findCellIndex(nb, cellId);
  if (index < 0) throw new ToolError(`${label} has no cell "${cellId}"; ${describeCellIds(nb)}.`);
  return index;
}

function planNotebookEdit(raw: string, input: NotebookEditInput, label: string): NotebookPlan {
  const before = parseNotebook(raw, label);
  const mode = input.edit_mode ?? 'replace';
  let change: CellSplice;
  let summary: string;
  switch (mode) {
    case 'replace': {
      const index = requireCell(before, input.cell_id, label, mode);
      change = { kind: 'replace', index, cell: replacedCell(before.cells[index]!, input) };
      summary = `Replaced cell ${cellLabel(before.cells[index]!, index)}`;
      break;
    }
    case 'insert': {
      if (!input.cell_type) throw new ToolError('edit_mode "insert" needs cell_type ("code" or "markdown").');
      const index = input.cell_id === undefined ? 0 : requireCell(before, input.cell_id, label, mode) + 1;
      const cell = newCell(before, input.cell_type, input.new_source);
      change = { kind: 'insert', index, cell };
      summary = `Inserted ${input.cell_type} cell ${cellLabel(cell, index)} at position ${index}`;
      break;
    }
    case 'delete': {
      const index = requireCell(before, input.cell_id, label, mode);
      change = { kind: 'delete', index };
      summary = `Deleted cell ${cellLabel(before.cells[index]!, index)}`;
      break;
    }
    default: {
      const never: never = mode;
      throw new ToolError(`Unknown edit_mode ${String(never)}.`);
    }
  }
  let newRaw: string;
  try {
    newRaw = spliceNotebook(raw, change);
  } catch (err) {
    throw new ToolError(`Could not locate the cells in ${label}'s JSON (${(err as Error).message}); the notebook was not changed.`);
  }
  // The splice must yield a notebook whose cells are exactly the intended ones.
  const after = parseNotebook(newRaw, label);
  return { before, after, newRaw, summary };
}

export const notebookEditTool = defineTool({
  name: 'NotebookEdit',
  description: NOTEBOOK_EDIT_DESCRIPTION,
  inputSchema: notebookEditSchema,
  kind: 'edit',
  isReadOnly: () => false,
  validate(input, ctx) {
    const abs = resolveToolPath(input.notebook_path, ctx);
    const label = displayPath(abs, ctx);
    return refusalOf(async () => {
      const { raw, utf8 } = await loadNotebook(abs, label);
      assertWritable(abs, true, ctx);
      if (!utf8) throw new ToolError(`${label} is not valid UTF-8 (notebooks must be); it was not changed.`);
      planNotebookEdit(raw, input, label);
      const refused = await writeRefusal(abs);
      if (refused) throw new ToolError(refused);
    });
  },
  async preview(input, ctx) {
    const abs = resolveToolPath(input.notebook_path, ctx);
    const outsideProject = isOutsideProject(abs, ctx);
    const label = displayPath(abs, ctx);
    try {
      const plan = planNotebookEdit(await loadNotebookText(abs, label), input, label);
      return { kind: 'diff', path: abs, oldText: notebookSourcesText(plan.before), newText: notebookSourcesText(plan.after), outsideProject };
    } catch (err) {
      return { kind: 'info', title: `NotebookEdit ${label} (will fail)`, detail: (err as Error).message, paths: [abs], outsideProject };
    }
  },
  run(input, ctx) {
    return withFileLock(resolveToolPath(input.notebook_path, ctx), async () => {
      const abs = resolveToolPath(input.notebook_path, ctx);
      const label = displayPath(abs, ctx);
      const { raw, utf8 } = await loadNotebook(abs, label);
      assertWritable(abs, true, ctx);
      if (!utf8) throw new ToolError(`${label} is not valid UTF-8 (notebooks must be); it was not changed. Fix or re-save it in Jupyter first.`);
      const plan = planNotebookEdit(raw, input, label);
      if (ctx.signal.aborted) throw new ToolError('Cancelled before writing; the notebook was not changed.');
      const bytes = Buffer.from(plan.newRaw, 'utf8');
      let stat;
      try {
        stat = await atomicWriteFile(abs, bytes);
      } catch (err) {
        if (err instanceof WriteRefusedError) throw new ToolError(err.message);
        throw new ToolError(`Could not write ${abs}: ${(err as Error).message}. The notebook was left unchanged.`);
      }
      ctx.files.recordWrite(abs, { bytes, stat });
      return {
        forModel: `${plan.summary} in ${abs}.`,
        summary: `${plan.summary} in ${label}`,
        details: { filePath: abs, editMode: input.edit_mode ?? 'replace', cellId: input.cell_id, cellType: input.cell_type, newSource: input.new_source },
      };
    });
  },
});
