// Issue #13, notebooks: changing a cell's type leaves a valid nbformat 4 cell (a code cell has no attachments, a
// markdown cell no outputs or execution_count), and the file keeps its own indentation and final newline.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { notebookEditTool } from '../../../src/tools/notebook-edit';
import { readTool } from '../../../src/tools/read';
import { call, expectOk, makeCtx, tempDir } from './ctx';

let dir: string;
let ctx: ReturnType<typeof makeCtx>;
beforeEach(() => {
  dir = tempDir();
  ctx = makeCtx(dir);
});

/** The keys nbformat 4's schema allows on each cell type (additionalProperties is false there). */
const ALLOWED: Record<string, string[]> = {
  code: ['id', 'cell_type', 'metadata', 'source', 'outputs', 'execution_count'],
  markdown: ['id', 'cell_type', 'metadata', 'source', 'attachments'],
  raw: ['id', 'cell_type', 'metadata', 'source', 'attachments'],
};
const REQUIRED: Record<string, string[]> = {
  code: ['cell_type', 'metadata', 'source', 'outputs', 'execution_count'],
  markdown: ['cell_type', 'metadata', 'source'],
  raw: ['cell_type', 'metadata', 'source'],
};

function expectValidCells(cells: Array<Record<string, unknown>>): void {
  for (const cell of cells) {
    const type = String(cell.cell_type);
    for (const key of Object.keys(cell)) expect(ALLOWED[type], `${type} cell has "${key}"`).toContain(key);
    for (const key of REQUIRED[type]!) expect(cell, `${type} cell lacks "${key}"`).toHaveProperty(key);
  }
}

function notebook(indent: number, finalNewline: boolean): string {
  const nb = {
    cells: [
      { attachments: { 'a.png': { 'image/png': 'iVBORw0KGgo=' } }, cell_type: 'markdown', id: 'md', metadata: {}, source: ['![a](attachment:a.png)'] },
      { cell_type: 'code', execution_count: 3, id: 'code', metadata: {}, outputs: [{ name: 'stdout', output_type: 'stream', text: ['hi\n'] }], source: ['print("hi")'] },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(nb, null, indent) + (finalNewline ? '\n' : '');
}

async function edit(input: Record<string, unknown>): Promise<string> {
  expectOk(await call(readTool, { file_path: 'n.ipynb' }, ctx));
  expectOk(await call(notebookEditTool, { notebook_path: 'n.ipynb', ...input }, ctx));
  return fs.readFileSync(path.join(dir, 'n.ipynb'), 'utf8');
}

describe('NotebookEdit cell types', () => {
  it('markdown with attachments -> code: attachments go, outputs and execution_count come', async () => {
    fs.writeFileSync(path.join(dir, 'n.ipynb'), notebook(1, true));
    const after = JSON.parse(await edit({ cell_id: 'md', new_source: 'x = 1', cell_type: 'code' }));
    expect(after.cells[0]).toEqual({ cell_type: 'code', execution_count: null, id: 'md', metadata: {}, outputs: [], source: ['x = 1'] });
    expectValidCells(after.cells);
  });

  it('code -> markdown: outputs and execution_count go', async () => {
    fs.writeFileSync(path.join(dir, 'n.ipynb'), notebook(1, true));
    const after = JSON.parse(await edit({ cell_id: 'code', new_source: '# Title', cell_type: 'markdown' }));
    expect(after.cells[1]).toEqual({ cell_type: 'markdown', id: 'code', metadata: {}, source: ['# Title'] });
    expectValidCells(after.cells);
  });

  it('markdown stays markdown: its attachments are kept', async () => {
    fs.writeFileSync(path.join(dir, 'n.ipynb'), notebook(1, true));
    const after = JSON.parse(await edit({ cell_id: 'md', new_source: 'text' }));
    expect(after.cells[0].attachments).toBeDefined();
    expectValidCells(after.cells);
  });

  for (const [indent, finalNewline] of [[4, false], [2, true], [1, false]] as const) {
    it(`keeps a ${indent}-space indentation and ${finalNewline ? 'the' : 'no'} final newline`, async () => {
      fs.writeFileSync(path.join(dir, 'n.ipynb'), notebook(indent, finalNewline));
      const text = await edit({ cell_id: 'code', new_source: '# T', cell_type: 'markdown' });
      const parsed = JSON.parse(text);
      expect(text).toBe(JSON.stringify(parsed, null, indent) + (finalNewline ? '\n' : ''));
    });
  }
});
