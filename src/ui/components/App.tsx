// The REPL screen: <Static> transcript above, a small live area below (stream tail, tools, prompt, todos, input,
// status). Wires the engine's events into the reducer and the user's keys into the controller.
import React, { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, Static, Text, useApp, useInput, useStdout } from 'ink';
import type { SessionController, TurnOptions } from '../../engine/controller';
import type { EngineEvent } from '../../engine/events';
import type { PermissionMode, UserDecision } from '../../permissions/types';
import { EventBatcher } from '../state/event-batcher';
import { initialState, reduceMany } from '../state/reducer';
import type { Action, NewItem, ScreenState } from '../state/types';
import { resumedItems } from '../state/resumed';
import { reachableTail } from '../state/resume-window';
import type { Message } from '../../model/types';
import { allCommands, runSlash } from '../commands/builtin';
import type { CommandApi, CustomCommand, ExtraCommand } from '../commands/types';
import { appendHistory, HISTORY_CAP, shouldRecord } from '../input/history';
import { useTerminalSize } from '../hooks/use-terminal-size';
import { useTicker } from '../hooks/use-ticker';
import { agentLabel, bold, gray, red, yellow } from '../theme/ansi';
import { TranscriptItemView } from './TranscriptItemView';
import { LiveArea } from './LiveArea';
import { PermissionPrompt } from './PermissionPrompt';
import { ElicitationForm } from './ElicitationForm';
import type { ElicitationAnswer } from '../../mcp/elicitation-form';
import { TodoPanel } from './TodoPanel';
import { StatusLine } from './StatusLine';
import { InputBox } from './InputBox';
import { QueuedMessages, queuedRows } from './QueuedMessages';
import { useMessageQueue } from '../state/use-message-queue';
import { fullDiffText } from './DiffView';
import { RewindPicker } from './RewindPicker';
import { AgentWizard } from './AgentWizard';
import type { RewindApi } from '../run';
import { dialogFor, type Dialog } from '../commands/dialogs';
import { sanitizeLine } from '../../text/sanitize';
import { SessionRecord } from '../pager/session-record';
import type { ScreenGate } from '../pager/screen-gate';
import { TranscriptPager } from '../pager/TranscriptPager';

export interface AppProps {
  controller: SessionController;
  version: string;
  startupNotices: string[];
  /** Loaded input history, oldest first. */
  history: string[];
  historyFile: string;
  /** The project the history entries are kept for (ctrl+r and ↑ offer this project's lines). */
  historyProject?: string;
  customCommands?: CustomCommand[];
  extraCommands?: ExtraCommand[];
  /** MCP prompts and resources, which change as servers connect. */
  dynamicCommands?: import('../commands/types').DynamicCommands;
  /** Esc twice on an empty input while idle (checkpoints); unused when `rewind` is given (the picker opens). */
  onRewind?: () => void;
  /** Turns and restores for the rewind picker (Esc twice, /rewind without arguments). */
  rewind?: RewindApi;
  /** Called when the user quits. */
  onQuit: () => void;
  /** A resumed session's conversation, printed once at the top as finished items. */
  resumedMessages?: Message[];
  /** The same, known before the session is built: printed at once, then `onResumedEarlyShown` is called. */
  resumedEarly?: Message[];
  onResumedEarlyShown?: () => void;
  /** Sent as if typed, once the shell is ready. */
  initialPrompt?: string;
  /** A standing remark at the end of the status line. */
  statusNote?: string;
  /**
   * The terminal Ink draws on, which the transcript view (ctrl+o) borrows. Without it (component tests), ctrl+o
   * prints the last result into the transcript instead.
   */
  screen?: ScreenGate;
  /** Text already typed when the shell drew (kept in the input). */
  initialInput?: string;
  /**
   * True while the session is still being built (the shell is drawn first so the prompt shows at once). The
   * controller may not answer info() yet; the banner, notices and resumed items are printed when this turns false.
   */
  starting?: boolean;
}

/** Printed items are dropped from state once this many wait (they are on the terminal already). */
const STATIC_TRIM_AT = 50;
/** Stream deltas are handed to React at most this often (each hand-over is one frame). */
const BATCH_MS = 50;
/** The live tail grows to this many lines before its head is printed (each print is an extra Ink frame). */
const COMMIT_MIN_LINES = 8;
const MODE_CYCLE: PermissionMode[] = ['default', 'acceptEdits', 'plan'];
/** Full tool output printed by ctrl+o is capped: a terminal is not a pager. */
const EXPAND_MAX_LINES = 400;
/** Keeps Ink's raw mode on while one widget hands the keyboard to another (see the note in App). */
const HOLD_RAW_MODE = () => undefined;

function sessionInfo(controller: SessionController): ReturnType<SessionController['info']> | null {
  try {
    return controller.info();
  } catch {
    return null;
  }
}

/** What the top of the screen shows once the session exists: banner, notices, the resumed conversation, todos. */
function startupActions(props: AppProps): Action[] {
  const info = sessionInfo(props.controller);
  const banner = `${bold('tandem')} ${gray('v' + props.version)}  ${info ? agentLabel(info.agent.name, info.agent.color) + gray(' · ' + sanitizeLine(info.model) + ' · ' + sanitizeLine(info.cwd)) : ''}\n${gray('/help for commands · esc to interrupt · ctrl+c twice to quit')}`;
  const actions: Action[] = [];
  if (info) actions.push({ type: 'ui_status', status: { agent: info.agent.name, color: info.agent.color, model: info.model, mode: info.mode, cwd: info.cwd } });
  // A resumed session's cost and tokens so far, before its first new request reports them.
  if (info?.usage && (info.usage.costUsd > 0 || info.usage.contextTokens > 0)) actions.push(info.usage);
  actions.push({ type: 'ui_item', item: { kind: 'output', depth: 0, text: banner } });
  for (const n of props.startupNotices) actions.push({ type: 'ui_item', item: { kind: 'notice', depth: 0, level: 'warning', text: n } });
  const screen = { rows: process.stdout.rows || 24, columns: process.stdout.columns || 80 };
  for (const item of resumedWindow(props.resumedMessages ?? [], info?.cwd ?? process.cwd())) actions.push({ type: 'ui_item', item });
  if (info?.todos.length) actions.push({ type: 'todos', todos: info.todos });
  return actions;
}

/** The turns of a resumed conversation a user can scroll back to, as transcript items. */
function resumedWindow(messages: readonly Message[], cwd: string): NewItem[] {
  const screen = { rows: process.stdout.rows || 24, columns: process.stdout.columns || 80 };
  return reachableTail(resumedItems(messages, cwd), screen);
}

function init(props: AppProps): ScreenState {
  const info = props.starting ? null : sessionInfo(props.controller);
  const s = initialState(
    info ? { agent: info.agent.name, color: info.agent.color, model: info.model, mode: info.mode, cwd: info.cwd } : {},
    { commitMinLines: COMMIT_MIN_LINES },
  );
  return props.starting ? s : reduceMany(s, startupActions(props));
}

export function App(props: AppProps): React.JSX.Element {
  const { controller } = props;
  const [state, dispatch] = useReducer((s: ScreenState, actions: readonly Action[]) => reduceMany(s, actions), props, init);
  const stateRef = useRef(state);
  stateRef.current = state;
  const { rows, columns } = useTerminalSize();
  const { stdout } = useStdout();
  const { exit } = useApp();
  const [history, setHistory] = useState(props.history);
  const queue = useMessageQueue();
  // A picker or wizard that replaces the input box while it is open.
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // Ink turns raw mode off when no useInput is active, and on again when the next one mounts. When the
  // permission prompt (or a dialog) hands the keyboard back to the input box, that left the terminal in cooked
  // mode for an instant: an Enter typed right then arrived as "\n" (a newline, not a submit). This listener is
  // always active, so raw mode stays on for the whole session.
  useInput(HOLD_RAW_MODE);
  // Stable identities, so the memoised input box does not re-render with every streamed batch.
  const custom = useMemo(() => props.customCommands ?? [], [props.customCommands]);
  const dynamic = props.dynamicCommands;
  const [dynamicVersion, setDynamicVersion] = useState(0);
  useEffect(() => dynamic?.subscribe(() => setDynamicVersion((v) => v + 1)), [dynamic]);
  const extra = useMemo(
    () => [...(props.extraCommands ?? []), ...(dynamic?.commands() ?? [])],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.extraCommands, dynamic, dynamicVersion],
  );
  const completeAt = useMemo(() => (dynamic ? (query: string) => dynamic.completeAt(query) : undefined), [dynamic]);
  const commands = useMemo(() => allCommands(custom, extra), [custom, extra]);

  // The whole session for the transcript view: the screen state keeps excerpts only.
  const [record] = useState(() => new SessionRecord());
  const resumedRecorded = useRef(false);
  useEffect(() => {
    if (props.starting || resumedRecorded.current) return;
    resumedRecorded.current = true;
    record.addMessages(props.resumedMessages ?? []);
  }, [props.starting, props.resumedMessages, record]);

  useEffect(() => {
    const batcher = new EventBatcher((events: EngineEvent[]) => dispatch(events), BATCH_MS);
    const unsubscribe = controller.subscribe((e) => {
      record.onEvent(e);
      batcher.push(e);
    });
    return () => {
      unsubscribe();
      batcher.dispose();
    };
  }, [controller, record]);

  // Printed items are on the terminal: drop them so state (and each render) stays small all session.
  useEffect(() => {
    if (state.staticItems.length > STATIC_TRIM_AT) dispatch([{ type: 'ui_static_printed' }]);
  }, [state.staticItems.length]);

  const print = useCallback((text: string) => dispatch([{ type: 'ui_item', item: { kind: 'output', depth: 0, text } }]), []);
  const quit = useCallback(() => {
    props.onQuit();
    exit();
  }, [exit, props]);

  const sendPrompt = useCallback(
    (text: string, turn?: TurnOptions) => {
      if (stateRef.current.status.busy) {
        // Pinned above the input until the turn ends (QueuedMessages), then sent as the next message.
        queue.push(text, turn);
        return;
      }
      dispatch([{ type: 'ui_busy', busy: true }]);
      controller
        .send(text, turn)
        .catch((e: unknown) => print(red(`✗ ${sanitizeLine((e as Error).message ?? String(e))}`)))
        .finally(() => {
          dispatch([{ type: 'ui_busy', busy: false }]);
          const next = queue.shift();
          if (next !== undefined) setTimeout(() => sendPrompt(next.text, next.turn), 0);
        });
    },
    [controller, print, queue.push, queue.shift],
  );

  /** `!command`: run by the engine through the Bash tool's rules, shown as a Bash call; messages queue meanwhile. */
  const runShell = useCallback(
    (command: string): Promise<void> => {
      dispatch([{ type: 'ui_item', item: { kind: 'user', depth: 0, text: `! ${command}` } }, { type: 'ui_busy', busy: true }]);
      const run = controller.runUserShell ? controller.runUserShell(command) : Promise.reject(new Error('this session cannot run shell commands'));
      return run
        .then(() => undefined)
        .catch((e: unknown) => print(red(`✗ ${sanitizeLine((e as Error).message ?? String(e))}`)))
        .finally(() => {
          dispatch([{ type: 'ui_busy', busy: false }]);
          const next = queue.shift();
          if (next !== undefined) setTimeout(() => sendPrompt(next.text, next.turn), 0);
        });
    },
    [controller, print, queue.shift, sendPrompt],
  );

  // A resumed conversation read before the session exists: printed now, the slow part of start-up goes on below.
  const { resumedEarly, onResumedEarlyShown } = props;
  useEffect(() => {
    if (!resumedEarly) return;
    dispatch(resumedWindow(resumedEarly, process.cwd()).map((item) => ({ type: 'ui_item', item })));
    // The transcript view shows the whole resumed conversation too (the screen shows only its last turns).
    record.addMessages(resumedEarly);
    onResumedEarlyShown?.();
  }, [resumedEarly, onResumedEarlyShown, record]);

  // The session was built after the first frame: print what init could not, once.
  const startupPrinted = useRef(!props.starting);
  useEffect(() => {
    if (props.starting || startupPrinted.current) return;
    startupPrinted.current = true;
    dispatch(startupActions(props));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.starting]);

  const api: CommandApi = useMemo(
    () => ({
      controller,
      print,
      send: sendPrompt,
      clearScreen: () => {
        stdout.write('\x1b[2J\x1b[3J\x1b[H');
        dispatch([{ type: 'ui_clear' }]);
      },
      exit: quit,
      cwd: stateRef.current.status.cwd,
    }),
    [controller, print, sendPrompt, quit, stdout],
  );

  /** Runs a typed slash command: what was typed goes above its output, as a prompt does. */
  const runTypedSlash = useCallback(
    (text: string) => {
      dispatch([{ type: 'ui_item', item: { kind: 'user', depth: 0, text: text.trim() } }]);
      void runSlash(text, { controller, state: stateRef.current, custom, extra, api }).then((r) => {
        if (r?.send) sendPrompt(r.send);
      });
    },
    [api, controller, custom, extra, sendPrompt],
  );

  const onSubmit = useCallback(
    (text: string) => {
      // A line typed with a leading space stays out of the history (bash's ignorespace), in memory and on disk.
      if (shouldRecord(text)) {
        setHistory((h) => (h[h.length - 1] === text ? h : [...h, text].slice(-HISTORY_CAP)));
        void appendHistory(props.historyFile, text, props.historyProject);
      }
      const opened = dialogFor(text, { rewind: Boolean(props.rewind), controller });
      if (opened instanceof Error) {
        print(red(`✗ ${sanitizeLine(opened.message)}`));
        return;
      }
      if (opened) {
        if (stateRef.current.status.busy) print(gray('The agent is working: wait for it to finish (or press Esc) first.'));
        else setDialog(opened);
        return;
      }
      if (text.startsWith('!')) {
        const command = text.slice(1).trim();
        if (!command) {
          print(gray('Type a command after ! to run it in the shell, e.g. !git status'));
          return false;
        }
        // One thing at a time: a command typed while the agent works would race its tool calls.
        if (stateRef.current.status.busy) {
          print(gray('The agent is working: the command stays in the input; run it when the turn ends (or press Esc to stop the turn).'));
          return false;
        }
        // Typed while the session starts: runs once it is there (as a slash command does).
        if (props.starting) shellWhileStarting.current.push(command);
        else runShell(command);
        return;
      }
      if (/^\/[A-Za-z]/.test(text.trim())) {
        // The session's own commands (custom commands, skills, /permissions, /doctor...) arrive with the session:
        // a command typed while it starts waits for it instead of being called unknown.
        if (props.starting) {
          slashWhileStarting.current.push(text);
          return;
        }
        runTypedSlash(text);
        return;
      }
      // A typed prompt attaches the files its `@path` mentions name.
      sendPrompt(text, { attachMentions: true });
    },
    [controller, props.historyFile, props.historyProject, props.rewind, props.starting, print, sendPrompt, runTypedSlash, runShell],
  );

  const slashWhileStarting = useRef<string[]>([]);
  const shellWhileStarting = useRef<string[]>([]);
  useEffect(() => {
    if (props.starting) return;
    for (const text of slashWhileStarting.current.splice(0)) runTypedSlash(text);
    const shell = shellWhileStarting.current.splice(0);
    // One at a time: each waits for the one before (the engine runs one command or turn at once).
    if (shell.length) void shell.reduce((p, command) => p.then(() => runShell(command)), Promise.resolve());
  }, [props.starting, runTypedSlash, runShell]);

  // `tandem "prompt"`: submitted once, as if typed, when the session is ready.
  const initialSent = useRef(false);
  useEffect(() => {
    if (props.starting || initialSent.current || !props.initialPrompt?.trim()) return;
    initialSent.current = true;
    onSubmit(props.initialPrompt);
  }, [props.starting, props.initialPrompt, onSubmit]);

  const prompt = state.prompts[0];
  // A server's form waits while a permission prompt is open: one question on the screen at a time.
  const form = prompt ? undefined : state.forms?.[0];
  const onFormAnswer = useCallback(
    (answer: ElicitationAnswer) => {
      if (!form) return;
      if (!controller.respondElicitation?.(form.requestId, answer)) print(red('✗ The form could not be sent (it was closed or its values did not fit the schema).'));
    },
    [controller, form, print],
  );
  const onDecision = useCallback(
    (d: UserDecision) => {
      if (!prompt) return;
      // First, while the prompt is still in the state: the engine's answer (permission_resolved) may come at once.
      dispatch([{ type: 'ui_prompt_answered', requestId: prompt.requestId, feedback: d.type === 'deny' ? d.feedback : undefined }]);
      controller.respond(prompt.requestId, d);
    },
    [controller, prompt],
  );

  // ctrl+o: the transcript view. The screen is taken at once, before React renders the hidden live area, so nothing
  // of this frame reaches the normal screen; the stream and any prompt go on underneath.
  const [pagerOpen, setPagerOpen] = useState(false);
  const screen = props.screen;
  const closePager = useCallback(() => {
    screen?.giveBack();
    setPagerOpen(false);
  }, [screen]);
  const onExpand = useCallback(() => {
    if (screen) {
      screen.take();
      setPagerOpen(true);
      return;
    }
    const s = stateRef.current;
    const p = s.prompts[0]?.preview;
    if (p?.kind === 'diff') return print(fullDiffText(p.path, p.oldText, p.newText, s.status.cwd, columns));
    if (p?.kind === 'command') return print(p.command);
    if (!s.lastResult) return print(gray('No tool result to expand yet.'));
    const d = s.lastResult.diff;
    if (d) return print(fullDiffText(d.path, d.oldText, d.newText, s.status.cwd, columns));
    const lines = s.lastResult.body.split('\n');
    const shown = lines.slice(0, EXPAND_MAX_LINES).join('\n');
    print(`${bold(s.lastResult.title)}\n${shown}${lines.length > EXPAND_MAX_LINES ? gray(`\n… ${lines.length - EXPAND_MAX_LINES} more lines`) : ''}`);
  }, [columns, print, screen]);

  const onCycleMode = useCallback(() => {
    const cur = stateRef.current.status.mode;
    const next = MODE_CYCLE[(MODE_CYCLE.indexOf(cur) + 1) % MODE_CYCLE.length]!;
    controller.setMode(next);
    dispatch([{ type: 'mode_changed', mode: next }]);
  }, [controller]);

  const anyRunning = state.tools.some((t) => t.state === 'running');
  // No spinner frames while a prompt waits for the user (a command still running keeps its own clock going).
  const tick = useTicker(((state.status.busy && !state.prompts.length && !form) || anyRunning) && !pagerOpen);
  const now = Date.now();

  // Row budget: the live area must stay shorter than the terminal, or Ink clears the screen on every frame.
  const avail = Math.max(6, rows - 3 - (state.retry ? 1 : 0));
  // While a prompt or a server's form is open the todo panel folds to one row: what is being asked gets the room.
  const todosFolded = Boolean(prompt || form);
  const todoRows = state.todosVisible && state.todos.length ? (todosFolded ? 1 : Math.min(state.todos.length + 1, Math.max(3, Math.floor(avail / 4)))) : 0;
  const pinnedRows = prompt || form || dialog ? 0 : queuedRows(queue.items.length);
  const inputRows = prompt || form || dialog ? 0 : Math.min(12, Math.max(3, Math.floor(avail / 3))) - pinnedRows;
  const promptRows = prompt || form ? Math.max(6, avail - 1 - todoRows - 2) : 0;
  const liveRows = Math.max(0, avail - 1 - todoRows - inputRows - promptRows);
  const streams = useMemo(() => Object.values(state.streams).filter((s) => s.text.trim() || s.thinkingChars > 0), [state.streams]);
  const onInterrupt = useCallback(() => controller.abort(), [controller]);
  const onToggleTodos = useCallback(() => dispatch([{ type: 'ui_toggle_todos' }]), []);
  const propsOnRewind = props.onRewind;
  const hasRewind = Boolean(props.rewind);
  const onRewind = useMemo(
    () => (hasRewind ? () => setDialog({ kind: 'rewind' }) : propsOnRewind),
    [hasRewind, propsOnRewind],
  );
  // A rewind hands back the turn's prompt: the input box is drawn afresh holding it, ready to edit.
  const [refill, setRefill] = useState<{ text: string; key: number } | null>(null);
  const closeDialog = useCallback(
    (message?: string, refillText?: string) => {
      setDialog(null);
      if (message) print(message);
      if (refillText) setRefill((r) => ({ text: refillText, key: (r?.key ?? 0) + 1 }));
    },
    [print],
  );
  const reloadAgents = useCallback(async () => {
    await controller.reloadAgents?.();
  }, [controller]);
  // ↑ on an empty input takes the newest queued message back to edit; Esc drops it.
  const queuePop = queue.pop;
  const editQueued = useCallback(() => queuePop()?.text ?? null, [queuePop]);
  const dropQueued = useCallback(() => queuePop() !== undefined, [queuePop]);
  const agentNames = useCallback((): string[] => {
    try {
      return controller.agents().agents.map((a) => a.name);
    } catch {
      return []; // the session is still starting
    }
  }, [controller]);
  const dialogOpen = dialog !== null && !prompt && !form;
  // The call being asked about is shown by its prompt: its live line would only repeat the command.
  const liveTools = useMemo(() => (prompt ? state.tools.filter((t) => t.callId !== prompt.callId) : state.tools), [state.tools, prompt]);
  const dialogRows = Math.max(6, avail - 1 - todoRows - 2);

  return (
    <>
      <Static key={state.staticKey} items={state.staticItems}>
        {(item) => <TranscriptItemView key={item.id} item={item} width={columns} />}
      </Static>
      {pagerOpen && screen ? <TranscriptPager gate={screen} record={record} cwd={state.status.cwd} onClose={closePager} /> : null}
      {/* Hidden, not unmounted, while the transcript view is open: a prompt keeps its selection and typed text. */}
      <Box flexDirection="column" width={columns} display={pagerOpen ? 'none' : 'flex'}>
        <LiveArea streams={streams} tools={liveTools} maxRows={liveRows} width={columns} cwd={state.status.cwd} tick={tick} now={now} />
        {prompt ? (
          <PermissionPrompt
            key={prompt.requestId}
            request={prompt}
            cwd={state.status.cwd}
            width={columns}
            maxRows={promptRows}
            isActive={!pagerOpen}
            onDecision={onDecision}
            onExpand={onExpand}
          />
        ) : null}
        {form ? <ElicitationForm key={form.requestId} request={form} width={columns} maxRows={promptRows} onAnswer={onFormAnswer} /> : null}
        {dialogOpen && dialog.kind === 'rewind' && props.rewind ? (
          <RewindPicker api={props.rewind} width={columns} maxRows={dialogRows} onClose={closeDialog} />
        ) : null}
        {dialogOpen && dialog.kind === 'agent-wizard' ? (
          <AgentWizard
            taken={dialog.taken}
            tools={dialog.tools}
            cwd={state.status.cwd}
            width={columns}
            maxRows={dialogRows}
            reload={reloadAgents}
            onClose={closeDialog}
          />
        ) : null}
        {state.todosVisible ? <TodoPanel todos={state.todos} maxRows={todoRows} tick={tick} width={columns} folded={todosFolded} /> : null}
        <Box display={prompt || form || dialogOpen ? 'none' : 'flex'} flexDirection="column">
          <QueuedMessages items={queue.items} width={columns} />
          <Text>{gray('─'.repeat(Math.max(1, columns)))}</Text>
          <InputBox
            key={refill?.key ?? 0}
            initialText={refill?.text ?? props.initialInput}
            onSubmit={onSubmit}
            history={history}
            commands={commands}
            completeAt={completeAt}
            cwd={state.status.cwd}
            busy={state.status.busy}
            isActive={!prompt && !form && !dialogOpen && !pagerOpen}
            width={columns}
            maxRows={inputRows}
            onInterrupt={onInterrupt}
            onExit={quit}
            onCycleMode={onCycleMode}
            onToggleTodos={onToggleTodos}
            onExpand={onExpand}
            onRewind={onRewind}
            agentNames={agentNames}
            onEditQueued={editQueued}
            onDropQueued={dropQueued}
          />
        </Box>
        {state.retry ? <Text>{yellow('! ' + state.retry.text)}</Text> : null}
        <StatusLine width={columns} status={state.status} tick={tick} hint={[state.todos.length && !state.todosVisible ? 'ctrl+t todos' : '', props.statusNote ?? ''].filter(Boolean).join(' · ') || undefined} />
      </Box>
    </>
  );
}
