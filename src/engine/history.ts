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
 * Ensures every tool_use in the last assistant message has a result, adding `message` as an error result for
 * the ones that have none (interrupted turns). Returns how many were added.
 */
export function closeOpenToolUses(messages: Message[], message: string): number {
  const lastAssistantIndex = findLastIndex(messages, (m) => m.role === 'assistant');
  if (lastAssistantIndex < 0) return 0;
  const assistant = messages[lastAssistantIndex]!;
  const uses = toolUsesOf(assistant.content as AssistantBlock[]);
  if (uses.length === 0) return 0;
  const next = messages[lastAssistantIndex + 1];
  const answered = new Set<string>();
  if (next && next.role === 'user' && typeof next.content !== 'string') {
    for (const block of next.content) if (block.type === 'tool_result') answered.add(block.tool_use_id);
  }
  const missing = uses.filter((u) => !answered.has(u.id)).map((u) => errorResult(u.id, message));
  if (missing.length === 0) return 0;
  if (next && next.role === 'user') {
    const existing: UserBlock[] = typeof next.content === 'string' ? [{ type: 'text', text: next.content }] : next.content;
    next.content = [...existing.filter((b) => b.type === 'tool_result'), ...missing, ...existing.filter((b) => b.type !== 'tool_result')];
  } else {
    messages.splice(lastAssistantIndex + 1, 0, { role: 'user', content: missing });
  }
  return missing.length;
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}
