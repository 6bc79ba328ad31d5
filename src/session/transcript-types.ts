// The lines of a session transcript (one JSON object per line). Every entry says what it is (`type`), when it
// was written (`time`, ISO) and has its own `uuid`. Written by the engine as things complete; read back by
// /resume and --continue through rebuildState.
import type { Message, ToolResultBlock, Usage } from '../model/types';
import type { TodoItem } from '../tools/types';

interface EntryBase {
  time: string;
  uuid: string;
}

export type SessionMetaEntry = EntryBase & {
  type: 'session_meta';
  sessionId: string;
  cwd: string;
  projectRoot: string;
  agent: string;
  model: string;
  mode: string;
  version: string;
  /** The base model agents without their own resolve against, and whether the user chose it (--model, /model).
   *  Older logs lack both: `model` is then the current agent's model and is not applied as a choice. */
  sessionModel?: string;
  explicitModel?: boolean;
};

export type MessageEntry = EntryBase & {
  type: 'message';
  message: Message;
  agent: string;
  model: string;
  /** null for the main conversation; the Task call's id for a subagent's messages. */
  parentToolUseId: string | null;
  subagentRunId?: string;
  /** Set when the message was written before it finished (a stream cut short); resume drops it. */
  incomplete?: boolean;
};

/** One tool call's result, written the moment the call ends; the whole batch's user message follows once every
 *  call of the message is done. After a crash, these say which calls finished and what they returned. */
export type ToolResultEntry = EntryBase & {
  type: 'tool_result';
  result: ToolResultBlock;
  /** null for the main conversation; the Task call's id for a subagent's calls. */
  parentToolUseId: string | null;
};

export type AgentSwitchEntry = EntryBase & { type: 'agent_switch'; from: string; to: string };
export type ModelChangeEntry = EntryBase & { type: 'model_change'; model: string; from?: string };
export type ModeChangeEntry = EntryBase & { type: 'mode_change'; mode: string; from?: string };
export type TodosEntry = EntryBase & { type: 'todos'; todos: TodoItem[] };
/** A session rule added (no `change`, or 'add'), removed, or saved to a settings file ('keep'); see session-rules.ts. */
export type SessionRuleEntry = EntryBase & {
  type: 'session_rule';
  rule: string;
  behavior: 'allow' | 'deny' | 'ask';
  change?: 'add' | 'remove' | 'keep';
  persist?: boolean;
  file?: string;
};
export type UsageEntry = EntryBase & { type: 'usage'; model: string; agent: string; usage: Usage; costUsd: number };
export type CompactionEntry = EntryBase & {
  type: 'compaction';
  summary: string;
  /** How many messages the summary replaced (informational). */
  replacedMessages: number;
  /** The exact messages that replaced the old ones, when the engine kept them; else rebuilt from the summary. */
  messages?: Message[];
  trigger?: 'auto' | 'manual' | 'prompt_too_long';
};
/** A background command the end of the session stopped; its output was saved to `outputFile`. */
export type BackgroundStoppedEntry = EntryBase & {
  type: 'background_stopped';
  shellId: string;
  command: string;
  outputFile?: string;
  /** Lines BashOutput had not returned to the model. */
  unreadLines: number;
};
export type SubagentRunEntry = EntryBase & {
  type: 'subagent_run';
  runId: string;
  agent: string;
  parentToolUseId: string;
  status: 'started' | 'finished';
  result?: string;
};

export type TranscriptEntry =
  | SessionMetaEntry
  | MessageEntry
  | ToolResultEntry
  | AgentSwitchEntry
  | ModelChangeEntry
  | ModeChangeEntry
  | TodosEntry
  | SessionRuleEntry
  | UsageEntry
  | CompactionEntry
  | SubagentRunEntry
  | BackgroundStoppedEntry;

export type TranscriptEntryType = TranscriptEntry['type'];

type WithOptionalStamp<T> = T extends EntryBase ? Omit<T, 'time' | 'uuid'> & Partial<EntryBase> : never;
/** What append() accepts: an entry whose `time` and `uuid` are filled in when missing. */
export type NewTranscriptEntry = WithOptionalStamp<TranscriptEntry>;

export const TRANSCRIPT_ENTRY_TYPES: readonly TranscriptEntryType[] = [
  'session_meta',
  'message',
  'tool_result',
  'agent_switch',
  'model_change',
  'mode_change',
  'todos',
  'session_rule',
  'usage',
  'compaction',
  'subagent_run',
  'background_stopped',
];
