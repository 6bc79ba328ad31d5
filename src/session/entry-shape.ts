// What a transcript line must look like to be loaded: the checks resume relies on, per entry type. A line from a
// newer tandem, a hand edit or a disk fault fails here with a reason, and is skipped instead of crashing the resume.

import { TRANSCRIPT_ENTRY_TYPES } from './transcript-types';
import type { TranscriptEntry, TranscriptEntryType } from './transcript-types';

export type EntryCheck = { ok: true; entry: TranscriptEntry } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** null when the block can be sent back to the API as it is; else why not. */
function blockProblem(block: unknown, role: 'user' | 'assistant' | 'result'): string | null {
  if (!isObject(block) || !isString(block.type)) return 'a content block is not an object with a type';
  switch (block.type) {
    case 'text':
      return isString(block.text) ? null : 'a text block has no text';
    case 'image': {
      const source = block.source;
      return isObject(source) && isString(source.type) ? null : 'an image block has no source';
    }
    case 'tool_use':
      if (role !== 'assistant') return 'a tool_use block outside an assistant message';
      return isString(block.id) && block.id !== '' && isString(block.name) && isObject(block.input) ? null : 'a tool_use block lacks its id, name or input';
    case 'tool_result':
      if (role !== 'user') return 'a tool_result block outside a user message';
      return toolResultProblem(block);
    default:
      // thinking, server tools...: the API's own blocks, kept as they were.
      return role === 'assistant' ? null : `a user message holds a "${block.type}" block`;
  }
}

export function toolResultProblem(block: unknown): string | null {
  if (!isObject(block) || block.type !== 'tool_result') return 'not a tool_result block';
  if (!isString(block.tool_use_id) || block.tool_use_id === '') return 'a tool_result has no tool_use_id';
  if (isString(block.content) || block.content === undefined) return null;
  if (!Array.isArray(block.content)) return 'a tool_result content is neither text nor blocks';
  for (const inner of block.content) {
    const problem = blockProblem(inner, 'result');
    if (problem) return problem;
  }
  return null;
}

export function messageProblem(message: unknown): string | null {
  if (!isObject(message)) return 'no message';
  const { role, content } = message;
  if (role !== 'user' && role !== 'assistant') return `a message with role ${JSON.stringify(role)}`;
  if (isString(content)) return role === 'user' ? null : 'an assistant message with text instead of blocks';
  if (!Array.isArray(content)) return 'a message without content';
  for (const block of content) {
    const problem = blockProblem(block, role);
    if (problem) return problem;
  }
  return null;
}

function fieldsProblem(type: TranscriptEntryType, v: Record<string, unknown>): string | null {
  switch (type) {
    case 'session_meta':
      if (!isString(v.sessionId)) return 'session_meta without a session id';
      if (v.explicitModel !== undefined && typeof v.explicitModel !== 'boolean') return 'session_meta whose explicitModel is not true or false';
      return ['agent', 'model', 'mode', 'sessionModel'].every((k) => v[k] === undefined || isString(v[k])) ? null : 'session_meta whose agent, model or mode is not text';
    case 'message':
      if (v.parentToolUseId !== null && !isString(v.parentToolUseId)) return 'a message without parentToolUseId';
      return messageProblem(v.message);
    case 'tool_result':
      if (v.parentToolUseId !== null && !isString(v.parentToolUseId)) return 'a tool result without parentToolUseId';
      return toolResultProblem(v.result);
    case 'agent_switch':
      return isString(v.to) ? null : 'agent_switch without the agent switched to';
    case 'model_change':
      return isString(v.model) ? null : 'model_change without a model';
    case 'mode_change':
      return isString(v.mode) ? null : 'mode_change without a mode';
    case 'todos':
      return Array.isArray(v.todos) &&
        v.todos.every((t) => isObject(t) && isString(t.content) && (t.status === 'pending' || t.status === 'in_progress' || t.status === 'completed'))
        ? null
        : 'todos that are not a list of todo items';
    case 'session_rule':
      return isString(v.rule) && (v.behavior === 'allow' || v.behavior === 'deny' || v.behavior === 'ask') ? null : 'a session rule without rule or behavior';
    case 'usage': {
      const u = v.usage;
      if (!isString(v.model) || !isString(v.agent) || typeof v.costUsd !== 'number' || !isObject(u)) return 'usage without model, agent, cost or counts';
      return ['input_tokens', 'output_tokens'].every((k) => typeof u[k] === 'number') ? null : 'usage without token counts';
    }
    case 'compaction':
      if (!isString(v.summary)) return 'a compaction without its summary';
      if (v.messages === undefined) return null;
      if (!Array.isArray(v.messages)) return 'a compaction whose messages are not a list';
      for (const m of v.messages) {
        const problem = messageProblem(m);
        if (problem) return `a compaction holding ${problem}`;
      }
      return null;
    case 'subagent_run':
      return isString(v.runId) ? null : 'subagent_run without a run id';
    case 'background_stopped':
      return isString(v.shellId) ? null : 'background_stopped without a shell id';
    default: {
      const unreachable: never = type;
      return `unknown entry type ${String(unreachable)}`;
    }
  }
}

/** Checks one parsed line. */
export function checkEntry(value: unknown): EntryCheck {
  if (!isObject(value)) return { ok: false, reason: 'not a JSON object' };
  const type = value.type;
  if (!isString(type)) return { ok: false, reason: 'no entry type' };
  if (!(TRANSCRIPT_ENTRY_TYPES as readonly string[]).includes(type)) return { ok: false, reason: `unknown entry type "${type.slice(0, 40)}"` };
  const problem = fieldsProblem(type as TranscriptEntryType, value);
  return problem ? { ok: false, reason: problem } : { ok: true, entry: value as unknown as TranscriptEntry };
}

