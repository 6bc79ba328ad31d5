// What a front end (the Ink REPL, the headless printer) may ask of a running session. The Session class in
// session.ts implements it; the UI is written against this interface only.
import type { AgentDefinition, AgentLoadError } from '../agents/types';
import type { PermissionMode, UserDecision } from '../permissions/types';
import type { TodoItem } from '../tools/types';
import type { EngineEvent, TurnResult } from './events';

/** What one turn may change for itself alone (a custom command's `model` and `allowed-tools`). */
export interface TurnOptions {
  /** A model alias or id for this turn; the session's model comes back when it ends. */
  model?: string;
  /** Allow rules in force while the turn runs (deny and ask rules still win). */
  allowRules?: string[];
  /** Where the rules came from, for permission messages ("command /review (.claude/commands/review.md)"). */
  source?: string;
  /** `@path` mentions in the prompt attach those files (a Read the model sees; see engine/mentions.ts). */
  attachMentions?: boolean;
  /** Pictures sent with the prompt (headless stream-json input carries them as content blocks). */
  images?: import('../model/types').ImageBlock[];
}

export interface SessionInfo {
  sessionId: string;
  agent: AgentDefinition;
  model: string;
  mode: PermissionMode;
  cwd: string;
  todos: TodoItem[];
  busy: boolean;
  /** The session's usage so far (a resumed session's included), shaped as the last `usage` event would be: the
   *  shell shows it before the first request of a resume. */
  usage?: Extract<EngineEvent, { type: 'usage' }>;
}

export interface SessionController {
  /** Subscribe to engine events; returns the unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
  /** Runs one user turn to its end (the model stops, max turns, an error, or abort). */
  send(prompt: string, turn?: TurnOptions): Promise<TurnResult>;
  /** Answers a permission_request event. */
  respond(requestId: string, decision: UserDecision): void;
  /** Answers an elicitation_request event (an MCP server's form); false when the answer was refused. */
  respondElicitation?(requestId: string, answer: import('../mcp/elicitation-form').ElicitationAnswer): boolean;
  /** Stops the running turn: the stream, running tools, pending prompts. */
  abort(): void;
  switchAgent(name: string): void;
  setModel(nameOrAlias: string): void;
  setMode(mode: PermissionMode): void;
  /** Forgets the conversation (keeps agent, model, mode). */
  clear(): void;
  info(): SessionInfo;
  agents(): { agents: AgentDefinition[]; errors: AgentLoadError[] };
  /** Loads the agent files again (after /agents created one); the current agent keeps running. */
  reloadAgents?(): Promise<void>;
  /** `!command`: runs a shell command for the user through the Bash tool's permission rules (rejects while a turn runs). */
  runUserShell?(command: string): Promise<{ ran: boolean }>;
  /** Subagent runs of this session, newest last (for /agents). */
  subagentRuns?(): Array<{ runId: string; agent: string; parentToolUseId: string; status: 'running' | 'done' | 'error'; result?: string }>;
}
