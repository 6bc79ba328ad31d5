// An MCP server's form (elicitation/create): the server's message, one row per field of its schema, and three
// answers (accept, decline, cancel). It looks nothing like a permission prompt on purpose: its own badge names the
// server and says it approves nothing, so a server cannot pass a form off as tandem asking for approval.
import React, { useMemo, useRef, useState } from 'react';
import { Box, Text, type Key } from 'ink';
import { usePasteAwareInput } from '../input/use-paste-aware-input';
import { checkForm, initialDraft, type ElicitationAnswer, type FormDraft, type FormField } from '../../mcp/elicitation-form';
import type { FormRequest } from '../state/types';
import { safeForm } from '../state/safe-form';
import { bold, cyan, dim, gray, inverse, magenta, red } from '../theme/ansi';

/** Never the permission prompt's badge (PROMPT_BADGE): the first row says whose form this is. */
export const FORM_BADGE = ' MCP form ';

export interface ElicitationFormProps {
  request: FormRequest;
  width: number;
  /** Rows the form may take in total. */
  maxRows: number;
  onAnswer: (answer: ElicitationAnswer) => void;
}

const ACTIONS = ['Submit', 'Decline', 'Cancel'] as const;
/** Rows used by everything except the fields and the message. */
const CHROME_ROWS = 6;

interface FormState {
  focus: number;
  draft: FormDraft;
  /** Highlighted option of each choice or list field. */
  cursor: Record<string, number>;
  action: number;
  errors: Record<string, string>;
}

function fieldValue(f: FormField, st: FormState, focused: boolean): string {
  const raw = st.draft[f.name];
  const caret = focused ? inverse(' ') : '';
  switch (f.kind) {
    case 'text':
    case 'number':
      return `${typeof raw === 'string' ? raw : ''}${caret}`;
    case 'boolean':
      return raw === undefined ? gray('(not set: y or n)') : raw ? 'yes' : 'no';
    case 'choice': {
      const picked = f.options.find((o) => o.value === raw);
      const shown = picked ? picked.label : gray('(none)');
      return focused ? `‹ ${shown} ›${gray(`  ←/→ ${f.options.length} choices`)}` : shown;
    }
    case 'multi': {
      const picked = Array.isArray(raw) ? raw : [];
      const at = st.cursor[f.name] ?? 0;
      return f.options
        .map((o, i) => {
          const box = `${picked.includes(o.value) ? '[x]' : '[ ]'} ${o.label}`;
          return focused && i === at ? cyan(box) : box;
        })
        .join('  ');
    }
    default: {
      const never: never = f;
      return String(never);
    }
  }
}

function hint(f: FormField | undefined): string {
  if (!f) return '←/→ choose · Enter confirms · Esc cancels';
  switch (f.kind) {
    case 'text':
      return `type${f.format ? ` (${f.format})` : ''} · Enter/Tab next · Esc cancels`;
    case 'number':
      return `type a ${f.integer ? 'whole number' : 'number'} · Enter/Tab next · Esc cancels`;
    case 'boolean':
      return 'y/n or space · Enter/Tab next · Esc cancels';
    case 'choice':
      return '←/→ choose · Enter/Tab next · Esc cancels';
    case 'multi':
      return '←/→ move · space picks · Enter/Tab next · Esc cancels';
    default: {
      const never: never = f;
      return String(never);
    }
  }
}

export function ElicitationForm(props: ElicitationFormProps): React.JSX.Element {
  const { maxRows, onAnswer } = props;
  // The reducer sanitised it already; done again (idempotent, once per request) so this component is safe alone.
  const request = useMemo(() => safeForm(props.request), [props.request]);
  const fields = request.fields;
  const [view, setView] = useState<FormState>(() => ({ focus: 0, draft: initialDraft(fields), cursor: {}, action: 0, errors: {} }));
  // Keys can arrive faster than React re-renders: the handler reads and writes this ref.
  const ref = useRef(view);
  const update = (f: (s: FormState) => FormState) => setView((ref.current = f(ref.current)));
  const setDraft = (name: string, value: FormDraft[string]) =>
    update((s) => {
      const errors = { ...s.errors };
      delete errors[name];
      return { ...s, draft: { ...s.draft, [name]: value }, errors };
    });
  const move = (by: number) => update((s) => ({ ...s, focus: Math.max(0, Math.min(fields.length, s.focus + by)) }));

  const submit = () => {
    const checked = checkForm(fields, ref.current.draft);
    if (checked.ok) return onAnswer({ action: 'accept', content: checked.content });
    const first = fields.findIndex((f) => checked.errors[f.name] !== undefined);
    update((s) => ({ ...s, errors: checked.errors, focus: first >= 0 ? first : s.focus }));
  };

  const onKey = (input: string, key: Key, pasted: boolean): void => {
    // Fast typing can bring text and Tabs in one chunk: each Tab still moves to the next field.
    if (!pasted && !key.tab && input.length > 1 && input.includes('\t')) {
      input.split(/(\t)/).forEach((part) => {
        if (part === '\t') onKey('\t', { ...key, tab: true }, false);
        else if (part) onKey(part, key, false);
      });
      return;
    }
    const st = ref.current;
    const field = fields[st.focus];
    if (key.escape) return onAnswer({ action: 'cancel' });
    if (key.tab && key.shift) return move(-1);
    if (key.upArrow) return move(-1);
    if (key.tab || key.downArrow) return move(1);
    if (!field) {
      // The answers row.
      if (pasted) return;
      if (key.leftArrow) return update((s) => ({ ...s, action: (s.action + ACTIONS.length - 1) % ACTIONS.length }));
      if (key.rightArrow) return update((s) => ({ ...s, action: (s.action + 1) % ACTIONS.length }));
      if (key.return) {
        if (st.action === 0) return submit();
        return onAnswer({ action: st.action === 1 ? 'decline' : 'cancel' });
      }
      return;
    }
    if (key.return && !pasted) return move(1);
    switch (field.kind) {
      case 'text':
      case 'number': {
        const text = typeof st.draft[field.name] === 'string' ? (st.draft[field.name] as string) : '';
        if (key.backspace || key.delete) return setDraft(field.name, text.slice(0, -1));
        if (key.ctrl || key.meta || key.leftArrow || key.rightArrow) return;
        if (input) setDraft(field.name, text + input.replace(/[\r\n\t]+/g, ' '));
        return;
      }
      case 'boolean':
        if (pasted) return;
        if (input === 'y') return setDraft(field.name, true);
        if (input === 'n') return setDraft(field.name, false);
        if (input === ' ' || key.leftArrow || key.rightArrow) return setDraft(field.name, !(st.draft[field.name] === true));
        return;
      case 'choice': {
        if (pasted || (!key.leftArrow && !key.rightArrow && input !== ' ')) return;
        const at = field.options.findIndex((o) => o.value === st.draft[field.name]);
        const n = field.options.length;
        if (n === 0) return;
        const next = at < 0 ? (key.leftArrow ? n - 1 : 0) : (at + (key.leftArrow ? n - 1 : 1)) % n;
        return setDraft(field.name, field.options[next]!.value);
      }
      case 'multi': {
        if (pasted) return;
        const n = field.options.length;
        const at = st.cursor[field.name] ?? 0;
        if (key.leftArrow || key.rightArrow) {
          return update((s) => ({ ...s, cursor: { ...s.cursor, [field.name]: (at + (key.leftArrow ? n - 1 : 1)) % Math.max(1, n) } }));
        }
        if (input === ' ' && field.options[at]) {
          const value = field.options[at]!.value;
          const picked = Array.isArray(st.draft[field.name]) ? (st.draft[field.name] as string[]) : [];
          return setDraft(field.name, picked.includes(value) ? picked.filter((v) => v !== value) : [...picked, value]);
        }
        return;
      }
      default: {
        const never: never = field;
        return never;
      }
    }
  };
  usePasteAwareInput(onKey);

  const messageLines = request.message.split('\n');
  const fieldRows = Math.max(1, maxRows - CHROME_ROWS - Math.min(messageLines.length, 4));
  const messageShown = messageLines.slice(0, Math.max(1, maxRows - CHROME_ROWS - Math.min(fields.length * 2, fieldRows)));
  // A long form scrolls with the focus: the focused field is always drawn.
  const perField = 2;
  const fit = Math.floor(fieldRows / perField);
  // When the fields do not all fit, two rows go to the "more fields" markers.
  const visible = fields.length <= fit ? Math.max(1, fields.length) : Math.max(1, Math.floor((fieldRows - 2) / perField));
  const start = Math.max(0, Math.min(view.focus - Math.floor(visible / 2), fields.length - visible));
  const shown = fields.slice(start, start + visible);
  const rows: string[] = [];
  if (start > 0) rows.push(gray(`  ↑ ${start} more field${start > 1 ? 's' : ''}`));
  shown.forEach((f, i) => {
    const index = start + i;
    const focused = index === view.focus;
    const label = `${f.label}${f.required ? red('*') : ''}`;
    const line = `${focused ? cyan('❯') : ' '} ${focused ? bold(label) : label}: ${fieldValue(f, view, focused)}`;
    rows.push(line);
    const error = view.errors[f.name];
    if (error) rows.push(`    ${red(`✗ ${error}`)}`);
    else if (focused && f.description) rows.push(`    ${dim(f.description)}`);
  });
  const after = fields.length - (start + shown.length);
  if (after > 0) rows.push(gray(`  ↓ ${after} more field${after > 1 ? 's' : ''}`));
  const onActions = view.focus >= fields.length;
  const actions = ACTIONS.map((a, i) => (onActions && i === view.action ? cyan(`❯ ${a}`) : `  ${a}`)).join('   ');

  return (
    <Box flexDirection="column">
      <Text>{inverse(bold(magenta(FORM_BADGE)))} {bold(`MCP server "${request.server}" asks you to fill in a form`)}</Text>
      <Text>{gray('Not from tandem: this form approves nothing. Share only what you would give that server.')}</Text>
      <Box paddingLeft={2} flexDirection="column">
        <Text>{messageShown.join('\n')}{messageShown.length < messageLines.length ? gray(` … ${messageLines.length - messageShown.length} more lines`) : ''}</Text>
      </Box>
      {rows.length > 0 ? <Text>{rows.join('\n')}</Text> : <Text>{gray('  (no fields: submit to confirm)')}</Text>}
      <Text>{actions}</Text>
      <Text>{gray(onActions ? hint(undefined) : hint(fields[view.focus]))}</Text>
    </Box>
  );
}
