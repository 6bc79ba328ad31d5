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
