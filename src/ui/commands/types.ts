// Slash commands: the built-in ones, the user's custom commands (prompt templates) and the lead's extra ones.
import type { SessionController, TurnOptions } from '../../engine/controller';

export interface CustomCommand {
  name: string;
  description: string;
  argumentHint?: string;
  /** Turns `/name args` into the prompt that is sent. */
  expand: (args: string) => string;
  /** When set, used instead of expand: runs `!` lines, attaches `@` files, and gives the turn its model and rules. */
  prepare?: (args: string) => Promise<{ prompt: string; turn?: TurnOptions; notes: string[] }>;
}

/** What an extra command may do to the shell. */
export interface CommandApi {
  controller: SessionController;
  /** Prints text (ANSI allowed) into the transcript. */
  print(text: string): void;
  /** Sends a prompt to the agent as if the user typed it. */
  send(prompt: string, turn?: TurnOptions): void;
  /** Clears the terminal once (the transcript stays in the session unless the command clears it). */
  clearScreen(): void;
  exit(): void;
  cwd: string;
}

export interface ExtraCommand {
  name: string;
  description: string;
  argumentHint?: string;
  /** A returned string is printed into the transcript. */
  run: (args: string, api: CommandApi) => Promise<string | void>;
}

/** Commands and `@` completions that come and go with the MCP servers (prompts, resources). */
export interface DynamicCommands {
  commands(): ExtraCommand[];
  /** `server:uri` entries for `@query`. */
  completeAt(query: string): string[];
  subscribe(onChange: () => void): () => void;
}

export interface CommandEntry {
  name: string;
  description: string;
  argumentHint?: string;
}
