// One finished transcript item (printed once through <Static>).
import React from 'react';
import { Box, Text } from 'ink';
import type { ToolCallState } from '../../engine/events';
import type { TranscriptItem } from '../state/types';
import { renderMarkdown } from '../markdown/render';
import { buildDiffLines } from '../format/diff-lines';
import { agentLabel, bold, cyan, dim, gray, green, red, yellow } from '../theme/ansi';

export function toolGlyph(state: ToolCallState, tick = 0): string {
  switch (state) {
    case 'done':
      return green('●');
    case 'error':
      return red('✗');
    case 'denied':
      return yellow('✗');
    case 'cancelled':
      return gray('⊘');
    case 'running':
      return cyan(tick % 2 === 0 ? '●' : '○');
    case 'awaiting_approval':
      return yellow('?');
    case 'pending':
      return gray('○');
    default: {
      const never: never = state;
      return String(never);
    }
  }
}

export function toolHead(name: string, keyArg: string): string {
  return `${bold(name)}${keyArg ? gray('(') + keyArg + gray(')') : ''}`;
}

/** Diff rows an edit keeps in the transcript before the rest is folded into "+N lines". */
export const DIFF_TRANSCRIPT_ROWS = 16;

/** A finished edit's diff under its tool line, folded past DIFF_TRANSCRIPT_ROWS with the count of hidden lines. */
function diffBlock(diff: NonNullable<Extract<TranscriptItem, { kind: 'tool' }>['diff']>, width: number): string[] {
  const d = buildDiffLines(diff.oldText, diff.newText, Math.max(20, width - 4));
  const folded = d.lines.length > DIFF_TRANSCRIPT_ROWS;
  const shown = folded ? d.lines.slice(0, DIFF_TRANSCRIPT_ROWS - 1) : d.lines;
  const rows = shown.map((l) => '    ' + l);
  if (folded) rows.push(gray(`    +${d.lines.length - shown.length} lines (ctrl+o to expand)`));
  return rows;
}

const STATE_WORD: Partial<Record<ToolCallState, string>> = { denied: 'denied', cancelled: 'cancelled', error: 'failed' };

function itemText(item: TranscriptItem, width: number): string {
  switch (item.kind) {
    case 'user':
      return gray('> ') + item.text.split('\n').join('\n  ');
    case 'markdown': {
      const body = renderMarkdown(item.text, width);
      return item.label ? `${agentLabel(item.label.name, item.label.color)}\n${body}` : body;
    }
    case 'thinking':
      return dim(`✻ thinking… (${item.chars} chars)`);
    case 'tool': {
      const label = item.label ? agentLabel(item.label.name, item.label.color) + ' ' : '';
      const lines: string[] = [];
      if (item.phase !== 'result') lines.push(`${toolGlyph(item.phase === 'header' ? 'running' : item.state)} ${label}${toolHead(item.name, item.keyArg)}`);
      if (item.phase !== 'header') {
        const stateWord = STATE_WORD[item.state];
        const code = item.exitCode;
        const word = stateWord && code !== undefined && !item.summary.includes(`exit ${code}`) ? `${stateWord} (exit ${code})` : stateWord;
        const failed = item.state === 'error' || item.state === 'denied' || item.state === 'cancelled';
        const summary = [word ? (item.state === 'error' ? red(word) : yellow(word)) : '', item.state === 'error' ? red(item.summary) : item.summary].filter(Boolean).join(': ');
        if (summary || item.phase === 'result') lines.push(gray('  ⎿ ') + (summary || gray(item.state)));
        if (item.diff) lines.push(...diffBlock(item.diff, width));
        if (item.hiddenLines > 0 && item.excerptFromEnd) lines.push(gray(`    … ${item.hiddenLines} lines above (ctrl+o to expand)`));
        // A failure's lines are the point: drawn plainly, not dimmed, behind a coloured bar.
        if (item.excerpt) lines.push(...item.excerpt.split('\n').map((l) => (failed ? (item.state === 'error' ? red('    │ ') : yellow('    │ ')) + l : '    ' + dim(l))));
        if (item.hiddenLines > 0 && !item.excerptFromEnd) lines.push(gray(`    +${item.hiddenLines} lines (ctrl+o to expand)`));
      }
      return lines.join('\n');
    }
    case 'notice': {
      const paint = item.level === 'error' ? red : item.level === 'warning' ? yellow : gray;
      return paint(`${item.level === 'error' ? '✗' : item.level === 'warning' ? '!' : '•'} ${item.text}`);
    }
    case 'agent_switch':
      return gray('⇄ ') + `${gray('switched to')} ${agentLabel(item.to, item.color)} ${gray(`(from ${item.from}, model ${item.model})`)}`;
    case 'output':
      return item.text;
    default: {
      const never: never = item;
      return String(never);
    }
  }
}

export function TranscriptItemView({ item, width }: { item: TranscriptItem; width: number }): React.JSX.Element {
  const indent = item.depth * 2;
  const text = itemText(item, width - indent);
  return (
    <Box paddingLeft={indent} marginTop={item.kind === 'user' || (item.depth === 0 && item.kind !== 'tool' && item.kind !== 'thinking') ? 1 : 0}>
      <Text>{text}</Text>
    </Box>
  );
}
