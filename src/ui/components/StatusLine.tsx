// One line: agent (in its color), model, mode, context %, tokens and cost; a spinner with elapsed time when busy.
// Too narrow for all of it, the least useful parts are left out whole (never a word cut in the middle).
import React, { memo, useRef } from 'react';
import { Text } from 'ink';
import type { StatusInfo } from '../state/types';
import { agentLabel, cyan, gray, yellow } from '../theme/ansi';
import { formatElapsed, formatTokens } from '../format/tool-text';
import { fitParts, type Part } from '../format/fit-line';
import { SPINNER_FRAMES } from '../hooks/use-ticker';

export function statusText(s: StatusInfo, tick: number, now: number, hint?: string, width = Infinity): string {
  const parts: Part[] = [];
  const paused = s.pausedAt != null;
  if (s.busy && s.busySince !== null) {
    if (paused) parts.push({ text: `${yellow('⏸')} ${gray(`waiting for you · ${formatElapsed(s.pausedAt! - s.busySince)}`)}`, rank: 10 });
    else {
      parts.push({ text: `${cyan(SPINNER_FRAMES[tick % SPINNER_FRAMES.length]!)} ${gray(`working ${formatElapsed(now - s.busySince)}`)}`, rank: 10 });
      parts.push({ text: gray('esc to interrupt'), rank: 2 });
    }
  }
  parts.push({ text: agentLabel(s.agent, s.color), rank: 9 });
  parts.push({ text: gray(s.model || 'no model'), rank: 5 });
  if (s.mode !== 'default') parts.push({ text: yellow(s.mode === 'acceptEdits' ? 'accept edits' : s.mode === 'plan' ? 'plan mode' : s.mode), rank: 8 });
  if (s.contextPct !== null) parts.push({ text: gray(`ctx ${s.contextPct}%`), rank: 3 });
  // While an answer streams, its output tokens are estimated (about 4 characters each) until the usage report.
  // In steps of 10, so the line is not redrawn for every delta (each redraw is bytes to the terminal).
  const out = s.outputTokens + Math.ceil((s.streamedChars ?? 0) / 40) * 10;
  parts.push({ text: gray(`↑${formatTokens(s.inputTokens)} ↓${formatTokens(out)}`), rank: 4 });
  parts.push({ text: gray(`$${s.costUsd.toFixed(s.costUsd < 1 ? 3 : 2)}`), rank: 6 });
  if (hint) parts.push({ text: gray(hint), rank: 1 });
  return fitParts(parts, width, gray(' · '));
}

interface StatusLineProps {
  status: StatusInfo;
  tick: number;
  hint?: string;
  width?: number;
}

function StatusLineView({ status, tick, hint, width }: StatusLineProps): React.JSX.Element {
  // The streamed-token estimate moves with the spinner (a frame every TICK_MS), not with every batch of deltas:
  // a line that changed in every frame was a new text to truncate, measure and write out each time.
  const shown = useRef({ tick, chars: status.streamedChars ?? 0 });
  if (shown.current.tick !== tick || !status.busy) shown.current = { tick, chars: status.streamedChars ?? 0 };
  return <Text wrap="truncate-end">{statusText({ ...status, streamedChars: shown.current.chars }, tick, Date.now(), hint, width)}</Text>;
}

/** Everything but the streamed count is compared: a batch that only adds characters leaves the line as it is. */
function sameLine(a: StatusLineProps, b: StatusLineProps): boolean {
  if (a.tick !== b.tick || a.hint !== b.hint || a.width !== b.width) return false;
  if (a.status === b.status) return true;
  for (const key of Object.keys(b.status) as Array<keyof StatusInfo>) {
    if (key !== 'streamedChars' && a.status[key] !== b.status[key]) return false;
  }
  return Object.keys(a.status).length === Object.keys(b.status).length;
}

export const StatusLine = memo(StatusLineView, sameLine);
