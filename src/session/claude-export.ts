// A tandem session log rewritten as the lines Claude Code keeps in ~/.claude/projects/<slug>/<id>.jsonl, so
// scripts written for Claude Code's transcripts (stop hooks that read the last answer, cost reporters, exporters)
// can read tandem's. Only the fields such scripts read are produced: `type` ("user" | "assistant" | "summary" |
// "system"), `message`, `uuid`, `parentUuid`, `isSidechain`, `timestamp`, `sessionId`, `cwd`, `version`.
import type { AssistantBlock, Message, Usage } from '../model/types';
import type { TranscriptEntry } from './transcript-types';

export interface ClaudeLine {
  type: 'user' | 'assistant' | 'summary' | 'system';
  [key: string]: unknown;
}

export interface ClaudeExportOptions {
  sessionId: string;
  /** tandem's version, written where Claude Code writes its own. */
  version: string;
  /** Used until the log's session_meta names the folder. */
  cwd?: string;
}

/** Claude Code's assistant `message` object: the API message as it arrived (id, model, stop reason, usage). */
interface ClaudeAssistantMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AssistantBlock[];
  stop_reason: string | null;
  stop_sequence: null;
  usage?: Usage;
}

export function toClaudeLines(entries: readonly TranscriptEntry[], opts: ClaudeExportOptions): ClaudeLine[] {
  const lines: ClaudeLine[] = [];
  let cwd = opts.cwd ?? '';
  // Each thread (the main conversation, and each subagent run by its Task call) chains its own parentUuid.
  const lastInThread = new Map<string, string>();
  let lastAssistant: ClaudeAssistantMessage | undefined;
  let messageCount = 0;

  const common = (entry: TranscriptEntry, thread: string | null) => ({
    parentUuid: lastInThread.get(thread ?? '') ?? null,
    isSidechain: thread !== null,
    userType: 'external',
    cwd,
    sessionId: opts.sessionId,
    version: opts.version,
    uuid: entry.uuid,
    timestamp: entry.time,
  });

  for (const entry of entries) {
    switch (entry.type) {
      case 'session_meta':
        cwd = entry.cwd;
        break;
      case 'message': {
        if (entry.incomplete) break; // cut short by a crash: resume drops it too
        const thread = entry.parentToolUseId;
        const base = common(entry, thread);
        if (entry.message.role === 'assistant') {
          lastAssistant = assistantMessage(entry.message, entry.model, ++messageCount);
          lines.push({ ...base, type: 'assistant', message: lastAssistant });
        } else {
          lines.push({ ...base, type: 'user', message: { role: 'user', content: entry.message.content } });
        }
        lastInThread.set(thread ?? '', entry.uuid);
        break;
      }
      case 'usage':
        // Written after the answer it paid for.
        if (lastAssistant && !lastAssistant.usage) lastAssistant.usage = entry.usage;
        break;
      case 'compaction': {
        const base = common(entry, null);
        lines.push({
          ...base,
          type: 'system',
          subtype: 'compact_boundary',
          content: 'Conversation compacted',
          compactMetadata: { trigger: entry.trigger === 'manual' ? 'manual' : 'auto', preTokens: null },
        });
        lines.push({ type: 'summary', summary: entry.summary, leafUuid: entry.uuid });
        lastInThread.set('', entry.uuid);
        break;
      }
      case 'tool_result': // the batch's user message that follows carries every result
      case 'agent_switch':
      case 'model_change':
      case 'mode_change':
      case 'todos':
      case 'session_rule':
      case 'subagent_run':
      case 'background_stopped':
        break;
      default: {
        const unknown: never = entry;
        void unknown;
      }
    }
  }
  return lines;
}

function assistantMessage(message: Extract<Message, { role: 'assistant' }>, model: string, n: number): ClaudeAssistantMessage {
  const usesTools = message.content.some((b) => b.type === 'tool_use');
  return {
    // tandem's log does not keep the API's message id; a stable stand-in keeps lines of one message together.
    id: `msg_tandem_${String(n).padStart(6, '0')}`,
    type: 'message',
    role: 'assistant',
    model,
    content: message.content,
    stop_reason: usesTools ? 'tool_use' : 'end_turn',
    stop_sequence: null,
  };
}
