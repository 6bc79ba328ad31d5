// Turns a transcript back into a session: the main conversation (compactions applied, tool pairs repaired),
// the agent, model and mode in effect at the end, the todos, the session's permission rules and usage.
import { emptyUsage } from '../model/types';
import type { Message, ToolResultBlock, UserBlock, Usage } from '../model/types';
import type { TodoItem } from '../tools/types';
import { compactedMessages } from './compaction';
import { addUsage } from './usage-math';
import { repairToolPairing } from './history-repair';
import { interruptedTaskText, subagentProgressByTask } from './subagent-progress';
import type { SessionRuleEntry, TranscriptEntry } from './transcript-types';
import { sessionRulesAfter } from '../permissions/session-rules';

export interface UsageSplit {
  usage: Usage;
  costUsd: number;
}

export interface RebuiltState {
  /** The main conversation only (messages with parentToolUseId null), ready to send. */
  messages: Message[];
  agent?: string;
  model?: string;
  /** The base model and whether the user chose it: undefined when the log does not say (older logs). */
  sessionModel?: string;
  explicitModel?: boolean;
  mode?: string;
  todos: TodoItem[];
  sessionRules: Array<{ rule: string; behavior: 'allow' | 'deny' | 'ask' }>;
  usageByModel: Record<string, UsageSplit>;
  usageByAgent: Record<string, UsageSplit>;
  /** The last request's usage: how full the context was when the session stopped. */
  lastUsage?: { model: string; usage: Usage };
  /** The session id from session_meta, when present. */
  sessionId?: string;
  compactions: number;
  /** Entries that passed the line checks but could not be applied (described for the resume notice). */
  unusable: string[];
}

export function rebuildState(entries: readonly TranscriptEntry[]): RebuiltState {
  let messages: Message[] = [];
  const ruleChanges: SessionRuleEntry[] = [];
  const state: RebuiltState = { messages, todos: [], sessionRules: [], usageByModel: {}, usageByAgent: {}, compactions: 0, unusable: [] };
  // Results written one by one as calls ended; the batch's own user message supersedes them when it exists.
  let pending: ToolResultBlock[] = [];
  const pushMessage = (message: Message) => {
    if (pending.length > 0 && !(message.role === 'user' && hasToolResults(message))) {
      if (message.role === 'user') {
        message = { role: 'user', content: [...pending, ...asBlocks(message.content)] };
      } else messages.push({ role: 'user', content: pending });
    }
    pending = [];
    messages.push(message);
  };
  for (const entry of entries) {
    try {
      apply(entry);
    } catch (error) {
      state.unusable.push(`a ${entry.type} entry (${(error as Error).message})`);
    }
  }
  if (pending.length > 0) messages.push({ role: 'user', content: pending });

  function apply(entry: TranscriptEntry): void {
    switch (entry.type) {
      case 'session_meta':
        state.sessionId ??= entry.sessionId;
        state.agent = entry.agent;
        state.model = entry.model;
        state.mode = entry.mode;
        if (typeof entry.sessionModel === 'string') state.sessionModel = entry.sessionModel;
        if (typeof entry.explicitModel === 'boolean') state.explicitModel = entry.explicitModel;
        break;
      case 'message':
        if (entry.parentToolUseId === null && !entry.incomplete) pushMessage(entry.message);
        break;
      case 'tool_result':
        if (entry.parentToolUseId === null) pending.push(entry.result);
        break;
      case 'agent_switch':
        state.agent = entry.to;
        break;
      case 'model_change':
        state.model = entry.model;
        state.sessionModel = entry.model;
        state.explicitModel = true;
        break;
      case 'mode_change':
        state.mode = entry.mode;
        break;
      case 'todos':
        state.todos = entry.todos;
        break;
      case 'session_rule':
        ruleChanges.push(entry);
        break;
      case 'usage':
        accumulate(state.usageByModel, entry.model, entry.usage, entry.costUsd);
        accumulate(state.usageByAgent, entry.agent, entry.usage, entry.costUsd);
        state.lastUsage = { model: entry.model, usage: entry.usage };
        break;
      case 'compaction':
        // Everything before the compaction is replaced by its summary (or the exact messages the engine used).
        messages = entry.messages ? [...entry.messages] : compactedMessages(entry.summary, { todos: state.todos });
        pending = [];
        state.compactions++;
        break;
      case 'subagent_run':
      case 'background_stopped':
        break;
      default: {
        const unknownEntry: never = entry;
        void unknownEntry;
      }
    }
  }
  // A crash while a turn was running leaves a trailing assistant message with an empty body or tool_use blocks
  // without results: the first is dropped, the second gets "interrupted" results.
  while (messages.length > 0) {
    const last = messages[messages.length - 1]!;
    if (last.role === 'assistant' && last.content.length === 0) messages.pop();
    else break;
  }
  // A Task call cut short says what its subagent had already done (its results were written one by one).
  const progress = subagentProgressByTask(entries);
  state.messages = repairToolPairing(messages, (id) => interruptedTaskText(progress.get(id)));
  state.sessionRules = sessionRulesAfter(ruleChanges);
  return state;
}

function hasToolResults(message: Message): boolean {
  return typeof message.content !== 'string' && message.content.some((b) => b.type === 'tool_result');
}

function asBlocks(content: string | UserBlock[]): UserBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

function accumulate(into: Record<string, UsageSplit>, key: string, usage: Usage, costUsd: number): void {
  const slot = (into[key] ??= { usage: emptyUsage(), costUsd: 0 });
  slot.usage = addUsage(slot.usage, usage);
  slot.costUsd += costUsd;
}
