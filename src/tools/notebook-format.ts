// nbformat 4 notebooks: parsing, rendering for the model, and edits that leave every untouched cell
// byte-identical. Re-serialising the whole file would reformat numbers (Python writes 1.0, JSON.stringify 1),
// escapes and indentation in cells nobody touched, so edits are spliced into the original text instead: we locate
// each cell's character span with a small JSON scanner and replace, insert or remove only the target span.
import { randomBytes } from 'node:crypto';
import { ToolError } from './types';

export type CellType = 'code' | 'markdown' | 'raw';

export interface NotebookCell {
  cell_type: CellType;
  id?: string;
  source?: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  [key: string]: unknown;
}

export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  [key: string]: unknown;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata?: Record<string, unknown>;
  cells: NotebookCell[];
  [key: string]: unknown;
}

export function parseNotebook(text: string, label: string): Notebook {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ToolError(`${label} is not valid JSON (${(err as Error).message}), so it cannot be read as a notebook.`);
  }
  const nb = data as Partial<Notebook> | null;
  if (!nb || typeof nb !== 'object' || !Array.isArray(nb.cells)) {
    throw new ToolError(`${label} has no "cells" list: it is not a Jupyter notebook.`);
  }
  if (nb.nbformat !== 4) {
    throw new ToolError(`${label} is nbformat ${String(nb.nbformat)}; only nbformat 4 notebooks are supported.`);
  }
  return nb as Notebook;
}

export function joinText(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join('') : value;
}

/** nbformat stores source as lines that keep their "\n" (the last one has none). */
export function splitSource(source: string): string[] {
  if (source === '') return [];
  return source.split(/(?<=\n)/);
}

/** The id the model uses for a cell: its own id, else `cell-N` (0-based position). */
export function cellLabel(cell: NotebookCell, index: number): string {
  return typeof cell.id === 'string' && cell.id ? cell.id : `cell-${index}`;
}

/** Index of the cell with this id; `cell-N` addresses cells by position when no cell has that literal id. */
export function findCellIndex(nb: Notebook, cellId: string): number {
  const byId = nb.cells.findIndex((c) => c.id === cellId);
  if (byId >= 0) return byId;
  const m = /^cell-(\d+)$/.exec(cellId);
  if (m) {
    const n = Number(m[1]);
    if (n < nb.cells.length) return n;
  }
  return -1;
}

export function describeCellIds(nb: Notebook): string {
  const ids = nb.cells.map((c, i) => cellLabel(c, i));
  if (ids.length === 0) return 'the notebook has no cells';
  const shown = ids.slice(0, 20).join(', ');
  return `cell ids are: ${shown}${ids.length > 20 ? `, ... (${ids.length} in all)` : ''}`;
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const OUTPUT_CAP = 10_000;

function renderOutput(out: NotebookOutput): string {
  switch (out.output_type) {
    case 'stream':
      return joinText(out.text);
    case 'error':
      return [`${out.ename ?? 'Error'}: ${out.evalue ?? ''}`, ...(out.traceback ?? []).map((l) => l.replace(ANSI, ''))].join('\n');
    case 'execute_result':
    case 'display_data': {
      const data = out.data ?? {};
      const parts: string[] = [];
      for (const [mime, value] of Object.entries(data)) {
        if (mime.startsWith('image/')) {
          const size = joinText(value as string | string[]).length;
          parts.push(`[${mime} image output, ${size} characters of base64, not shown]`);
        }
      }
      const text = data['text/plain'] ?? data['text/markdown'];
      if (text !== undefined) parts.unshift(joinText(text as string | string[]));
      else if (data['text/html'] !== undefined && parts.length === 0) {
        parts.push(`[text/html output, ${joinText(data['text/html'] as string | string[]).length} characters, not shown]`);
      }
      return parts.join('\n');
    }
    default:
      return `[${out.output_type} output]`;
  }
}

export function renderCell(cell: NotebookCell, index: number): string {
  const attrs = [`id="${cellLabel(cell, index)}"`, `type="${cell.cell_type}"`];
  if (cell.cell_type === 'code' && typeof cell.execution_count === 'number') {
    attrs.push(`execution_count="${cell.execution_count}"`);
  }
  const lines = [`<cell ${attrs.join(' ')}>`, joinText(cell.source).replace(/\n$/, ''), '</cell>'];
  const outputs = (cell.outputs ?? []).map(renderOutput).filter((t) => t !== '');
  if (outputs.length) {
    let text = outputs.join('\n').replace(/\n$/, '');
    if (text.length > OUTPUT_CAP) {
      text = `${text.slice(0, OUTPUT_CAP)}\n[... ${text.length - OUTPUT_CAP} more characters of output]`;
    }
    lines.push('<outputs>', text, '</outputs>');
  }
  return lines.join('\n');
}

export function renderNotebook(nb: Notebook, label: string): string {
  const lang =
    ((nb.metadata?.['language_info'] as { name?: string } | undefined)?.name ??
      (nb.metadata?.['kernelspec'] as { language?: string } | undefined)?.language) ||
    'unknown';
  const head = `Notebook ${label}: ${nb.cells.length} cell${nb.cells.length === 1 ? '' : 's'}, language ${lang}, nbformat ${nb.nbformat}.${nb.nbformat_minor}`;
  if (nb.cells.length === 0) return `${head}\n(the notebook has no cells)`;
  return [head, ...nb.cells.map(renderCell)].join('\n\n');
}

/** The source cells as plain text, for diff previews of notebook edits. */
export function notebookSourcesText(nb: Notebook): string {
  return nb.cells
    .map((c, i) => `# ---- cell ${cellLabel(c, i)} (${c.cell_type}) ----\n${joinText(c.source).replace(/\n$/, '')}\n`)
    .join('\n');
}

// ---------- span scanning ----------

interface CellsLayout {
  /** Index of the `[` of the cells array and of its `]`. */
  arrayOpen: number;
  arrayClose: number;
  /** [start, end) of each cell's JSON text. */
  spans: Array<{ start: number; end: number }>;
}

const WS = new Set([' ', '\t', '\n', '\r']);

function skipWs(text: string, i: number): number {
  while (i < text.length && WS.has(text[i]!)) i++;
  return i;
}

function scanString(text: string, i: number): number {
  // text[i] is the opening quote; returns the index just past the closing quote.
  for (let j = i + 1; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\') j++;
    else if (ch === '"') return j + 1;
  }
  throw new Error('unterminated string');
}

function scanValue(text: string, i: number): number {
  const ch = text[i];
  if (ch === '"') return scanString(text, i);
  if (ch === '{' || ch === '[') {
    const close = ch === '{' ? '}' : ']';
    let j = skipWs(text, i + 1);
    if (text[j] === close) return j + 1;
    for (;;) {
      if (ch === '{') {
        j = scanString(text, j);
        j = skipWs(text, j);
        j = skipWs(text, j + 1); // past ':'
      }
      j = skipWs(text, scanValue(text, j));
      if (text[j] === ',') j = skipWs(text, j + 1);
      else if (text[j] === close) return j + 1;
      else throw new Error(`unexpected ${text[j] ?? 'end'} at ${j}`);
    }
  }
  let j = i;
  while (j < text.length && !WS.has(text[j]!) && text[j] !== ',' && text[j] !== ']' && text[j] !== '}') j++;
  return j;
}

export function locateCells(text: string): CellsLayout {
  let i = skipWs(text, text.startsWith('\uFEFF') ? 1 : 0);
  if (text[i] !== '{') throw new Error('notebook is not a JSON object');
  i = skipWs(text, i + 1);
  while (i < text.length && text[i] !== '}') {
    const keyEnd = scanString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const valueStart = skipWs(text, skipWs(text, keyEnd) + 1);
    if (key === 'cells' && text[valueStart] === '[') {
      const spans: CellsLayout['spans'] = [];
      let j = skipWs(text, valueStart + 1);
      while (text[j] !== ']') {
        const end = scanValue(text, j);
        spans.push({ start: j, end });
        j = skipWs(text, end);
        if (text[j] === ',') j = skipWs(text, j + 1);
      }
      return { arrayOpen: valueStart, arrayClose: j, spans };
    }
    i = skipWs(text, scanValue(text, valueStart));
    if (text[i] === ',') i = skipWs(text, i + 1);
  }
  throw new Error('no cells array');
}

function lineIndentBefore(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(lineStart, pos));
  return m ? m[0] : '';
}

/** The file's indentation unit: Jupyter writes 1 space; other tools 2 or 4; '' for minified files. */
export function detectIndent(text: string): string {
  const m = /^\uFEFF?\{[ \t]*\r?\n([ \t]+)"/.exec(text);
  return m ? m[1]! : '';
}

function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON text for one cell, indented to sit at `baseIndent` inside the cells array. */
function serialiseCell(cell: NotebookCell, original: string, baseIndent: string): string {
  const unit = detectIndent(original);
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  let json = JSON.stringify(cell, null, unit);
  // Files written with ensure_ascii escape every non-ASCII character; keep new text consistent with them.
  if (!/[\u0080-\uffff]/.test(original) && /\\u[0-9a-fA-F]{4}/.test(original)) json = escapeNonAscii(json);
  if (unit === '') return json;
  return json.split('\n').join(eol + baseIndent);
}

export type CellSplice =
  | { kind: 'replace'; index: number; cell: NotebookCell }
  | { kind: 'insert'; index: number; cell: NotebookCell }
  | { kind: 'delete'; index: number };

/** Applies one cell change to the notebook's original text, leaving every other byte where it was. */
export function spliceNotebook(original: string, change: CellSplice): string {
  const layout = locateCells(original);
  const { spans } = layout;
  const unit = detectIndent(original);
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const elemIndent = spans.length
    ? lineIndentBefore(original, spans[0]!.start)
    : lineIndentBefore(original, layout.arrayOpen) + unit;
  const sep = unit === '' && !spans.some((s) => original.slice(0, s.start).endsWith('\n')) ? '' : eol + elemIndent;

  switch (change.kind) {
    case 'replace': {
      const span = spans[change.index]!;
      return original.slice(0, span.start) + serialiseCell(change.cell, original, elemIndent) + original.slice(span.end);
    }
    case 'delete': {
      const span = spans[change.index]!;
      if (spans.length === 1) {
        return original.slice(0, layout.arrayOpen + 1) + original.slice(layout.arrayClose);
      }
      const next = spans[change.index + 1];
      if (next) return original.slice(0, span.start) + original.slice(next.start);
      const prev = spans[change.index - 1]!;
      return original.slice(0, prev.end) + original.slice(span.end);
    }
    case 'insert': {
      const cellText = serialiseCell(change.cell, original, elemIndent);
      if (spans.length === 0) {
        const closeIndent = lineIndentBefore(original, layout.arrayOpen);
        const inner = sep ? `${sep}${cellText}${eol}${closeIndent}` : cellText;
        return original.slice(0, layout.arrayOpen + 1) + inner + original.slice(layout.arrayClose);
      }
      if (change.index < spans.length) {
        const at = spans[change.index]!.start;
        return original.slice(0, at) + cellText + ',' + (sep || '') + original.slice(at);
      }
      const at = spans[spans.length - 1]!.end;
      return original.slice(0, at) + ',' + sep + cellText + original.slice(at);
    }
    default: {
      const never: never = change;
      return never;
    }
  }
}

export function newCellId(): string {
  return randomBytes(4).toString('hex');
}

/** Whether new cells should carry ids (nbformat 4.5 and later, or any cell already has one). */
export function notebookUsesIds(nb: Notebook): boolean {
  return nb.nbformat_minor >= 5 || nb.cells.some((c) => typeof c.id === 'string');
}
