// The rewind picker (Esc twice on an empty input, or /rewind): choose a turn, choose what to restore, see exactly
// which files a restore changes, say yes. Esc goes back one step (and out from the first).
import React, { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { usePasteAwareInput } from '../input/use-paste-aware-input';
import type { RewindApi } from '../run';
import { bold, cyan, gray, green, red, yellow } from '../theme/ansi';
import { sanitizeLine } from '../../text/sanitize';

type Turn = Awaited<ReturnType<RewindApi['turns']>>[number];
type FileChange = Turn['files'][number];
type Scope = 'both' | 'files' | 'conversation';

const SCOPES: Array<{ scope: Scope; label: string }> = [
  { scope: 'both', label: 'files and conversation' },
  { scope: 'files', label: 'files only' },
  { scope: 'conversation', label: 'conversation only' },
];

type Step =
  | { kind: 'loading' }
  | { kind: 'turns'; turns: Turn[]; sel: number }
  | { kind: 'scope'; turns: Turn[]; turn: Turn; sel: number }
  | { kind: 'confirm'; turns: Turn[]; turn: Turn; scope: Scope; files: FileChange[] | null }
  | { kind: 'working' };

export interface RewindPickerProps {
  api: RewindApi;
  width: number;
  /** Rows the picker may take. */
  maxRows: number;
  /** Called once: with the restore's message, or nothing when the user backed out; `refill` is the rewound
   *  turn's prompt, to put in the input. */
  onClose: (message?: string, refill?: string) => void;
}

const counts = (f: { added: number; removed: number }) => `${green('+' + f.added)} ${red('-' + f.removed)}`;
// Prompts and file names are outside text (a resumed transcript, names in the repository): one line each, sanitised.
const fileSummary = (files: FileChange[]) => (files.length ? files.map((f) => `${sanitizeLine(f.path)} ${counts(f)}`).join(', ') : gray('no file changes'));

export function RewindPicker({ api, width, maxRows, onClose }: RewindPickerProps): React.JSX.Element {
  const [step, setStepState] = useState<Step>({ kind: 'loading' });
  // Keys can come faster than renders: the handler reads the ref.
  const ref = useRef<Step>(step);
  const setStep = (s: Step) => setStepState((ref.current = s));
  const closed = useRef(false);
  const close = (message?: string, refill?: string) => {
    if (closed.current) return;
    closed.current = true;
    onClose(message, refill);
  };
  const fail = (e: unknown) => close(red(`✗ rewind failed: ${sanitizeLine((e as Error).message ?? String(e))}`));

  useEffect(() => {
    api.turns().then((turns) => {
      if (turns.length === 0) return close('No turns to rewind to yet.');
      setStep({ kind: 'turns', turns, sel: turns.length - 1 });
    }, fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const restore = (turn: Turn, scope: Scope) => {
    setStep({ kind: 'working' });
    api.restore(turn.turn, scope).then((m) => close(m, api.takeRefill?.(turn.turn)), fail);
  };

  const chooseScope = (turns: Turn[], turn: Turn, scope: Scope) => {
    if (scope === 'conversation') return restore(turn, scope);
    setStep({ kind: 'confirm', turns, turn, scope, files: null });
    api.plan(turn.turn).then((files) => {
      const cur = ref.current;
      if (cur.kind === 'confirm' && cur.turn === turn) setStep({ ...cur, files });
    }, fail);
  };

  usePasteAwareInput((input, key, pasted) => {
    if (pasted) return; // the picker takes keys, not text
    const s = ref.current;
    switch (s.kind) {
      case 'loading':
      case 'working':
        if (key.escape && s.kind === 'loading') close();
        return;
      case 'turns': {
        if (key.escape) return close();
        const n = s.turns.length;
        if (key.upArrow) return setStep({ ...s, sel: (s.sel - 1 + n) % n });
        if (key.downArrow) return setStep({ ...s, sel: (s.sel + 1) % n });
        let turn: Turn | undefined;
        if (key.return) turn = s.turns[s.sel];
        else if (/^[0-9]+$/.test(input)) turn = s.turns.find((t) => t.turn === Number(input));
        if (turn) setStep({ kind: 'scope', turns: s.turns, turn, sel: 0 });
        return;
      }
      case 'scope': {
        if (key.escape) return setStep({ kind: 'turns', turns: s.turns, sel: Math.max(0, s.turns.indexOf(s.turn)) });
        if (key.upArrow) return setStep({ ...s, sel: (s.sel + SCOPES.length - 1) % SCOPES.length });
        if (key.downArrow) return setStep({ ...s, sel: (s.sel + 1) % SCOPES.length });
        const i = key.return ? s.sel : ['1', '2', '3'].indexOf(input);
        if (i >= 0) chooseScope(s.turns, s.turn, SCOPES[i]!.scope);
        return;
      }
      case 'confirm': {
        if (key.escape || input === 'n') return setStep({ kind: 'scope', turns: s.turns, turn: s.turn, sel: SCOPES.findIndex((x) => x.scope === s.scope) });
        if (s.files === null) return;
        if (input === 'y' || key.return) restore(s.turn, s.scope);
        return;
      }
      default: {
        const never: never = s;
        void never;
      }
    }
  });

  const lines: string[] = [];
  const rows = Math.max(4, maxRows - 2);
  switch (step.kind) {
    case 'loading':
      lines.push(gray('Reading the turns of this session…'));
      break;
    case 'working':
      lines.push(gray('Restoring…'));
      break;
    case 'turns': {
      lines.push(bold('Rewind to before which turn?'));
      const shown = Math.max(1, rows - 2);
      const start = Math.max(0, Math.min(step.sel - shown + 1, step.turns.length - shown));
      step.turns.slice(start, start + shown).forEach((t, i) => {
        const idx = start + i;
        const time = t.time.slice(11, 16);
        const text = `${String(t.turn).padStart(3)}. ${sanitizeLine(time)}  ${sanitizeLine(t.prompt.slice(0, 50))}  ${gray('·')} ${fileSummary(t.files)}`;
        lines.push(idx === step.sel ? cyan('❯') + text : ' ' + text);
      });
      lines.push(gray('↑/↓ and Enter, or the turn number · Esc to cancel'));
      break;
    }
    case 'scope':
      lines.push(bold(`Turn ${step.turn.turn}: ${sanitizeLine(step.turn.prompt.slice(0, 60))}`) + gray(' — restore to before it:'));
      SCOPES.forEach((o, i) => lines.push(i === step.sel ? cyan(`❯ ${i + 1}. ${o.label}`) : `  ${i + 1}. ${o.label}`));
      lines.push(gray('Enter or 1-3 · Esc to go back'));
      break;
    case 'confirm': {
      lines.push(bold(`Restore ${step.scope === 'both' ? 'files and conversation' : 'files'} to before turn ${step.turn.turn}?`));
      if (step.files === null) lines.push(gray('Working out which files would change…'));
      else if (step.files.length === 0) lines.push(gray('  No file differs from before that turn.'));
      else {
        const shown = step.files.slice(0, Math.max(1, rows - 3));
        for (const f of shown) lines.push(`  ${yellow(sanitizeLine(f.status).padEnd(9))} ${sanitizeLine(f.path)} ${counts(f)}`);
        if (step.files.length > shown.length) lines.push(gray(`  … ${step.files.length - shown.length} more files`));
      }
      lines.push(gray('y or Enter to restore (the current files are saved first, so it can be undone) · n or Esc to go back'));
      break;
    }
  }
  return (
    <Box flexDirection="column" width={width}>
      <Text>{gray('─'.repeat(Math.max(1, width)))}</Text>
      <Text wrap="truncate-end">{lines.join('\n')}</Text>
    </Box>
  );
}
