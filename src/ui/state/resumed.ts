// A resumed session's conversation as finished transcript items: the user's prompts, the answers as markdown,
// each tool call as one line with the first line of its result. Printed once at start (through <Static>).
import { userTextForScreen } from '../../engine/user-blocks';
import type { Message, ToolResultBlock } from '../../model/types';
import { excerpt, keyArgument, resultText } from '../format/tool-text';
import { exitFromResultText, failureExcerpt } from '../format/failure';
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
      const text = typeof m.content === 'string' ? m.content : m.content.map((b) => (b.type === 'text' ? userTextForScreen(b.text) : '')).join('').trim();
      if (text) items.push({ kind: 'user', depth: 0, text });
      continue;
    }
    for (const b of m.content) {
      if (b.type === 'text' && typeof b.text === 'string' && b.text.trim()) items.push({ kind: 'markdown', depth: 0, text: b.text.replace(/\s+$/, '') });
      else if (b.type === 'thinking' && typeof b.thinking === 'string') items.push({ kind: 'thinking', depth: 0, chars: b.thinking.length });
      else if (b.type === 'tool_use' && typeof b.id === 'string' && typeof b.name === 'string') {
        const result = results.get(b.id);
        const input = (b.input ?? {}) as Record<string, unknown>;
        items.push({ kind: 'tool', phase: 'full', depth: 0, name: b.name, keyArg: keyArgument(b.name, input, cwd), ...resumedOutcome(b.name, result) });
      }
    }
  }
  return items;
}

type Outcome = Pick<Extract<NewItem, { kind: 'tool' }>, 'state' | 'summary' | 'excerpt' | 'hiddenLines' | 'exitCode' | 'excerptFromEnd'>;

/**
 * How a stored result reads back: a failure looks as it did live (state, exit code, the lines that say why). The
 * transcript keeps only what the model saw, so denials and interruptions are told by the engine's own sentences
 * (src/engine/tool-runner.ts).
 */
function resumedOutcome(name: string, result: ToolResultBlock | undefined): Outcome {
  if (!result) return { state: 'cancelled', summary: '', excerpt: '', hiddenLines: 0 };
  const text = resultText(result.content as Parameters<typeof resultText>[0]).replace(/\s+$/, '');
  const isCommand = name === 'Bash';
  if (!result.is_error) {
    const exit = isCommand ? exitFromResultText(text) : null;
    if (!exit) return { state: 'done', summary: firstLine(text), excerpt: '', hiddenLines: 0 };
    const ex = failureExcerpt(exit.output, true);
    return { state: 'error', summary: `exit ${exit.code}`, exitCode: exit.code, excerpt: ex.text, hiddenLines: ex.hidden, excerptFromEnd: true };
  }
  const said = /^The user declined this call and said: "([\s\S]*)"\. Adjust/.exec(text);
  if (said) return { state: 'denied', summary: firstLine(said[1]!), excerpt: '', hiddenLines: 0 };
  if (text.startsWith('The user declined this call')) return { state: 'denied', summary: '', excerpt: '', hiddenLines: 0 };
  const rule = /^Permission denied: (.*)/.exec(text);
  if (rule) return { state: 'denied', summary: firstLine(rule[1]!), excerpt: '', hiddenLines: 0 };
  if (/^(Interrupted by the user|The user interrupted)/.test(text)) return { state: 'cancelled', summary: 'interrupted', excerpt: '', hiddenLines: 0 };
  const ex = isCommand ? failureExcerpt(text, true) : { ...excerpt(text.split('\n').slice(1).join('\n'), 6), fromEnd: false };
  return { state: 'error', summary: firstLine(text), excerpt: ex.text, hiddenLines: ex.hidden, excerptFromEnd: ex.fromEnd || undefined };
}
