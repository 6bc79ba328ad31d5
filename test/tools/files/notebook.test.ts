import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { locateCells } from '../../../src/tools/notebook-format';
import { notebookEditTool } from '../../../src/tools/notebook-edit';
import { notebookReadTool } from '../../../src/tools/notebook-read';
import { call, expectError, expectOk, makeCtx, tempDir } from './ctx';

/**
 * A notebook as Jupyter writes it (1-space indent, sorted keys, raw UTF-8) with details JSON.stringify would
 * not reproduce: a float written as 1.0 and an escaped character. Untouched cells must survive byte for byte.
 */
type Cell = Record<string, unknown>;

function jupyterText(opts: { indent?: number; withIds?: boolean; edit?: (cells: Cell[]) => Cell[] } = {}): string {
  const { indent = 1, withIds = true, edit = (c) => c } = opts;
  const cells: Cell[] = [
    { cell_type: 'markdown', id: 'intro', metadata: { width: 7 }, source: ['# Café ☕\n', 'notes'] },
    {
      cell_type: 'code',
      execution_count: 3,
      id: 'calc',
      metadata: { scrolled: 'SCROLL' },
      outputs: [{ name: 'stdout', output_type: 'stream', text: ['42\n'] }],
      source: ['x = 6 * 7\n', 'print(x)'],
    },
    { cell_type: 'code', execution_count: 4, id: 'plot', metadata: {}, outputs: [], source: ['plot()'] },
  ].map((c) => {
    if (!withIds) delete (c as { id?: string }).id;
    return c;
  });
  const nb = { cells: edit(cells), metadata: { kernelspec: { language: 'python' } }, nbformat: 4, nbformat_minor: withIds ? 5 : 4 };
  return (
    JSON.stringify(nb, null, indent)
      .replace('"width": 7', '"width": 7.0')
      .replace('"SCROLL"', '"a\\/b"') + '\n'
  );
}

function cellTexts(text: string): string[] {
  return locateCells(text).spans.map((s) => text.slice(s.start, s.end));
}

describe('NotebookRead and NotebookEdit', () => {
  let dir: string;
  let ctx: ReturnType<typeof makeCtx>;
  let nbPath: string;
  beforeEach(() => {
    dir = tempDir();
    ctx = makeCtx(dir);
    nbPath = path.join(dir, 'nb.ipynb');
  });
  const readNb = async () => expectOk(await call(notebookReadTool, { notebook_path: 'nb.ipynb' }, ctx));

  it('reads all cells or one cell', async () => {
    fs.writeFileSync(nbPath, jupyterText());
    const all = await readNb();
    expect(all.text).toContain('<cell id="calc" type="code" execution_count="3">\nx = 6 * 7\nprint(x)\n</cell>\n<outputs>\n42\n</outputs>');
    const one = expectOk(await call(notebookReadTool, { notebook_path: 'nb.ipynb', cell_id: 'plot' }, ctx));
    expect(one.text).toBe('<cell id="plot" type="code" execution_count="4">\nplot()\n</cell>');
    const missing = expectError(await call(notebookReadTool, { notebook_path: 'nb.ipynb', cell_id: 'nope' }, ctx));
    expect(missing).toContain('cell ids are: intro, calc, plot');
  });

  it('refuses to edit an unread notebook', async () => {
    fs.writeFileSync(nbPath, jupyterText());
    const err = expectError(await call(notebookEditTool, { notebook_path: 'nb.ipynb', cell_id: 'calc', new_source: 'y' }, ctx));
    expect(err).toMatch(/not read/);
  });

  it('replaces a cell, clears its outputs, and keeps every other cell byte-identical', async () => {
    const original = jupyterText();
    fs.writeFileSync(nbPath, original);
    await readNb();
    expectOk(await call(notebookEditTool, { notebook_path: 'nb.ipynb', cell_id: 'calc', new_source: 'y = 1\nprint(y)\n' }, ctx));
    const updated = fs.readFileSync(nbPath, 'utf8');
    const [a, , c] = cellTexts(original);
    const after = cellTexts(updated);
    expect(after[0]).toBe(a);
    expect(after[2]).toBe(c);
    expect(updated.endsWith('\n')).toBe(true);
    // Everything outside the cells array is untouched too.
    const o = locateCells(original);
    const u = locateCells(updated);
    expect(updated.slice(u.arrayClose)).toBe(original.slice(o.arrayClose));
    const nb = JSON.parse(updated);
    expect(nb.cells[1]).toEqual({
      cell_type: 'code',
      execution_count: null,
      id: 'calc',
      metadata: { scrolled: 'a/b' },
      outputs: [],
      source: ['y = 1\n', 'print(y)\n'],
    });
    // Byte for byte what Jupyter would have written for the new notebook (the replaced cell is re-serialised).
    const replaced: Cell = { cell_type: 'code', execution_count: null, id: 'calc', metadata: { scrolled: 'a/b' }, outputs: [], source: ['y = 1\n', 'print(y)\n'] };
    expect(updated).toBe(jupyterText({ edit: (cs) => cs.map((c) => (c.id === 'calc' ? replaced : c)) }));
    // The replaced cell uses the file's 1-space indentation.
    expect(after[1]).toMatch(/^\{\n {3}"cell_type": "code",\n {3}"execution_count": null,/);
  });

  it('inserts at the start without cell_id and after a given cell, keeping others identical', async () => {
    const original = jupyterText({ indent: 2 });
    fs.writeFileSync(nbPath, original);
    await readNb();
    expectError(await call(notebookEditTool, { notebook_path: 'nb.ipynb', new_source: 'x', edit_mode: 'insert' }, ctx));
    expectOk(await call(notebookEditTool, { notebook_path: 'nb.ipynb', new_source: '## Start', cell_type: 'markdown', edit_mode: 'insert' }, ctx));
    expectOk(
      await call(notebookEditTool, { notebook_path: 'nb.ipynb', cell_id: 'calc', new_source: 'z = 0', cell_type: 'code', edit_mode: 'insert' }, ctx),
    );
    const updated = fs.readFileSync(nbPath, 'utf8');
    const before = cellTexts(original);
    const after = cellTexts(updated);
    expect(after).toHaveLength(5);
    expect([after[1], after[2], after[4]]).toEqual(before);
    const nb = JSON.parse(updated);
    expect(nb.cells[0]).toMatchObject({ cell_type: 'markdown', source: ['## Start'], metadata: {} });
    expect(nb.cells[0].id).toMatch(/^[0-9a-f]{8}$/);
    expect(nb.cells[3]).toMatchObject({ cell_type: 'code', source: ['z = 0'], outputs: [], execution_count: null });
    expect(after[3]).toContain('\n      "cell_type": "code"'); // 2-space file: the cell sits at depth 2
    const top: Cell = { cell_type: 'markdown', id: nb.cells[0].id, metadata: {}, source: ['## Start'] };
    const mid: Cell = { cell_type: 'code', execution_count: null, id: nb.cells[3].id, metadata: {}, outputs: [], source: ['z = 0'] };
    expect(updated).toBe(jupyterText({ indent: 2, edit: (cs) => [top, cs[0]!, cs[1]!, mid, cs[2]!] }));
  });

  it('deletes first, middle and last cells cleanly', async () => {
    const original = jupyterText();
    const cells = cellTexts(original);
    for (const [id, keep] of [
      ['intro', [1, 2]],
      ['calc', [0, 2]],
      ['plot', [0, 1]],
    ] as const) {
      fs.writeFileSync(nbPath, original);
      await readNb();
      expectOk(await call(notebookEditTool, { notebook_path: 'nb.ipynb', cell_id: id, new_source: '', edit_mode: 'delete' }, ctx));
      const updated = fs.readFileSync(nbPath, 'utf8');
      expect(cellTexts(updated)).toEqual(keep.map((i) => cells[i]));
      expect(JSON.parse(updated).cells).toHaveLength(2);
      expect(updated).toBe(jupyterText({ edit: (cs) => cs.filter((c) => c.id !== id) }));
    }
  });

  it('addresses cells without ids as cell-N and adds no ids to nbformat 4.4 files', async () => {
    fs.writeFileSync(nbPath, jupyterText({ withIds: false }));
    const read = await readNb();
    expect(read.text).toContain('<cell id="cell-1" type="code"');
    expectOk(await call(notebookEditTool, { notebook_path: 'nb.ipynb', cell_id: 'cell-2', new_source: 'plot(2)' }, ctx));
    expectOk(await call(notebookEditTool, { notebook_path: 'nb.ipynb', new_source: 'top', cell_type: 'code', edit_mode: 'insert' }, ctx));
    const nb = JSON.parse(fs.readFileSync(nbPath, 'utf8'));
    expect(nb.cells[3].source).toEqual(['plot(2)']);
    expect(nb.cells[0].id).toBeUndefined();
  });

  it('changes a cell type on replace', async () => {
    fs.writeFileSync(nbPath, jupyterText());
    await readNb();
    expectOk(await call(notebookEditTool, { notebook_path: 'nb.ipynb', cell_id: 'calc', new_source: 'Now *text*', cell_type: 'markdown' }, ctx));
    const cell = JSON.parse(fs.readFileSync(nbPath, 'utf8')).cells[1];
    expect(cell).toEqual({ cell_type: 'markdown', id: 'calc', metadata: { scrolled: 'a/b' }, source: ['Now *text*'] });
  });

  it('inserts into an empty notebook', async () => {
    fs.writeFileSync(nbPath, '{\n "cells": [],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n');
    await readNb();
    expectOk(await call(notebookEditTool, { notebook_path: 'nb.ipynb', new_source: 'a', cell_type: 'code', edit_mode: 'insert' }, ctx));
    const text = fs.readFileSync(nbPath, 'utf8');
    expect(JSON.parse(text).cells).toHaveLength(1);
    const id = JSON.parse(text).cells[0].id as string;
    const expected = { cells: [{ cell_type: 'code', execution_count: null, id, metadata: {}, outputs: [], source: ['a'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    expect(text).toBe(JSON.stringify(expected, null, 1) + '\n');
  });

  it('previews a diff of the source cells without writing', async () => {
    fs.writeFileSync(nbPath, jupyterText());
    const p = await notebookEditTool.preview({ notebook_path: 'nb.ipynb', cell_id: 'plot', new_source: 'plot(3)' }, ctx);
    expect(p.kind).toBe('diff');
    if (p.kind === 'diff') {
      expect(p.oldText).toContain('plot()');
      expect(p.newText).toContain('plot(3)');
    }
    expect(fs.readFileSync(nbPath, 'utf8')).toBe(jupyterText());
    const bad = await notebookEditTool.preview({ notebook_path: 'nb.ipynb', cell_id: 'nope', new_source: 'x' }, ctx);
    expect(bad.kind).toBe('info');
  });
});
