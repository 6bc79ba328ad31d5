// Compaction: when the conversation nears the context window, the model summarises it and the summary replaces
// the old messages. The request keeps the conversation exactly as it was sent (same system, tools and messages)
// so most of it is read from the prompt cache; only the closing instructions are new.
import { ModelError } from '../model/types';
import type { AssistantBlock, Message, ModelRequest, TextBlock, ToolSpec, UserBlock } from '../model/types';
import type { TodoItem } from '../tools/types';
import { repairToolPairing } from './history-repair';

export const DEFAULT_COMPACT_THRESHOLD = 0.85;
export const SUMMARY_MARKER = '[Summary of the earlier conversation]';

export function shouldCompact(contextTokens: number, window: number, threshold = DEFAULT_COMPACT_THRESHOLD): boolean {
  if (!(window > 0)) return false;
  return contextTokens >= window * threshold;
}

export function formatTodos(todos: readonly TodoItem[], onlyOpen = true): string {
  const list = onlyOpen ? todos.filter((t) => t.status !== 'completed') : todos;
  return list.map((t) => `- [${t.status}] ${t.content}`).join('\n');
}

export function compactionInstructions(opts: { focus?: string; todos: readonly TodoItem[] }): string {
  const parts = [
    'Stop here and write a summary of the conversation so far. It will replace the conversation: after this,',
    'you will see only the summary, so anything it leaves out is lost. Do not call tools; answer with text only.',
    '',
    'Keep, precisely:',
    "- the user's requests, the latest ones word for word, and what is still to be done for them;",
    '- every file path that was read, created or changed, and what changed in it;',
    '- decisions taken and why, constraints the user set, approaches that failed (so they are not retried);',
    '- commands that build, test or run the project, and errors still open;',
    '- the open todos and where the work stands on each.',
    'Leave out pleasantries and tool output that no longer matters. Use short sections with headings.',
  ];
  const open = formatTodos(opts.todos);
  if (open) parts.push('', 'The open todos are:', open);
  if (opts.focus?.trim()) parts.push('', `The user asked the summary to focus on: ${opts.focus.trim()}`);
  return parts.join('\n');
}

export interface CompactionRequestOptions {
  model: string;
  focus?: string;
  todos: TodoItem[];
  /** The session's system prompt and tools: sending them unchanged lets the request reuse the prompt cache. */
  system?: ModelRequest['system'];
  tools?: ToolSpec[];
  maxTokens?: number;
}

export function buildCompactionRequest(messages: Message[], opts: CompactionRequestOptions): ModelRequest {
  const history = repairToolPairing(messages);
  const instructions: TextBlock = { type: 'text', text: compactionInstructions(opts) };
  const last = history[history.length - 1];
  if (last && last.role === 'user') {
    // Roles must alternate: add the instructions to the trailing user message (e.g. tool results).
    const blocks: UserBlock[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : [...last.content];
    history[history.length - 1] = { role: 'user', content: [...blocks, instructions] };
  } else {
    history.push({ role: 'user', content: [instructions] });
  }
  const request: ModelRequest = { model: opts.model, max_tokens: opts.maxTokens ?? 8192, messages: history };
  if (opts.system !== undefined) request.system = opts.system;
  if (opts.tools && opts.tools.length > 0) request.tools = opts.tools;
  return request;
}

/** The summary text of the model's answer (text blocks only). */
export function summaryText(content: readonly AssistantBlock[]): string {
  return content
    .filter((b): b is TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('')
    .trim();
}

/** The start of the conversation after compaction: one user message with the summary and the open todos. */
export function compactedMessages(summary: string, opts: { todos: readonly TodoItem[]; memoryNote?: string }): Message[] {
  const parts = [
    SUMMARY_MARKER,
    'This session continues from an earlier conversation that was compacted to save context. What follows is a',
    'summary of it, not a new request; carry on from where it left off.',
    '',
    summary.trim(),
  ];
  const open = formatTodos(opts.todos);
  if (open) parts.push('', 'Open todos (still on the todo list):', open);
  if (opts.memoryNote?.trim()) parts.push('', opts.memoryNote.trim());
  return [{ role: 'user', content: [{ type: 'text', text: parts.join('\n') }] }];
}

const TOO_LONG = /prompt is too long|too many (input )?tokens|exceeds? (the )?(model'?s? )?(maximum )?context|context (window|length) (exceeded|is exceeded)|input length and `?max_tokens`? exceed/i;

/** True for the API's 400 "prompt is too long" (as a ModelError or a raw API error shape). */
export function isPromptTooLong(error: unknown): boolean {
  if (error instanceof ModelError) {
    if (error.kind === 'prompt_too_long') return true;
    return error.kind === 'invalid_request' && TOO_LONG.test(error.message);
  }
  if (!error || typeof error !== 'object') return false;
  const e = error as { status?: unknown; message?: unknown; error?: { message?: unknown; error?: { message?: unknown } } };
  if (e.status !== undefined && e.status !== 400) return false;
  const messages = [e.message, e.error?.message, e.error?.error?.message].filter((m): m is string => typeof m === 'string');
  return messages.some((m) => TOO_LONG.test(m));
}
