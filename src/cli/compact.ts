// Compaction: the model summarises the conversation, the summary replaces the old messages, the memory files
// are read again, and the transcript says so. Called near the context limit, on a 400 "prompt is too long",
// and by /compact.
import type { Session } from '../engine/session';
import type { TranscriptLike } from '../engine/services';
import type { ModelClient, ModelRequest } from '../model/types';
import { buildCompactionRequest, compactedMessages, summaryText } from '../session/compaction';
import type { LoadedMemory } from '../session/memory';

export async function compactSession(
  session: Session,
  opts: { client: ModelClient; reason: 'auto' | 'too_long' | 'manual'; focus?: string; transcript?: TranscriptLike; reloadMemory: () => Promise<LoadedMemory>; prepare: (r: ModelRequest) => ModelRequest },
): Promise<boolean> {
  const messages = session.messages;
  if (messages.length < 2) return false;
  const todos = session.todoList();
  session.emit({ type: 'notice', level: 'info', message: opts.reason === 'manual' ? 'compacting the conversation…' : 'the context is nearly full: compacting the conversation…' });
  // When the prompt is already too long, the oldest half is summarised so the summary request itself fits.
  const source = opts.reason === 'too_long' ? messages.slice(0, Math.max(2, Math.floor(messages.length / 2))) : messages;
  const shape = session.requestShape();
  const request = opts.prepare(
    buildCompactionRequest(source, { model: session.currentModel(), focus: opts.focus, todos, system: shape.system, tools: shape.tools }),
  );
  let summary = '';
  const abort = new AbortController();
  for await (const event of opts.client.stream(request, abort.signal)) {
    if (event.type === 'message_done') summary = summaryText(event.message.content);
  }
  if (!summary.trim()) return false;
  const memory = await opts.reloadMemory();
  const kept = opts.reason === 'too_long' ? messages.slice(source.length) : [];
  const replacement = [...compactedMessages(summary, { todos, memoryNote: memory.files.length ? `Memory files re-read: ${memory.files.map((f) => f.path).join(', ')}` : undefined }), ...dropLeadingResults(kept)];
  session.replaceMessages(replacement);
  await opts.transcript?.append({ type: 'compaction', trigger: opts.reason === 'too_long' ? 'prompt_too_long' : opts.reason, summary, replacedMessages: messages.length - kept.length, messages: replacement });
  session.emit({ type: 'notice', level: 'info', message: `conversation compacted: ${messages.length} messages became ${replacement.length}; todos and memory files kept` });
  return true;
}

/** Messages kept after a partial compaction must not start with results whose tool_use was summarised away. */
function dropLeadingResults<T extends { role: string; content: unknown }>(messages: T[]): T[] {
  let start = 0;
  while (start < messages.length) {
    const m = messages[start]!;
    const onlyResults = m.role === 'user' && Array.isArray(m.content) && m.content.every((b: { type: string }) => b.type === 'tool_result');
    if (!onlyResults && m.role === 'user') break;
    start++;
  }
  return messages.slice(start);
}
