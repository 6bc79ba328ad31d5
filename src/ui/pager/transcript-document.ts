// The session record as the transcript view draws it: styled rows, each exactly one terminal row at `width`
// (long lines wrap, nothing is cut). Every piece of outside text (prompts, answers, thinking, tool input and output,
// file content in diffs) goes through the sanitiser before any styling is added.
import wrapAnsi from 'wrap-ansi';
import { sanitize, sanitizeLine } from '../../text/sanitize';
import { buildDiffLines, diffHeader } from '../format/diff-lines';
import { keyArgument, relPath } from '../format/tool-text';
import { renderMarkdown } from '../markdown/render';
import { bold, cyan, dim, gray, green, italic, red, yellow } from '../theme/ansi';
import type { RecordEntry, ToolEntry } from './session-record';

const STATE_MARK: Record<ToolEntry['state'], string> = {
  pending: gray('○'),
  awaiting_approval: yellow('?'),
  running: cyan('●'),
  done: green('●'),
  error: red('✗'),
  denied: red('⊘'),
  cancelled: gray('⊘'),
};

/** Outside text as rows of at most `width` columns, each prefixed by `pad` (and painted by `paint`). */
function textRows(text: string, width: number, pad: string, paint: (s: string) => string = (s) => s): string[] {
  const w = Math.max(1, width - pad.length);
  return sanitize(text.replace(/\s+$/, ''))
    .split('\n')
    .flatMap((line) => wrapAnsi(line, w, { hard: true, trim: false }).split('\n'))
    .map((row) => pad + paint(row));
}

/** Already-styled rows (markdown, diffs) wrapped to `width` after `pad`. */
function styledRows(text: string, width: number, pad: string): string[] {
  const w = Math.max(1, width - pad.length);
  return text.split('\n').flatMap((line) => wrapAnsi(line, w, { hard: true, trim: false }).split('\n').map((row) => pad + row));
}

function inputText(input: Record<string, unknown>): string {
  try {
    return JSON.stringify(input, null, 2) ?? '';
  } catch {
    return String(input);
  }
}

function toolRows(t: ToolEntry, width: number, pad: string, cwd: string): string[] {
  const label = t.agent ? `${bold(sanitizeLine(t.agent))} ` : '';
  const state = t.state === 'done' ? '' : gray(` (${t.state === 'awaiting_approval' ? 'waiting for approval' : t.state})`);
  const summary = t.summary ? gray(` · ${sanitizeLine(t.summary)}`) : '';
  const rows = styledRows(`${STATE_MARK[t.state]} ${label}${bold(sanitizeLine(t.name))} ${keyArgument(t.name, t.input, cwd)}${state}${summary}`, width, pad);
  const inner = pad + '  ';
  rows.push(inner + gray('input'));
  rows.push(...textRows(inputText(t.input), width, inner + '  '));
  const p = t.preview;
  if (p?.kind === 'diff') {
    const d = buildDiffLines(p.oldText, p.newText, Math.max(20, width - inner.length - 2));
    rows.push(inner + gray('diff ') + diffHeader(relPath(p.path, cwd), d));
    rows.push(...styledRows(d.lines.join('\n'), width, inner + '  '));
  }
  if (t.output !== undefined) {
    rows.push(inner + gray('output'));
    rows.push(...(t.output.trim() ? textRows(t.output, width, inner + '  ') : [inner + '  ' + dim('(empty)')]));
  }
  return rows;
}

function entryRows(e: RecordEntry, width: number, cwd: string): string[] {
  switch (e.kind) {
    case 'user':
      return textRows(e.text, width - 2, '').map((r, i) => (i === 0 ? cyan('> ') : '  ') + bold(r));
    case 'answer': {
      const pad = ' '.repeat(e.depth * 2);
      const head = e.agent ? [pad + bold(sanitizeLine(e.agent))] : [];
      return [...head, ...styledRows(renderMarkdown(sanitize(e.text), Math.max(20, width - pad.length)), width, pad)];
    }
    case 'thinking': {
      const pad = ' '.repeat(e.depth * 2);
      const head = pad + dim(italic(`✻ thinking${e.agent ? ` (${sanitizeLine(e.agent)})` : ''}`));
      if (e.redacted) return [head, pad + '  ' + dim('(redacted by the API)')];
      return [head, ...textRows(e.text, width, pad + '  ', dim)];
    }
    case 'tool':
      return toolRows(e, width, ' '.repeat(e.depth * 2), cwd);
    case 'notice': {
      const paint = e.level === 'error' ? red : e.level === 'warning' ? yellow : gray;
      return textRows(e.text, width, '', paint);
    }
    case 'agent_switch':
      return [gray(`⇄ ${sanitizeLine(e.from)} → ${sanitizeLine(e.to)}`)];
    default: {
      const never: never = e;
      return [String(never)];
    }
  }
}

/** The whole record as rows for a terminal `width` columns wide, a blank row between entries. */
export function buildDocument(entries: readonly RecordEntry[], width: number, cwd: string): string[] {
  const rows: string[] = [];
  for (const e of entries) {
    if (rows.length) rows.push('');
    rows.push(...entryRows(e, width, cwd));
  }
  return rows;
}
