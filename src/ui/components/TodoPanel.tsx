// The agent's plan (TodoWrite), updated in place under the transcript; never printed into it.
import React from 'react';
import { Text } from 'ink';
import type { TodoItem } from '../../tools/types';
import { bold, cyan, dim, gray, strike } from '../theme/ansi';
import { SPINNER_FRAMES } from '../hooks/use-ticker';
import { sanitizeLine } from '../../text/sanitize';
import { fitParts, fitWords } from '../format/fit-line';

export interface TodoPanelProps {
  todos: TodoItem[];
  /** Rows the panel may use. */
  maxRows: number;
  /** Spinner frame; the caller ticks it only while the agent works. */
  tick: number;
  /** Terminal columns: an item too long for a row is shortened by whole words. */
  width?: number;
  /** One summary row instead of the list (while a permission prompt needs the room). */
  folded?: boolean;
}

export function todoLines(todos: TodoItem[], tick: number, width = Infinity): string[] {
  // Each row is a mark, a space and the text.
  const fit = (s: string) => fitWords(sanitizeLine(s), width - 2);
  return todos.map((item) => {
    // The model writes the todos: one line each, whatever it sent.
    const t = { ...item, content: fit(item.content), activeForm: fit(item.activeForm) };
    if (t.status === 'completed') return dim(`☑ ${strike(t.content)}`);
    if (t.status === 'in_progress') return cyan(`${SPINNER_FRAMES[tick % SPINNER_FRAMES.length]} ${bold(t.activeForm || t.content)}`);
    return `☐ ${t.content}`;
  });
}

/** The folded panel's one row: `☐ 3 todos (1 done, 1 in progress)`. */
export function todoSummary(todos: TodoItem[]): string {
  const done = todos.filter((t) => t.status === 'completed').length;
  const active = todos.filter((t) => t.status === 'in_progress').length;
  const counts = [done ? `${done} done` : '', active ? `${active} in progress` : ''].filter(Boolean).join(', ');
  return `☐ ${todos.length} todo${todos.length === 1 ? '' : 's'}${counts ? ` (${counts})` : ''}`;
}

export function TodoPanel({ todos, maxRows, tick, width = Infinity, folded }: TodoPanelProps): React.JSX.Element | null {
  if (todos.length === 0 || maxRows < 1) return null;
  if (folded) return <Text wrap="truncate-end">{gray(fitParts([{ text: todoSummary(todos), rank: 2 }, { text: 'shown again after the prompt', rank: 1 }], width, ' · '))}</Text>;
  if (maxRows < 2) return null;
  const done = todos.filter((t) => t.status === 'completed').length;
  let lines = todoLines(todos, tick, width);
  const room = maxRows - 1;
  if (lines.length > room) {
    // Keep the item in progress visible: start the window a little before it.
    const active = Math.max(0, todos.findIndex((t) => t.status !== 'completed'));
    const start = Math.min(Math.max(0, active - 1), lines.length - (room - 1));
    const hidden = lines.length - (room - 1);
    lines = [...lines.slice(start, start + room - 1), gray(`… ${hidden} more`)];
  }
  return <Text wrap="truncate-end">{[gray(fitWords(`Todos ${done}/${todos.length} (ctrl+t to hide)`, width)), ...lines].join('\n')}</Text>;
}
