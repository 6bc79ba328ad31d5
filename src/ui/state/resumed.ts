// A resumed session's conversation as finished transcript items: the user's prompts, the answers as markdown,
// each tool call as one line with the first line of its result. Printed once at start (through <Static>).
import type { Message, ToolResultBlock } from '../../model/types';
import { keyArgument, resultText } from '../format/tool-text';
import type { NewItem } from './types';

const firstLine = (s: string, max = 100) => {
  const line = s.trim().split('\n')[0] ?? '';
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
};

export function resumedItems(messages: readonly Message[], cwd: string): NewItem[] {
  const results = new Map<string, ToolResultBlock>();
  for (const m of messages) {
    if (m.role !== 'user' || typeof m.content === 'string') continue;
    for (const b of m.content) if (b.type === 'tool_result') results.set(b.tool_use_id, b);
  }
  const items: NewItem[] = [];
  for (const m of messages) {
    if (m.role === 'user') {
      // Tool results are shown on their call's line; what is left is what the user typed.
      const text = typeof m.content === 'string' ? m.content : m.content.map((b) => (b.type === 'text' ? b.text : '')).join('').trim();
      if (text) items.push({ kind: 'user', depth: 0, text });
      continue;
    }
    for (const b of m.content) {
      if (b.type === 'text' && typeof b.text === 'string' && b.text.trim()) items.push({ kind: 'markdown', depth: 0, text: b.text.replace(/\s+$/, '') });
      else if (b.type === 'thinking' && typeof b.thinking === 'string') items.push({ kind: 'thinking', depth: 0, chars: b.thinking.length });
      else if (b.type === 'tool_use' && typeof b.id === 'string' && typeof b.name === 'string') {
        const result = results.get(b.id);
        const input = (b.input ?? {}) as Record<string, unknown>;
        const failed = Boolean(result?.is_error);
        items.push({
          kind: 'tool',
          phase: 'full',
          depth: 0,
          name: b.name,
          keyArg: keyArgument(b.name, input, cwd),
          state: result ? (failed ? 'error' : 'done') : 'cancelled',
          summary: result ? firstLine(resultText(result.content as Parameters<typeof resultText>[0])) : '',
          excerpt: '',
          hiddenLines: 0,
        });
      }
    }
  }
  return items;
}
