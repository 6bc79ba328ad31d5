// Screen state: what the reducer builds from engine events. Finished items go to `staticItems` (printed once by
// Ink's <Static>); everything else is the live area, which must stay small.
import type { AgentColor } from '../../agents/types';
import type { ToolCallState, Speaker, EngineEvent } from '../../engine/events';
import type { PermissionMode } from '../../permissions/types';
import type { Preview, TodoItem } from '../../tools/types';

export type PermissionRequest = Extract<EngineEvent, { type: 'permission_request' }>;
/** An MCP server's form (elicitation), its shown text sanitised by the reducer. */
export type FormRequest = Extract<EngineEvent, { type: 'elicitation_request' }>;

interface ItemBase {
  id: number;
  /** Nesting level: 0 for the main agent, 1+ for subagents started by Task. */
  depth: number;
}

export type TranscriptItem =
  | (ItemBase & { kind: 'user'; text: string })
  /** A committed piece of an answer; `label` is set on the first piece of a subagent's message. */
  | (ItemBase & { kind: 'markdown'; text: string; label?: { name: string; color?: AgentColor } })
  | (ItemBase & { kind: 'thinking'; chars: number })
  /**
   * A tool call. `phase` is 'full' normally; a Task whose subagent printed lines gets its 'header' committed first
   * (so nested lines sit under it) and its 'result' when it ends.
   */
  | (ItemBase & {
      kind: 'tool';
      phase: 'full' | 'header' | 'result';
      name: string;
      keyArg: string;
      state: ToolCallState;
      summary: string;
      /** A few lines of the result. */
      excerpt: string;
      hiddenLines: number;
      label?: { name: string; color?: AgentColor };
      /** A command that exited non-zero. */
      exitCode?: number;
      /** The excerpt is the end of the output (a failed command): the hidden lines came before it. */
      excerptFromEnd?: boolean;
      /** A finished file edit keeps what it changed: drawn as a numbered diff (sanitised line by line as drawn). */
      diff?: { path: string; oldText: string | null; newText: string };
    })
  | (ItemBase & { kind: 'notice'; level: 'info' | 'warning' | 'error'; text: string })
  | (ItemBase & { kind: 'agent_switch'; from: string; to: string; color?: AgentColor; model: string })
  /** Pre-rendered command output (/help, /agents, /cost, ...). */
  | (ItemBase & { kind: 'output'; text: string });

export type NewItem = TranscriptItem extends infer T ? (T extends TranscriptItem ? Omit<T, 'id'> : never) : never;

export interface LiveStream {
  speaker: Speaker;
  /** The uncommitted tail of the answer. */
  text: string;
  thinkingChars: number;
  /** Something of this message went to the transcript already (a retry then cannot take it back). */
  committedSinceStart: boolean;
  /** The subagent's name still has to be shown on the next committed piece. */
  labelPending: boolean;
}

export interface LiveTool {
  callId: string;
  name: string;
  input: Record<string, unknown>;
  preview?: Preview;
  state: ToolCallState;
  speaker: Speaker;
  startedAt?: number;
  /** What the user told the agent when denying this call at the prompt (sanitised). */
  feedback?: string;
  /** Last part of the live output (bounded, sanitised). */
  output: string;
  /** The last output chunk ended with a carriage return: the next text redraws the last line. */
  outputRewind?: boolean;
  summary?: string;
  headerCommitted: boolean;
  /** An MCP server's latest progress for this call ("3/10 indexing"), sanitised. */
  progress?: string;
}

export interface StatusInfo {
  agent: string;
  color?: AgentColor;
  model: string;
  mode: PermissionMode;
  cwd: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  contextPct: number | null;
  busy: boolean;
  busySince: number | null;
  /** A permission prompt waits for the user since then: the spinner and the clock stand still. */
  pausedAt?: number | null;
  /** Characters streamed since the last usage report: shown as estimated output tokens until the real count comes. */
  streamedChars?: number;
}

export interface ScreenState {
  /** A streaming tail shorter than this many lines is not split for printing yet (0: split at every safe point). */
  commitMinLines: number;
  /** Items not yet handed to <Static>; trimmed once printed so memory does not grow with the session. */
  staticItems: TranscriptItem[];
  /** Changes when printed items are dropped: remounts <Static> with an empty list. */
  staticKey: number;
  nextId: number;
  streams: Record<string, LiveStream>;
  tools: LiveTool[];
  /** Permission prompts in arrival order; the first is shown. */
  prompts: PermissionRequest[];
  /** MCP servers' forms in arrival order; the first is shown once no permission prompt waits. */
  forms?: FormRequest[];
  todos: TodoItem[];
  todosVisible: boolean;
  status: StatusInfo;
  /** The latest retry notice, drawn on one line above the status line and updated in place. */
  retry: { text: string; depth: number } | null;
  /** What ctrl+o prints in full: the last tool result. */
  lastResult: { title: string; body: string; diff?: { path: string; oldText: string | null; newText: string } } | null;
}

export type UiAction =
  | { type: 'ui_busy'; busy: boolean }
  | { type: 'ui_item'; item: NewItem }
  | { type: 'ui_static_printed' }
  | { type: 'ui_prompt_answered'; requestId: string; feedback?: string }
  | { type: 'ui_toggle_todos' }
  | { type: 'ui_clear' }
  /** The session became known after the first frame (agent, model, mode, cwd). */
  | { type: 'ui_status'; status: Partial<StatusInfo> };

export type Action = EngineEvent | UiAction;
