// Asks the user about one tool call: who asks, what it will do (diff / command / info), and four choices: once,
// for the session, no (with a comment), always (saved to .tandem/settings.local.json).
import React, { useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { usePasteAwareInput } from '../input/use-paste-aware-input';
import type { UserDecision } from '../../permissions/types';
import type { PermissionRequest } from '../state/types';
import { agentLabel, bold, cyan, dim, gray, inverse, yellow } from '../theme/ansi';
import { relPath } from '../format/tool-text';
import { DiffView } from './DiffView';
import { safeRequest } from '../state/safe-text';
import wrapAnsi from 'wrap-ansi';
import { fitParts } from '../format/fit-line';

/**
 * The prompt's first row: a badge in inverse video. Outside text can never draw it: the sanitiser turns every escape
 * sequence in it into visible text, and even in command output, where our own colours are kept, inverse video is
 * refused (src/text/sanitize.ts). So a model that prints "wants to use Bash … 1. Yes" makes lines without it.
 */
export const PROMPT_BADGE = ' permission ';

export interface PermissionPromptProps {
  request: PermissionRequest;
  cwd: string;
  width: number;
  /** Rows the prompt may take in total. */
  maxRows: number;
  onDecision: (decision: UserDecision) => void;
  /** ctrl+o: the transcript view (or, without one, the full preview printed into the transcript). */
  onExpand?: () => void;
  /** False while something else has the keyboard (the transcript view): the prompt waits, keeping its state. */
  isActive?: boolean;
}

/** Rows used by everything except the preview body. */
const CHROME_ROWS = 9;
const CHOICES = 4;

function PreviewBody({ request, cwd, width, rows }: { request: PermissionRequest; cwd: string; width: number; rows: number }) {
  const p = request.preview;
  switch (p.kind) {
    case 'diff':
      return <DiffView path={p.path} oldText={p.oldText} newText={p.newText} cwd={cwd} width={width} maxRows={rows} outsideProject={p.outsideProject} />;
    case 'command': {
      // The command is what the user approves: all of it, wrapped by the terminal, never cut (the header does not
      // repeat it).
      const lines = [
        ...p.command.split('\n').map((l, i) => (i === 0 ? '$ ' : '  ') + l),
        gray(`in ${p.cwd}`) + (p.outsideProject ? ' ' + yellow('(outside the project)') : ''),
        ...(p.description ? [dim(p.description)] : []),
      ];
      return <Text>{lines.join('\n')}</Text>;
    }
    case 'info': {
      const detail = (p.detail ?? '').split('\n').filter(Boolean);
      const shown = detail.slice(0, Math.max(0, rows - 1));
      return (
        <Text>
          {[bold(p.title) + (p.outsideProject ? ' ' + yellow('(outside the project)') : ''), ...shown.map((l) => dim(l))].join('\n')}
        </Text>
      );
    }
    default: {
      const never: never = p;
      return <Text>{String(never)}</Text>;
    }
  }
}

export function PermissionPrompt(props: PermissionPromptProps): React.JSX.Element {
  const { cwd, maxRows, onDecision, onExpand } = props;
  // The reducer sanitised it already; done again (idempotent, once per request) so this component is safe alone.
  const request = useMemo(() => safeRequest(props.request), [props.request]);
  const width = props.width - request.speaker.depth * 2;
  const [selected, setSelectedState] = useState(0);
  const [feedbackOpen, setFeedbackOpenState] = useState(false);
  const [feedback, setFeedbackState] = useState('');
  // Keys can arrive faster than React re-renders: the handler reads and writes these refs.
  const ref = useRef({ selected: 0, feedbackOpen: false, feedback: '' });
  const setSelected = (f: (n: number) => number) => setSelectedState((ref.current.selected = f(ref.current.selected)));
  const setFeedbackOpen = (v: boolean) => setFeedbackOpenState((ref.current.feedbackOpen = v));
  const setFeedback = (f: (s: string) => string) => setFeedbackState((ref.current.feedback = f(ref.current.feedback)));

  const choose = (i: number) => {
    if (i === 0) onDecision({ type: 'once' });
    else if (i === 1) onDecision({ type: 'always', rule: request.suggestion.rule });
    else if (i === 3) onDecision({ type: 'always', rule: request.suggestion.rule, persist: true });
    else {
      // The field opens under this choice, and the selection shows which answer is being written.
      setSelected(() => 2);
      setFeedbackOpen(true);
    }
  };

  usePasteAwareInput((input, key, pasted) => {
    const { selected, feedbackOpen, feedback } = ref.current;
    // Pasted text only goes into the feedback field: a paste must never pick an answer.
    if (pasted && !feedbackOpen) return;
    if (key.escape) return onDecision({ type: 'abort' });
    if (key.ctrl && input === 'o') return onExpand?.();
    if (feedbackOpen) {
      if (key.return) return onDecision({ type: 'deny', feedback: feedback.trim() || undefined });
      if (key.backspace || key.delete) return setFeedback((f) => f.slice(0, -1));
      if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return;
      if (input) setFeedback((f) => f + input.replace(/[\r\n]+/g, ' '));
      return;
    }
    if (key.upArrow) return setSelected((s) => (s + CHOICES - 1) % CHOICES);
    if (key.downArrow || key.tab) return setSelected((s) => (s + 1) % CHOICES);
    if (key.return) return choose(selected);
    if (/^[1-4]$/.test(input)) choose(Number(input) - 1);
    else if (input === 'y') choose(0);
    else if (input === 'n') choose(2);
  }, { isActive: props.isActive !== false });

  const target = request.preview.kind === 'diff' ? relPath(request.preview.path, cwd) : request.preview.kind === 'command' ? '' : request.preview.title;
  const choices = [
    'Yes',
    `Yes, and don't ask again for ${request.suggestion.label} this session`,
    'No, and tell the agent what to do differently',
    `Yes, and always allow ${request.suggestion.label} (saved to .tandem/settings.local.json)`,
  ];
  const previewRows = Math.max(3, maxRows - CHROME_ROWS);
  // A subagent's prompt sits under its Task line (indented by its depth) and says whose it is.
  const nested = request.speaker.depth > 0;
  return (
    <Box flexDirection="column" paddingLeft={request.speaker.depth * 2}>
      <Text>{(nested ? '  ' : '') + inverse(bold(PROMPT_BADGE))}</Text>
      <Text>
        {nested ? gray('⎿ ') : ''}
        {agentLabel(request.speaker.agent, request.speaker.color)} wants to use {bold(request.toolName)}
        {target ? ' ' + gray(target) : ''}
        {nested ? gray(' (subagent)') : ''}
      </Text>
      {/* Why it asks (no rule allowed it, an ask rule matched, outside the project), wrapped, never cut. */}
      {request.reason ? <Text>{gray('  why: ') + dim(request.reason)}</Text> : null}
      <Box paddingLeft={2} flexDirection="column">
        <PreviewBody request={request} cwd={cwd} width={width - 2} rows={previewRows} />
      </Box>
      <Text>
        {choices
          .flatMap((c, i) => {
            // A long choice wraps by whole words under its own text (a hanging indent), not under the number.
            const rows = wrapAnsi(c, Math.max(10, width - 5), { hard: true }).split('\n');
            const text = rows.map((r, j) => (j === 0 ? r : '     ' + r)).join('\n');
            const line = i === selected ? cyan(`❯ ${i + 1}. ${text}`) : `  ${i + 1}. ${text}`;
            // The feedback field sits right under its own choice.
            return feedbackOpen && i === 2 ? [line, `     ${feedback}${inverse(' ')} ${gray('Enter to send · Esc to stop the turn')}`] : [line];
          })
          .join('\n')}
      </Text>
      {feedbackOpen ? null : (
        <Text>
          {gray(
            fitParts(
              [
                { text: 'Enter or 1-4 to choose', rank: 3 },
                { text: 'Esc to stop the turn', rank: 2 },
                { text: 'ctrl+o transcript', rank: 1 },
              ],
              width,
              ' · ',
            ),
          )}
        </Text>
      )}
    </Box>
  );
}
