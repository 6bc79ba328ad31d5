// Helpers that keep the conversation valid for the API: roles alternate, and every tool_use is answered by
// exactly one tool_result in the next user message.
import type { AssistantBlock, Message, ToolResultBlock, ToolUseBlock, UserBlock } from '../model/types';

/** Adds user content, merging into a trailing user message (after an interrupted turn) to keep roles alternating. */
export function appendUserContent(messages: Message[], blocks: UserBlock[]): void {
  const last = messages[messages.length - 1];
  if (last && last.role === 'user') {
    const existing: UserBlock[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
    // tool_result blocks must come first in a user message; keep them ahead of new text.
    last.content = [...existing, ...blocks];
    return;
  }
  messages.push({ role: 'user', content: blocks });
}

export function toolUsesOf(blocks: AssistantBlock[]): ToolUseBlock[] {
  return blocks.filter((b): b is ToolUseBlock => b.type === 'tool_use');
}

export function textOf(blocks: AssistantBlock[]): string {
  let text = '';
  for (const block of blocks) if (block.type === 'text') text += (block as { text: string }).text;
  return text;
}

export function errorResult(toolUseId: string, message: string): ToolResultBlock {
  return { type: 'tool_result', tool_use_id: toolUseId, content: message, is_error: true };
}

/**
 * Gives each tool_use of one message an id of its own, block by block as they stream: an id seen before in the
 * message, or in `taken` (the ids of the history before it: the API wants ids unique across the whole request),
 * gets a suffix (`_dup2`, `_dup3`...) within the API's id alphabet. Depends only on the blocks before, so renaming
 * while streaming and renaming the finished message agree.
 */
export function createToolUseIdDeduper(taken: Iterable<string> = []): (block: AssistantBlock) => AssistantBlock {
  const seen = new Set<string>(taken);
  return (block) => {
    if (block.type !== 'tool_use') return block;
    const use = block as ToolUseBlock;
    if (!seen.has(use.id)) {
      seen.add(use.id);
      return block;
    }
    let n = 2;
    while (seen.has(`${use.id}_dup${n}`)) n++;
    const id = `${use.id}_dup${n}`;
    seen.add(id);
    return { ...use, id };
  };
}

/** The message's blocks with every tool_use id unique (unchanged blocks reused; the same array when no id repeats). */
export function withUniqueToolUseIds(blocks: AssistantBlock[], taken: ReadonlySet<string> = new Set()): AssistantBlock[] {
  const ids = toolUsesOf(blocks).map((b) => b.id);
  if (new Set(ids).size === ids.length && !ids.some((id) => taken.has(id))) return blocks;
  return blocks.map(createToolUseIdDeduper(taken));
}

/** Every tool_use id of a history's assistant messages. */
export function toolUseIdsOf(history: readonly Message[]): Set<string> {
  const ids = new Set<string>();
  for (const m of history) if (m.role === 'assistant') for (const b of m.content) if (b.type === 'tool_use') ids.add((b as ToolUseBlock).id);
  return ids;
}
