// Messages typed while the agent works, pinned above the input until they are sent (↑ edits the newest, Esc
// removes it). One line each: the first line of the text, cut to the width.
import React from 'react';
import { Box, Text } from 'ink';
import { sanitizeLine } from '../../text/sanitize';
import { gray } from '../theme/ansi';
import type { QueuedMessage } from '../state/use-message-queue';

/** Lines the pinned list may take; older ones fold into "+N more". */
export const QUEUED_MAX_ROWS = 3;

export function queuedRows(count: number): number {
  return Math.min(count, QUEUED_MAX_ROWS);
}

export function QueuedMessages({ items, width }: { items: readonly QueuedMessage[]; width: number }): React.JSX.Element | null {
  if (!items.length) return null;
  const shown = items.length > QUEUED_MAX_ROWS ? items.slice(-(QUEUED_MAX_ROWS - 1)) : items;
  const lines: string[] = [];
  if (shown.length < items.length) lines.push(gray(`  +${items.length - shown.length} more queued`));
  shown.forEach((q, i) => {
    const all = q.text.split('\n');
    const more = all.length > 1 ? gray(` (+${all.length - 1} lines)`) : '';
    const hint = i === shown.length - 1 ? gray('  ↑ edit · esc remove') : '';
    lines.push(`${gray('queued ›')} ${sanitizeLine(all[0]!)}${more}${hint}`);
  });
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l}
        </Text>
      ))}
    </Box>
  );
}
