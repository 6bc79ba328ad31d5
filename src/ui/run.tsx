// Entry point of the interactive shell. Loads history, renders the App, resolves when the user quits.
import React from 'react';
import { render } from 'ink';
import type { SessionController } from '../engine/controller';
import { App } from './components/App';
import type { CustomCommand, ExtraCommand } from './commands/types';
import { loadHistory } from './input/history';
import { setColorEnabled } from './theme/ansi';

export type { CustomCommand, ExtraCommand, CommandApi } from './commands/types';

export interface RunInteractiveOptions {
  controller: SessionController;
  version: string;
  /** Shown once at the top: settings errors, agent load errors, a missing API key. */
  startupNotices: string[];
  /** $TANDEM_HOME/history.jsonl: input history kept across sessions. */
  historyFile: string;
  noColor: boolean;
  customCommands?: CustomCommand[];
  /** Commands added by the CLI (/permissions, /rewind, /compact, ...). */
  extraCommands?: ExtraCommand[];
  /** Esc twice on an empty input while idle. */
  onRewind?: () => void;
  onExit?: () => Promise<void>;
  /** For tests: streams other than the process's. */
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

export class NotATerminalError extends Error {
  constructor() {
    super('tandem needs an interactive terminal for the shell. Pipe input with -p instead: tandem -p "your prompt"');
    this.name = 'NotATerminalError';
  }
}

export async function runInteractive(opts: RunInteractiveOptions): Promise<void> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') throw new NotATerminalError();
  setColorEnabled(!opts.noColor);
  const history = await loadHistory(opts.historyFile);
  let quitting = false;
  const instance = render(
    <App
      controller={opts.controller}
      version={opts.version}
      startupNotices={opts.startupNotices}
      history={history}
      historyFile={opts.historyFile}
      customCommands={opts.customCommands}
      extraCommands={opts.extraCommands}
      onRewind={opts.onRewind}
      onQuit={() => {
        quitting = true;
        try {
          opts.controller.abort();
        } catch {
          // nothing running
        }
      }}
    />,
    { stdin, stdout, exitOnCtrlC: false, patchConsole: false, maxFps: 30 },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    void quitting;
    await opts.onExit?.();
  }
}
