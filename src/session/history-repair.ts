// Makes a rebuilt or about-to-be-summarised history valid for the API: every tool_use answered by exactly one
// tool_result in the next user message, no tool_result without its tool_use, no empty messages, no tool_use id
// used twice in the history.
import { createToolUseIdDeduper } from '../engine/history';
import type { AssistantBlock, Message, ToolResultBlock, ToolUseBlock, UserBlock } from '../model/types';

/** What a call gets when tandem stopped before its result was written: the model must not assume either way. */
export const INTERRUPTED_RESULT =
  'Interrupted: tandem stopped (crashed or was killed) before this call reported a result. It may not have run, ' +
  'or may have run completely or only partly: check its effects (files, processes, output) before running it again.';

function userBlocks(message: Message): UserBlock[] {
  if (message.role !== 'user') return [];
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

/** Renames repeated tool_use ids (`_dup2`...) so each call has its own; returns the blocks and the ids in order. */
function uniqueIds(content: AssistantBlock[], taken: ReadonlySet<string>): { content: AssistantBlock[]; ids: string[]; original: string[] } {
  const uses = content.filter((b): b is ToolUseBlock => b.type === 'tool_use');
  const original = uses.map((u) => u.id);
  if (new Set(original).size === original.length && !original.some((id) => taken.has(id))) return { content, ids: original, original };
  // The engine's own renaming (engine/history.ts), so a log and a live session agree.
  const renamed = content.map(createToolUseIdDeduper(taken));
  const ids = renamed.filter((b): b is ToolUseBlock => b.type === 'tool_use').map((u) => u.id);
  return { content: renamed, ids, original };
}

/** Returns a repaired copy; the input is not changed. */
export function repairToolPairing(history: Message[], interruptedText: string | ((toolUseId: string) => string) = INTERRUPTED_RESULT): Message[] {
  const interruptedFor = typeof interruptedText === 'string' ? () => interruptedText : interruptedText;
  const out: Message[] = [];
  // Ids of earlier messages: the API wants each id once in the whole request (an old log may repeat one).
  const taken = new Set<string>();
  for (let i = 0; i < history.length; i++) {
    const message = history[i]!;
    if (message.role === 'assistant') {
      if (message.content.length === 0) continue;
      const { content, ids, original } = uniqueIds(message.content, taken);
      for (const id of ids) taken.add(id);
      out.push(content === message.content ? message : { role: 'assistant', content });
      if (ids.length === 0) continue;
      const next = history[i + 1];
      const nextBlocks = next && next.role === 'user' ? userBlocks(next) : [];
      // The k-th result for an id answers the k-th call with that id (an older transcript may hold repeated ids).
      const byOriginal = new Map<string, ToolResultBlock[]>();
      for (const b of nextBlocks) if (b.type === 'tool_result') (byOriginal.get(b.tool_use_id) ?? byOriginal.set(b.tool_use_id, []).get(b.tool_use_id)!).push(b);
      // Results first, in tool_use order (the API wants them at the start of the user message), then the rest.
      const paired: UserBlock[] = ids.map((id, k) => {
        const found = byOriginal.get(original[k]!)?.shift() ?? (id !== original[k] ? byOriginal.get(id)?.shift() : undefined);
        if (!found) return { type: 'tool_result', tool_use_id: id, content: interruptedFor(original[k]!), is_error: true };
        return found.tool_use_id === id ? found : { ...found, tool_use_id: id };
      });
      const rest = nextBlocks.filter((b) => b.type !== 'tool_result');
      out.push({ role: 'user', content: [...paired, ...rest] });
      if (next && next.role === 'user') i++;
      continue;
    }
    // A user message not right after a tool_use message: drop stray tool_results (their tool_use is gone).
    const blocks = typeof message.content === 'string' ? null : message.content.filter((b) => b.type !== 'tool_result');
    if (blocks === null) {
      if (message.content !== '') out.push(message);
    } else if (blocks.length > 0) {
      out.push(blocks.length === (message.content as UserBlock[]).length ? message : { role: 'user', content: blocks });
    }
  }
  return out;
}
