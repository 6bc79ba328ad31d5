// Entry point of the interactive shell. Loads history, renders the App, resolves when the user quits. With a
// session promise the prompt is drawn before the engine exists (the first frame waits on nothing it does not need).
import React, { useCallback, useEffect, useState } from 'react';
import { render, useApp } from 'ink';
import type { Message } from '../model/types';
import { DeferredController } from './state/deferred-controller';
import type { SessionController } from '../engine/controller';
import { App } from './components/App';
import type { CustomCommand, ExtraCommand } from './commands/types';
import { loadHistory } from './input/history';
import { setColorEnabled } from './theme/ansi';
import type { TrustAnswer, TrustAsker, TrustQuestion } from '../trust/question';
import { TrustDialog } from './components/TrustDialog';
import { useTerminalSize } from './hooks/use-terminal-size';
import { ScreenGate } from './pager/screen-gate';

export type { CustomCommand, ExtraCommand, CommandApi } from './commands/types';

/** What comes from the session: known only once the engine is built. */
export interface ShellSession {
  controller: SessionController;
  /** Shown once at the top: settings errors, agent load errors, a missing API key. */
  startupNotices: string[];
  customCommands?: CustomCommand[];
  /** Commands added by the CLI (/permissions, /rewind, /compact, ...). */
  extraCommands?: ExtraCommand[];
  /** MCP prompts as commands and MCP resources for `@` completion (they change as servers connect). */
  dynamicCommands?: import('./commands/types').DynamicCommands;
  /** Esc twice on an empty input while idle. */
  onRewind?: () => void;
  /** A resumed session's conversation: printed once at the top (prompts, answers, one line per tool call). */
  resumedMessages?: Message[];
  /** Submitted as if typed once the shell is ready (`tandem "prompt"`). */
  initialPrompt?: string;
  /** Turns and restores for the rewind picker (Esc twice on an empty input). */
  rewind?: RewindApi;
  /** A standing remark at the end of the status line (e.g. that file checkpoints are off). */
  statusNote?: string;
}

/** What the rewind picker needs (src/cli/rewind.ts implements it). */
export interface RewindApi {
  turns(): Promise<Array<{ turn: number; prompt: string; time: string; files: Array<{ path: string; status: string; added: number; removed: number }> }>>;
  plan(turn: number): Promise<Array<{ path: string; status: string; added: number; removed: number }>>;
  restore(turn: number, scope: 'both' | 'files' | 'conversation'): Promise<string>;
  /** The rewound turn's prompt, for the input box (once, after a restore of the conversation). */
  takeRefill?(turn: number): string | undefined;
}

interface ShellBase {
  version: string;
  /** $TANDEM_HOME/history.jsonl: input history kept across sessions. */
  historyFile: string;
  /** The project root: history entries are tagged with it and offered in it. */
  historyProject?: string;
  noColor: boolean;
  onExit?: () => Promise<void>;
  /** Typed before the shell drew (the CLI's plain first frame): put in the input. */
  initialInput?: string;
  /** Sent with Enter before the shell drew: the first prompt, unless the session brings one. */
  earlyPrompt?: string;
  /**
   * A resumed session's conversation, read while the session is still being built: printed as soon as it is
   * known, so the last answer shows without waiting for the rest of start-up. When given, the session's own
   * `resumedMessages` are not printed again.
   */
  resumedEarly?: Promise<Message[] | undefined>;
  /** Called once the App has taken the early conversation to print. */
  onResumedShown?: () => void;
  /** The folder-trust question, asked before the session is built (the dialog replaces the shell until answered). */
  trust?: TrustAsker;
  /** For tests: streams other than the process's. */
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

export type RunInteractiveOptions = ShellBase & ShellSession;

/**
 * The fast start: the shell (prompt, status line) is drawn at once and the session arrives later. If `session`
 * rejects, the shell closes and runInteractive rejects with that error.
 */
export interface RunInteractiveLateOptions extends ShellBase {
  session: Promise<ShellSession>;
}

const BRACKETED_PASTE_ON = '\x1b[?2004h';
const BRACKETED_PASTE_OFF = '\x1b[?2004l';

export class NotATerminalError extends Error {
  constructor() {
    super('tandem needs an interactive terminal for the shell. Pipe input with -p instead: tandem -p "your prompt"');
    this.name = 'NotATerminalError';
  }
}

export async function runInteractive(opts: RunInteractiveOptions | RunInteractiveLateOptions): Promise<void> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') throw new NotATerminalError();
  setColorEnabled(!opts.noColor);
  const late = 'session' in opts ? opts.session : null;
  const deferred = late ? new DeferredController(late.then((s) => s.controller)) : null;
  const history = await loadHistory(opts.historyFile, opts.historyProject);
  let controller: SessionController | null = 'session' in opts ? null : opts.controller;
  // Ink draws through the gate, so the transcript view (ctrl+o) can borrow the terminal.
  const screen = new ScreenGate(stdout);
  const instance = render(
    <Shell
      base={opts}
      screen={screen}
      late={late}
      ready={'session' in opts ? null : opts}
      controller={deferred ?? (opts as RunInteractiveOptions).controller}
      history={history}
      onSession={(s) => (controller = s.controller)}
      onQuit={() => {
        try {
          controller?.abort();
        } catch {
          // nothing running
        }
      }}
    />,
    { stdin, stdout: screen.stream, exitOnCtrlC: false, patchConsole: false, maxFps: 30 },
  );
  // Bracketed paste (see input/use-paste-aware-input.ts): on while the shell runs, off however it ends.
  const pasteModeOff = () => stdout.write(BRACKETED_PASTE_OFF);
  stdout.write(BRACKETED_PASTE_ON);
  process.once('exit', pasteModeOff);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('exit', pasteModeOff);
    screen.giveBack();
    pasteModeOff();
    await opts.onExit?.();
  }
}

interface ShellProps {
  base: ShellBase;
  screen: ScreenGate;
  late: Promise<ShellSession> | null;
  ready: ShellSession | null;
  controller: SessionController;
  history: string[];
  onSession: (s: ShellSession) => void;
  onQuit: () => void;
}

/** Holds the session once it arrives and hands it to the App (which stays mounted: typed input is kept). */
function Shell(props: ShellProps): React.JSX.Element {
  const { exit } = useApp();
  const [session, setSession] = useState<ShellSession | null>(props.ready);
  const [trustQuestion, setTrustQuestion] = useState<TrustQuestion | null>(null);
  // The early conversation until the App has printed it (once, even if the trust dialog unmounts the App).
  const [early, setEarly] = useState<Message[] | null>(null);
  const onEarlyShown = useCallback(() => {
    setEarly([]);
    props.base.onResumedShown?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const { columns } = useTerminalSize();
  useEffect(() => {
    let live = true;
    void props.base.resumedEarly?.then((messages) => live && messages && setEarly(messages));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => props.base.trust?.listen((q) => setTrustQuestion(q)), [props.base.trust]);
  useEffect(() => {
    if (!props.late) return;
    let live = true;
    props.late.then(
      (s) => {
        if (!live) return;
        props.onSession(s);
        setSession(s);
      },
      (error: unknown) => live && exit(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (trustQuestion && props.base.trust) {
    const asker = props.base.trust;
    const onAnswer = (answer: TrustAnswer) => {
      // On quit the dialog stays until the shell closes: mounting the shell just to unmount it would race the exit.
      if (answer !== 'quit') setTrustQuestion(null);
      asker.answer(answer);
    };
    return <TrustDialog question={trustQuestion} width={columns} onAnswer={onAnswer} />;
  }
  return (
    <App
      controller={props.controller}
      starting={!session}
      version={props.base.version}
      startupNotices={session?.startupNotices ?? NO_NOTICES}
      history={props.history}
      historyFile={props.base.historyFile}
      historyProject={props.base.historyProject}
      customCommands={session?.customCommands}
      extraCommands={session?.extraCommands}
      dynamicCommands={session?.dynamicCommands}
      onRewind={session?.onRewind}
      rewind={session?.rewind}
      statusNote={session?.statusNote}
      resumedMessages={props.base.resumedEarly ? undefined : session?.resumedMessages}
      resumedEarly={early && early.length > 0 ? early : undefined}
      onResumedEarlyShown={onEarlyShown}
      initialPrompt={session ? (session.initialPrompt ?? props.base.earlyPrompt) : undefined}
      initialInput={props.base.initialInput}
      onQuit={props.onQuit}
      screen={props.screen}
    />
  );
}

const NO_NOTICES: string[] = [];
