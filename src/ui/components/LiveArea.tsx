// The re-rendered part above the input: streaming tails and the tool calls in flight, clamped to `maxRows`.
import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { LiveStream, LiveTool } from '../state/types';
import { renderMarkdown } from '../markdown/render';
import { keyArgument, formatElapsed } from '../format/tool-text';
import { countRows, tailRows } from '../format/rows';
import { agentLabel, dim, gray, yellow } from '../theme/ansi';
import { toolGlyph, toolHead } from './TranscriptItemView';

export interface LiveAreaProps {
  streams: LiveStream[];
  tools: LiveTool[];
  maxRows: number;
  width: number;
  cwd: string;
  tick: number;
  now: number;
}

const OUTPUT_ROWS = 4;

function toolLines(t: LiveTool, cwd: string, tick: number, now: number, width: number): string {
  const indent = ' '.repeat(t.speaker.depth * 2);
  const label = t.speaker.depth > 0 ? agentLabel(t.speaker.agent, t.speaker.color) + ' ' : '';
  const state =
    t.state === 'running' && t.startedAt !== undefined
      ? gray(` running ${formatElapsed(now - t.startedAt)}`)
      : t.state === 'awaiting_approval'
        ? yellow(' waiting for approval')
        : t.state === 'pending'
          ? gray(' queued')
          : gray(` ${t.state}`);
  const progress = t.state === 'running' && t.progress ? gray(` · ${t.progress}`) : '';
  const head = `${indent}${toolGlyph(t.state, tick)} ${label}${toolHead(t.name, keyArgument(t.name, t.input, cwd))}${state}${progress}`;
  if (t.state !== 'running' || !t.output) return head;
  const tail = tailRows(t.output.replace(/\s+$/, ''), OUTPUT_ROWS, width - indent.length - 4);
  return head + '\n' + tail.text.split('\n').map((l) => `${indent}    ${dim(l)}`).join('\n');
}

/** The streaming tails, rendered as markdown and clamped to `maxRows`. */
function streamBlock(streams: LiveStream[], maxRows: number, width: number): string {
  let streamRows = maxRows;
  const parts: string[] = [];
  for (const st of streams) {
    if (streamRows <= 0) break;
    const indent = st.speaker.depth * 2;
    let text = '';
    if (st.thinkingChars > 0 && !st.text) text = dim(`✻ thinking… (${st.thinkingChars} chars)`);
    if (st.text.trim()) {
      const label = st.labelPending ? agentLabel(st.speaker.agent, st.speaker.color) + '\n' : '';
      text = label + renderMarkdown(st.text, width - indent);
    }
    if (!text) continue;
    const pad = ' '.repeat(indent);
    const clamped = tailRows(text, streamRows, width - indent);
    const shown = clamped.hidden > 0 && streamRows > 1 ? tailRows(text, streamRows - 1, width - indent) : clamped;
    const block = (shown.hidden > 0 && streamRows > 1 ? gray(`… ${shown.hidden} lines above`) + '\n' : '') + shown.text;
    parts.push(block.split('\n').map((l) => pad + l).join('\n'));
    streamRows -= countRows(block, width - indent);
  }
  return parts.join('\n');
}

export function LiveArea(props: LiveAreaProps): React.JSX.Element | null {
  const { streams, tools, maxRows, width, cwd, tick, now } = props;
  // A Task whose header is already printed (its subagent's calls are printed under it) is not drawn again here.
  const toolText = maxRows > 0 ? tools.filter((t) => !t.headerCommitted).map((t) => toolLines(t, cwd, tick, now, width)).join('\n') : '';
  let toolBlock = toolText;
  let toolRows = toolText ? countRows(toolText, width) : 0;
  if (toolRows > maxRows) {
    toolBlock = tailRows(toolText, maxRows, width).text;
    toolRows = maxRows;
  }
  const streamRows = maxRows - toolRows;
  // Markdown is rendered again only when the text (or the room) changed, not on spinner frames.
  const streamText = useMemo(() => (streamRows > 0 ? streamBlock(streams, streamRows, width) : ''), [streams, streamRows, width]);
  if (maxRows <= 0 || (!streamText && !toolBlock)) return null;
  return (
    <Box flexDirection="column">
      {streamText ? <Text>{streamText}</Text> : null}
      {toolBlock ? <Text>{toolBlock}</Text> : null}
    </Box>
  );
}
