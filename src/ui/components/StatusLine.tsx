// One line: agent (in its color), model, mode, context %, tokens and cost; a spinner with elapsed time when busy.
import React, { memo, useRef } from 'react';
import { Text } from 'ink';
import type { StatusInfo } from '../state/types';
import { agentLabel, cyan, gray, yellow } from '../theme/ansi';
import { formatElapsed, formatTokens } from '../format/tool-text';
import { SPINNER_FRAMES } from '../hooks/use-ticker';

export function statusText(s: StatusInfo, tick: number, now: number, hint?: string): string {
  const parts = [agentLabel(s.agent, s.color), gray(s.model || 'no model')];
  if (s.mode !== 'default') parts.push(yellow(s.mode === 'acceptEdits' ? 'accept edits' : s.mode === 'plan' ? 'plan mode' : s.mode));
  if (s.contextPct !== null) parts.push(gray(`ctx ${s.contextPct}%`));
  // While an answer streams, its output tokens are estimated (about 4 characters each) until the usage report.
  // In steps of 10, so the line is not redrawn for every delta (each redraw is bytes to the terminal).
  const out = s.outputTokens + Math.ceil((s.streamedChars ?? 0) / 40) * 10;
  parts.push(gray(`↑${formatTokens(s.inputTokens)} ↓${formatTokens(out)} $${s.costUsd.toFixed(s.costUsd < 1 ? 3 : 2)}`));
  const left = parts.join(gray(' · '));
  const paused = s.pausedAt != null;
  const busy =
    s.busy && s.busySince !== null
      ? paused
        ? `${yellow('⏸')} ${gray(`waiting for you · ${formatElapsed(s.pausedAt! - s.busySince)}`)}  `
        : `${cyan(SPINNER_FRAMES[tick % SPINNER_FRAMES.length]!)} ${gray(`working ${formatElapsed(now - s.busySince)} · esc to interrupt`)}  `
      : '';
  return busy + left + (hint ? '  ' + gray(hint) : '');
}

interface StatusLineProps {
  status: StatusInfo;
  tick: number;
  hint?: string;
}

function StatusLineView({ status, tick, hint }: StatusLineProps): React.JSX.Element {
  // The streamed-token estimate moves with the spinner (a frame every TICK_MS), not with every batch of deltas:
  // a line that changed in every frame was a new text to truncate, measure and write out each time.
  const shown = useRef({ tick, chars: status.streamedChars ?? 0 });
  if (shown.current.tick !== tick || !status.busy) shown.current = { tick, chars: status.streamedChars ?? 0 };
  return <Text wrap="truncate-end">{statusText({ ...status, streamedChars: shown.current.chars }, tick, Date.now(), hint)}</Text>;
}

/** Everything but the streamed count is compared: a batch that only adds characters leaves the line as it is. */
function sameLine(a: StatusLineProps, b: StatusLineProps): boolean {
  if (a.tick !== b.tick || a.hint !== b.hint) return false;
  if (a.status === b.status) return true;
  for (const key of Object.keys(b.status) as Array<keyof StatusInfo>) {
    if (key !== 'streamedChars' && a.status[key] !== b.status[key]) return false;
  }
  return Object.keys(a.status).length === Object.keys(b.status).length;
}

export const StatusLine = memo(StatusLineView, sameLine);
