// Makes a rebuilt or about-to-be-summarised history valid for the API: every tool_use answered by exactly one
// tool_result in the next user message, no tool_result without its tool_use, no empty messages.
import type { AssistantBlock, Message, ToolResultBlock, UserBlock } from '../model/types';

export const INTERRUPTED_RESULT = 'interrupted: the session ended before this tool finished';

function userBlocks(message: Message): UserBlock[] {
  if (message.role !== 'user') return [];
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

/** Returns a repaired copy; the input is not changed. */
export function repairToolPairing(history: Message[], interruptedText = INTERRUPTED_RESULT): Message[] {
  const out: Message[] = [];
  for (let i = 0; i < history.length; i++) {
    const message = history[i]!;
    if (message.role === 'assistant') {
      if (message.content.length === 0) continue;
      out.push(message);
      const ids = message.content
        .filter((b): b is Extract<AssistantBlock, { type: 'tool_use' }> => b.type === 'tool_use')
        .map((b) => (b as { id: string }).id);
      if (ids.length === 0) continue;
      const next = history[i + 1];
      const nextBlocks = next && next.role === 'user' ? userBlocks(next) : [];
      const results = new Map<string, ToolResultBlock>();
      for (const b of nextBlocks) if (b.type === 'tool_result' && ids.includes(b.tool_use_id) && !results.has(b.tool_use_id)) results.set(b.tool_use_id, b);
      // Results first, in tool_use order (the API wants them at the start of the user message), then the rest.
      const paired: UserBlock[] = ids.map(
        (id) => results.get(id) ?? { type: 'tool_result', tool_use_id: id, content: interruptedText, is_error: true },
      );
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
