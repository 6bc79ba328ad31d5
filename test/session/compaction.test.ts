import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/model/types';
import type { Message } from '../../src/model/types';
import type { TodoItem } from '../../src/tools/types';
import { buildCompactionRequest, compactedMessages, isPromptTooLong, shouldCompact, summaryText } from '../../src/session/compaction';

const todos: TodoItem[] = [
  { content: 'write the parser', status: 'completed', activeForm: 'Writing the parser' },
  { content: 'add tests for resume', status: 'in_progress', activeForm: 'Adding tests' },
  { content: 'update README', status: 'pending', activeForm: 'Updating README' },
];

const history: Message[] = [
  { role: 'user', content: 'fix src/parse.ts' },
  { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'src/parse.ts' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'code' }] },
];

describe('compaction', () => {
  it('compacts at the threshold', () => {
    expect(shouldCompact(169_999, 200_000)).toBe(false);
    expect(shouldCompact(170_000, 200_000)).toBe(true);
    expect(shouldCompact(120_000, 200_000, 0.5)).toBe(true);
    expect(shouldCompact(10, 0)).toBe(false);
  });

  it('sends the conversation as it is plus the instructions, keeping alternation', () => {
    const before = structuredClone(history);
    const req = buildCompactionRequest(history, { model: 'claude-haiku-5-5', focus: 'the resume bug', todos, system: 'sys', tools: [{ name: 'Read', description: 'r', input_schema: {} }] });
    expect(history).toEqual(before);
    expect(req.model).toBe('claude-haiku-5-5');
    expect(req.system).toBe('sys');
    expect(req.tools).toHaveLength(1);
    expect(req.messages).toHaveLength(3);
    expect(req.messages.slice(0, 2)).toEqual(history.slice(0, 2));
    const last = req.messages[2]!;
    expect(last.role).toBe('user');
    const blocks = last.content as Array<{ type: string; text?: string }>;
    expect(blocks[0]).toEqual(history[2]!.content[0]);
    const instructions = blocks[1]!.text!;
    expect(instructions).toMatch(/file path/);
    expect(instructions).toMatch(/decisions/);
    expect(instructions).toMatch(/latest/);
    expect(instructions).toContain('the resume bug');
    expect(instructions).toContain('add tests for resume');
    expect(instructions).not.toContain('write the parser');
  });

  it('appends a new user message after an assistant answer, and closes open tool calls', () => {
    const req = buildCompactionRequest([...history, { role: 'assistant', content: [{ type: 'text', text: 'done' }] }], { model: 'm', todos: [] });
    expect(req.messages.at(-1)!.role).toBe('user');
    expect(req.messages).toHaveLength(5);
    const open = buildCompactionRequest(history.slice(0, 2), { model: 'm', todos: [] });
    expect(open.messages[2]!.content).toEqual([
      expect.objectContaining({ type: 'tool_result', tool_use_id: 't1', is_error: true }),
      expect.objectContaining({ type: 'text' }),
    ]);
  });

  it('starts the new conversation with the marked summary and the open todos', () => {
    const messages = compactedMessages(' We changed src/parse.ts. ', { todos, memoryNote: 'Memory files were re-read.' });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.role).toBe('user');
    const text = JSON.stringify(messages[0]);
    expect(text).toMatch(/summary of/i);
    expect(text).toContain('We changed src/parse.ts.');
    expect(text).toContain('[in_progress] add tests for resume');
    expect(text).toContain('[pending] update README');
    expect(text).not.toContain('write the parser');
    expect(text).toContain('Memory files were re-read.');
    expect(summaryText([{ type: 'thinking', thinking: 'x', signature: 's' }, { type: 'text', text: ' S ' }])).toBe('S');
  });

  it('recognises "prompt is too long"', () => {
    expect(isPromptTooLong(new ModelError('prompt_too_long', 'x', 400))).toBe(true);
    expect(isPromptTooLong(new ModelError('invalid_request', 'prompt is too long: 210000 tokens > 200000 maximum', 400))).toBe(true);
    expect(isPromptTooLong(new ModelError('invalid_request', 'messages: roles must alternate', 400))).toBe(false);
    expect(isPromptTooLong(new ModelError('rate_limit', 'prompt is too long', 429))).toBe(false);
    expect(isPromptTooLong({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 1 > 0' } } })).toBe(true);
    expect(isPromptTooLong(new Error('boom'))).toBe(false);
    expect(isPromptTooLong(undefined)).toBe(false);
  });
});
