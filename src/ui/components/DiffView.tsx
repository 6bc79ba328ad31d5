// The diff inside a permission prompt: header with path and +/- counts, then lines clamped to the rows given.
import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import { buildDiffLines, diffHeader } from '../format/diff-lines';
import { relPath } from '../format/tool-text';
import { gray, yellow } from '../theme/ansi';

export interface DiffViewProps {
  path: string;
  oldText: string | null;
  newText: string;
  cwd: string;
  /** Rows the whole view may use, header included. */
  maxRows: number;
  width: number;
  outsideProject?: boolean;
}

export function DiffView(props: DiffViewProps): React.JSX.Element {
  const { path, oldText, newText, cwd, maxRows, width, outsideProject } = props;
  const d = useMemo(() => buildDiffLines(oldText, newText, width), [oldText, newText, width]);
  const header = diffHeader(relPath(path, cwd), d) + (outsideProject ? ' ' + yellow('(outside the project)') : '');
  const bodyRows = Math.max(1, maxRows - 1);
  const clamped = d.lines.length > bodyRows;
  const shown = clamped ? d.lines.slice(0, Math.max(1, bodyRows - 1)) : d.lines;
  const hidden = d.lines.length - shown.length;
  const text = [header, ...shown, ...(clamped ? [gray(`+${hidden} lines (ctrl+o to expand)`)] : [])].join('\n');
  return (
    <Box flexDirection="column">
      <Text>{text}</Text>
    </Box>
  );
}

/** The full diff as text (ctrl+o prints it into the transcript). */
export function fullDiffText(path: string, oldText: string | null, newText: string, cwd: string, width: number): string {
  const d = buildDiffLines(oldText, newText, width);
  return [diffHeader(relPath(path, cwd), d), ...d.lines].join('\n');
}
