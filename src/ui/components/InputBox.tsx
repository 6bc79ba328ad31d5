// The prompt: multi-line editing, history, long pastes as one block, `/` and `@` completion, ctrl+c / esc keys.
import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, type Key } from 'ink';
import { usePasteAwareInput } from '../input/use-paste-aware-input';
import { sanitize, sanitizeLine } from '../../text/sanitize';
import * as ed from '../input/editor';
import { expandPastes, isLongPaste, normalizeNewlines, placeholder } from '../input/paste';
import { atToken, completeFiles } from '../input/file-complete';
import { matchCommands } from '../commands/builtin';
import { rankByName } from '../commands/fuzzy';
import type { CommandEntry } from '../commands/types';
import { bold, cyan, dim, gray, inverse } from '../theme/ansi';
import * as hs from '../input/history-search';
import { startSearch, type HistorySearch } from '../input/history-search';

export interface InputBoxProps {
  /** What the field holds when it first draws. */
  initialText?: string;
  /** Returns false when the text was not taken (it stays in the input, nothing lost). */
  onSubmit: (text: string) => boolean | void;
  /** Oldest first. */
  history: string[];
  commands: CommandEntry[];
  cwd: string;
  busy: boolean;
  isActive: boolean;
  width: number;
  /** Rows the input and its completion list may use. */
  maxRows: number;
  onInterrupt: () => void;
  onExit: () => void;
  onCycleMode: () => void;
  onToggleTodos: () => void;
  onExpand: () => void;
  onRewind?: () => void;
  /** More `@` completions, listed before files (MCP resources as `server:uri`). */
  completeAt?: (query: string) => string[];
  /** ↑ on an empty input: the newest queued message, taken back to edit (null when none is queued). */
  onEditQueued?: () => string | null;
  /** Esc: drops the newest queued message; false when none is queued. */
  onDropQueued?: () => boolean;
  /** Agent names, for completing `/agent NAME`. */
  agentNames?: () => string[];
}

const DOUBLE_PRESS_MS = 2000;
const MAX_COMPLETIONS = 6;

type Completion =
  | { kind: 'slash'; items: CommandEntry[] }
  | { kind: 'file'; items: string[]; start: number }
  | { kind: 'agent'; items: string[] };

/** `/agent par`: the part of an agent name typed so far. */
const AGENT_ARG = /^\/agent\s+(\S*)$/;

function InputBoxView(props: InputBoxProps): React.JSX.Element {
  const { history, commands, cwd, busy, isActive, width, maxRows } = props;
  const [state, setState] = useState<ed.EditorState>(() =>
    props.initialText ? { text: props.initialText, cursor: props.initialText.length } : ed.emptyEditor(),
  );
  // Several keys can arrive in one stdin chunk before React re-renders: edits read and write this ref.
  const stateRef = useRef(state);
  const [hint, setHint] = useState<string | null>(null);
  const [selected, setSelectedState] = useState(0);
  // Read by key handlers: a key that comes before the re-render after an arrow key still sees the new selection.
  const selectedRef = useRef(0);
  const setSelected = (n: number) => {
    selectedRef.current = n;
    setSelectedState(n);
  };
  const [files, setFiles] = useState<{ query: string; items: string[] } | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const pastes = useRef(new Map<number, string>());
  const pasteSeq = useRef(0);
  const lastPaste = useRef<{ id: number; at: number } | null>(null);
  const historyPos = useRef<number | null>(null);
  const draft = useRef('');
  const lastCtrlC = useRef(0);
  const lastEsc = useRef(0);
  // ctrl+r search: state for drawing, a ref for keys that arrive in one read.
  const [search, setSearchState] = useState<HistorySearch | null>(null);
  const searchRef = useRef<HistorySearch | null>(null);
  const setSearch = (s: HistorySearch | null) => {
    searchRef.current = s;
    setSearchState(s);
  };

  // `@` completion reads the directory asynchronously; stale answers are ignored.
  const at = atToken(state.text, state.cursor);
  const atQuery = at?.query ?? null;
  useEffect(() => {
    if (atQuery === null) return;
    let live = true;
    const extraItems = props.completeAt?.(atQuery) ?? [];
    void completeFiles(cwd, atQuery).then((items) => {
      if (live) setFiles({ query: atQuery, items: [...extraItems, ...items].slice(0, Math.max(items.length, extraItems.length, 8)) });
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [atQuery, cwd, props.completeAt]);

  // Computed from the text as it is now (the ref): keys that arrive before a re-render see the menu they act on.
  const completionFor = (st: ed.EditorState): Completion | null => {
    if (dismissed === st.text || searchRef.current) return null;
    if (/^\/[^\s]*$/.test(st.text)) {
      const items = matchCommands(commands, st.text.slice(1));
      return items.length && !(items.length === 1 && items[0]!.name === st.text.slice(1)) ? { kind: 'slash', items } : null;
    }
    const agentArg = AGENT_ARG.exec(st.text);
    if (agentArg && props.agentNames) {
      const typed = agentArg[1]!;
      const items = rankByName(props.agentNames(), typed, (n) => n);
      return items.length && !(items.length === 1 && items[0] === typed) ? { kind: 'agent', items } : null;
    }
    const tok = atToken(st.text, st.cursor);
    return tok && files && files.query === tok.query && files.items.length ? { kind: 'file', items: files.items, start: tok.start } : null;
  };
  const completion = completionFor(state);
  const sel = completion ? Math.min(selected, completion.items.length - 1) : 0;
  const selNow = () => {
    const c = completionFor(stateRef.current);
    return c ? Math.min(selectedRef.current, c.items.length - 1) : 0;
  };

  const set = (s: ed.EditorState) => {
    stateRef.current = s;
    setState(s);
    setSelected(0);
  };

  const acceptCompletion = (c: Completion): ed.EditorState => {
    const state = stateRef.current;
    if (c.kind === 'slash') {
      const cmd = c.items[selNow()]!;
      const text = `/${cmd.name}${cmd.argumentHint ? ' ' : ''}`;
      return { text, cursor: text.length };
    }
    if (c.kind === 'agent') {
      const text = `/agent ${c.items[selNow()]!}`;
      return { text, cursor: text.length };
    }
    const chosen = c.items[selNow()]!;
    const insertText = '@' + chosen + (chosen.endsWith('/') ? '' : ' ');
    const text = state.text.slice(0, c.start) + insertText + state.text.slice(state.cursor);
    return { text, cursor: c.start + insertText.length };
  };

  const submit = (text: string) => {
    const full = expandPastes(text, pastes.current);
    pastes.current.clear();
    historyPos.current = null;
    set(ed.emptyEditor());
    if (full.trim() && props.onSubmit(full) === false) set({ text: full, cursor: full.length });
  };

  const walkHistory = (dir: -1 | 1) => {
    const state = stateRef.current;
    if (history.length === 0) return;
    if (historyPos.current === null) {
      if (dir === 1) return;
      draft.current = state.text;
      historyPos.current = history.length;
    }
    const next = historyPos.current + dir;
    if (next < 0) return;
    if (next >= history.length) {
      historyPos.current = null;
      set({ text: draft.current, cursor: draft.current.length });
      return;
    }
    historyPos.current = next;
    const t = history[next]!;
    set({ text: t, cursor: t.length });
  };

  const onKey = (input: string, key: Key, pasted = false): void => {
    const state = stateRef.current;
    const completion = completionFor(state);
    if (searchRef.current) return onSearchKey(searchRef.current, input, key, pasted);
    if (pasted) {
      // A bracketed paste: all of it is text, however it starts or ends (a newline first no longer sends).
      historyPos.current = null;
      if (isLongPaste(input)) {
        const id = ++pasteSeq.current;
        pastes.current.set(id, input);
        return set(ed.insert(state, placeholder(id, input)));
      }
      return set(ed.insert(state, input));
    }
    if (hint && !(key.ctrl && input === 'c')) setHint(null);
    if (key.ctrl && input === 'c') {
      if (state.text) {
        set(ed.emptyEditor());
        pastes.current.clear();
        return;
      }
      const now = Date.now();
      if (now - lastCtrlC.current < DOUBLE_PRESS_MS) return props.onExit();
      lastCtrlC.current = now;
      setHint('Press ctrl+c again to exit');
      return;
    }
    if (key.ctrl && input === 'd') {
      if (!state.text) return props.onExit();
      return set(ed.deleteForward(state));
    }
    if (key.escape) {
      if (completion) return setDismissed(state.text);
      // A queued message goes first; the next Esc interrupts.
      if (props.onDropQueued?.()) return;
      if (busy) return props.onInterrupt();
      if (!state.text) {
        const now = Date.now();
        if (now - lastEsc.current < 800) {
          lastEsc.current = 0;
          props.onRewind?.();
        } else lastEsc.current = now;
      }
      return;
    }
    if (key.ctrl && input === 'r') {
      historyPos.current = null;
      return setSearch(startSearch({ text: state.text, cursor: state.cursor }));
    }
    if (key.tab && key.shift) return props.onCycleMode();
    if (key.ctrl && input === 't') return props.onToggleTodos();
    if (key.ctrl && input === 'o') return props.onExpand();
    if (key.tab) {
      if (completion) set(acceptCompletion(completion));
      return;
    }
    if (key.return) {
      if (key.meta || key.shift) return set(ed.insert(state, '\n'));
      if (completion?.kind === 'slash') {
        const accepted = acceptCompletion(completion);
        const cmd = completion.items[selNow()]!;
        if (cmd.argumentHint) return set(accepted);
        return submit(accepted.text);
      }
      if (completion?.kind === 'agent') return submit(acceptCompletion(completion).text);
      if (completion?.kind === 'file') return set(acceptCompletion(completion));
      if (state.cursor > 0 && state.text[state.cursor - 1] === '\\') {
        const s = { text: state.text.slice(0, state.cursor - 1) + state.text.slice(state.cursor), cursor: state.cursor - 1 };
        return set(ed.insert(s, '\n'));
      }
      return submit(state.text);
    }
    if (key.upArrow) {
      if (completion) return setSelected((selNow() - 1 + completion.items.length) % completion.items.length);
      if (state.text === '' && historyPos.current === null) {
        const queued = props.onEditQueued?.();
        if (queued != null) return set({ text: queued, cursor: queued.length });
      }
      const moved = ed.up(state);
      return moved ? set(moved) : walkHistory(-1);
    }
    if (key.downArrow) {
      if (completion) return setSelected((selNow() + 1) % completion.items.length);
      const moved = ed.down(state);
      return moved ? set(moved) : walkHistory(1);
    }
    if (key.leftArrow) return set(key.ctrl || key.meta ? ed.wordLeft(state) : ed.left(state));
    if (key.rightArrow) return set(key.ctrl || key.meta ? ed.wordRight(state) : ed.right(state));
    if (key.home || (key.ctrl && input === 'a')) return set(ed.lineStart(state));
    if (key.end || (key.ctrl && input === 'e')) return set(ed.lineEnd(state));
    if (key.backspace || key.delete) return set(key.meta ? ed.deleteWordBack(state) : ed.backspace(state));
    if (key.ctrl && input === 'w') return set(ed.deleteWordBack(state));
    if (key.ctrl && input === 'u') {
      const start = ed.lineStart(state).cursor;
      return set({ text: state.text.slice(0, start) + state.text.slice(state.cursor), cursor: start });
    }
    if (key.ctrl && input === 'k') {
      const end = ed.lineEnd(state).cursor;
      return set({ text: state.text.slice(0, state.cursor) + state.text.slice(end === state.cursor ? end + 1 : end), cursor: state.cursor });
    }
    if (key.meta && input === 'b') return set(ed.wordLeft(state));
    if (key.meta && input === 'f') return set(ed.wordRight(state));
    if (key.ctrl || (key.meta && input.length === 1)) return;
    if (!input) return;
    // Plain '\n' is ctrl+j / shift+enter in many terminals: a newline.
    if (input === '\n') return set(ed.insert(state, '\n'));
    // Enter and the keys typed after it in one read (the event loop was busy, e.g. printing the end of a turn):
    // the Enter submits what was typed before it, the rest is typed into the fresh input. Without this the
    // Enter became a newline and the next line was sent joined to the command.
    if (input.length > 1 && input[0] === '\r' && !(lastPaste.current && Date.now() - lastPaste.current.at < 150)) {
      submit(state.text);
      return onKey(input.slice(1), key);
    }
    // Text and Enter in one read (a fast typist, a script driving the terminal): type it, then submit.
    if (input.length > 1 && input.endsWith('\r') && !/[\r\n]/.test(input.slice(0, -1))) {
      return submit(ed.insert(state, input.slice(0, -1)).text);
    }
    const text = normalizeNewlines(input);
    const now = Date.now();
    const lp = lastPaste.current;
    if (text.length > 1 && lp && now - lp.at < 150) {
      // A long paste arrives in several chunks: grow the same block.
      const old = pastes.current.get(lp.id) ?? '';
      const oldPh = placeholder(lp.id, old);
      const merged = old + text;
      const idx = state.text.lastIndexOf(oldPh, state.cursor);
      if (idx >= 0 && idx + oldPh.length === state.cursor) {
        pastes.current.set(lp.id, merged);
        const ph = placeholder(lp.id, merged);
        lastPaste.current = { id: lp.id, at: now };
        return set({ text: state.text.slice(0, idx) + ph + state.text.slice(state.cursor), cursor: idx + ph.length });
      }
    }
    if (text.length > 1 && isLongPaste(text)) {
      const id = ++pasteSeq.current;
      pastes.current.set(id, text);
      lastPaste.current = { id, at: now };
      return set(ed.insert(state, placeholder(id, text)));
    }
    historyPos.current = null;
    set(ed.insert(state, text));
  };
  /** Keys while ctrl+r searches: they edit the query, step to older matches, accept or cancel. */
  const onSearchKey = (cur: HistorySearch, input: string, key: Key, pasted: boolean): void => {
    if (pasted) return setSearch(hs.setQuery(cur, history, cur.query + input.split('\n')[0]!));
    if (key.ctrl && input === 'r') return setSearch(hs.searchOlder(cur, history));
    if (key.escape || (key.ctrl && (input === 'g' || input === 'c'))) {
      setSearch(null);
      return set(cur.saved);
    }
    if (key.backspace || key.delete) return setSearch(hs.setQuery(cur, history, cur.query.slice(0, -1)));
    const text = hs.acceptedText(cur, history);
    const accept = () => {
      setSearch(null);
      set({ text, cursor: text.length });
    };
    if (key.return) return accept();
    // A movement key takes the match into the input and then moves in it, as in bash.
    if (key.leftArrow || key.rightArrow || key.upArrow || key.downArrow || key.home || key.end || (key.ctrl && (input === 'a' || input === 'e'))) {
      accept();
      return onKey(input, key);
    }
    if (key.ctrl || key.meta || key.tab || !input || /[\r\n]/.test(input)) return;
    setSearch(hs.setQuery(cur, history, cur.query + input));
  };
  usePasteAwareInput(onKey, { isActive });

  // Render: the text with an inverse cursor; a window of lines around the cursor when it is tall.
  const before = state.text.slice(0, state.cursor);
  const atCursor = state.text.slice(state.cursor, state.cursor + 1);
  const after = state.text.slice(state.cursor + 1);
  // Pasted text may hold control characters: shown as visible escapes, kept as they are in what is sent.
  const cursorChar = !atCursor || atCursor === '\n' ? ' ' : sanitizeLine(atCursor);
  const shownText = search
    ? searchShown(search, history)
    : state.text === '' && !busy
      ? inverse(' ') + dim('Type a message · / for commands · @ for files · ! for shell')
      : sanitize(before) + (isActive ? inverse(cursorChar) : cursorChar) + (atCursor === '\n' ? '\n' : '') + sanitize(after);
  let lines = shownText.split('\n');
  const compRows = completion ? Math.min(MAX_COMPLETIONS, completion.items.length) : 0;
  const inputRows = Math.max(1, maxRows - compRows - (hint ? 1 : 0) - (search ? 1 : 0));
  if (lines.length > inputRows) {
    const cursorLine = before.split('\n').length - 1;
    const start = Math.max(0, Math.min(cursorLine - inputRows + 1, lines.length - inputRows));
    lines = lines.slice(start, start + inputRows);
  }
  const body = lines.map((l, i) => (i === 0 ? cyan('❯ ') : '  ') + l).join('\n');

  let compText = '';
  if (completion) {
    const rows = completionRows(completion);
    const start = Math.max(0, Math.min(sel - compRows + 1, rows.length - compRows));
    // One column for the names, as wide as the longest shown name, so the descriptions line up.
    const shown = rows.slice(start, start + compRows);
    const labelWidth = Math.min(32, Math.max(0, ...shown.map((r) => r.label.length)));
    compText = shown
      .map((r, i) => {
        const line = r.desc ? `${r.label.padEnd(labelWidth)}  ${gray(r.desc)}` : r.label;
        return start + i === sel ? cyan('❯ ') + cyan(line) : '  ' + line;
      })
      .join('\n');
  }
  return (
    <Box flexDirection="column" width={width}>
      <Text>{body}</Text>
      {compText ? <Text wrap="truncate-end">{compText}</Text> : null}
      {search ? <Text wrap="truncate-end">{searchPrompt(search)}</Text> : null}
      {hint ? <Text>{gray(hint)}</Text> : null}
    </Box>
  );
}

/** The entry a search shows, the matched part in bold; what was typed when nothing matched yet. */
function searchShown(search: HistorySearch, history: readonly string[]): string {
  if (search.match === null) return sanitize(search.saved.text);
  const entry = history[search.match] ?? '';
  const at = entry.toLowerCase().indexOf(search.query.toLowerCase());
  if (at < 0 || !search.query) return sanitize(entry);
  return sanitize(entry.slice(0, at)) + bold(sanitize(entry.slice(at, at + search.query.length))) + sanitize(entry.slice(at + search.query.length));
}

function searchPrompt(search: HistorySearch): string {
  const label = search.failing ? 'failing reverse-i-search' : 'reverse-i-search';
  return gray(`(${label}) `) + sanitizeLine(search.query) + inverse(' ') + gray('  ctrl+r older · enter accept · esc cancel');
}

/** The menu's rows: file names come from the disk, names and descriptions from command and agent files (outside text). */
function completionRows(c: Completion): Array<{ label: string; desc: string }> {
  switch (c.kind) {
    case 'slash':
      return c.items.map((it) => ({ label: sanitizeLine(`/${it.name}`), desc: sanitizeLine(it.description) }));
    case 'agent':
    case 'file':
      return c.items.map((it) => ({ label: sanitizeLine(it), desc: '' }));
    default: {
      const never: never = c;
      return never;
    }
  }
}

/** Memoised: the input re-renders for keys and its own props, not for every frame of a streaming answer. */
export const InputBox = React.memo(InputBoxView);
