// What the Messages API demands of a history, checked in tests: roles alternate starting with the user, every
// tool_use id is unique and answered by exactly one tool_result, in call order, at the start of the very next
// user message, and no tool_result answers a call that is not right before it.
import { expect } from 'vitest';

type Block = { type: string; id?: string; tool_use_id?: string };
type Msg = { role: string; content: string | Block[] };

export function historyProblems(messages: Msg[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  messages.forEach((m, i) => {
    if (i === 0 && m.role !== 'user') problems.push('the first message is not from the user');
    if (i > 0 && messages[i - 1]!.role === m.role) problems.push(`messages ${i - 1} and ${i} have the same role`);
    const blocks = typeof m.content === 'string' ? [] : m.content;
    if (typeof m.content !== 'string' && blocks.length === 0) problems.push(`message ${i} is empty`);
    const uses = m.role === 'assistant' ? blocks.filter((b) => b.type === 'tool_use').map((b) => b.id!) : [];
    for (const id of uses) {
      if (seen.has(id)) problems.push(`tool_use id ${id} appears twice`);
      seen.add(id);
    }
    const results = blocks.filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id!);
    if (m.role === 'user') {
      const prev = messages[i - 1];
      const expected = prev && prev.role === 'assistant' && typeof prev.content !== 'string' ? prev.content.filter((b) => b.type === 'tool_use').map((b) => b.id!) : [];
      const leading = blocks.slice(0, expected.length).map((b) => (b.type === 'tool_result' ? b.tool_use_id : `(${b.type})`));
      if (JSON.stringify(leading) !== JSON.stringify(expected)) problems.push(`message ${i} answers ${JSON.stringify(leading)}, expected ${JSON.stringify(expected)}`);
      if (results.length !== expected.length) problems.push(`message ${i} has ${results.length} tool results for ${expected.length} calls`);
    }
    if (uses.length > 0 && i === messages.length - 1) problems.push(`the last message has unanswered tool_use ${uses.join(', ')}`);
  });
  return problems;
}

export function expectValidHistory(messages: unknown): void {
  expect(historyProblems(messages as Msg[])).toEqual([]);
}
