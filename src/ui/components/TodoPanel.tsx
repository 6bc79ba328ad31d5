// The agent's plan (TodoWrite), updated in place under the transcript; never printed into it.
import React from 'react';
import { Text } from 'ink';
import type { TodoItem } from '../../tools/types';
import { bold, cyan, dim, gray, strike } from '../theme/ansi';
import { SPINNER_FRAMES } from '../hooks/use-ticker';
import { sanitizeLine } from '../../text/sanitize';

export interface TodoPanelProps {
  todos: TodoItem[];
  /** Rows the panel may use. */
  maxRows: number;
  /** Spinner frame; the caller ticks it only while the agent works. */
  tick: number;
}

export function todoLines(todos: TodoItem[], tick: number): string[] {
  return todos.map((item) => {
    // The model writes the todos: one line each, whatever it sent.
    const t = { ...item, content: sanitizeLine(item.content), activeForm: sanitizeLine(item.activeForm) };
    if (t.status === 'completed') return dim(`☑ ${strike(t.content)}`);
    if (t.status === 'in_progress') return cyan(`${SPINNER_FRAMES[tick % SPINNER_FRAMES.length]} ${bold(t.activeForm || t.content)}`);
    return `☐ ${t.content}`;
  });
}

export function TodoPanel({ todos, maxRows, tick }: TodoPanelProps): React.JSX.Element | null {
  if (todos.length === 0 || maxRows < 2) return null;
  const done = todos.filter((t) => t.status === 'completed').length;
  let lines = todoLines(todos, tick);
  const room = maxRows - 1;
  if (lines.length > room) {
    // Keep the item in progress visible: start the window a little before it.
    const active = Math.max(0, todos.findIndex((t) => t.status !== 'completed'));
    const start = Math.min(Math.max(0, active - 1), lines.length - (room - 1));
    const hidden = lines.length - (room - 1);
    lines = [...lines.slice(start, start + room - 1), gray(`… ${hidden} more`)];
  }
  return <Text wrap="truncate-end">{[gray(`Todos ${done}/${todos.length} (ctrl+t to hide)`), ...lines].join('\n')}</Text>;
}
