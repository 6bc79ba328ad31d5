// Compaction: the model summarises the conversation, the summary replaces the old messages, the memory files
// are read again, and the transcript says so. Called near the context limit, on a 400 "prompt is too long",
// and by /compact.
import type { Session } from '../engine/session';
import type { TranscriptLike } from '../engine/services';
import type { Message, ModelClient, ModelRequest, UserBlock } from '../model/types';
import { buildCompactionRequest, compactedMessages, isPromptTooLong, summaryText } from '../session/compaction';
import type { LoadedMemory } from '../session/memory';
import type { TodoItem } from '../tools/types';

/** How many times a summary request too long for the model is split in two before compaction gives up. */
const MAX_SPLITS = 6;

export async function compactSession(
  session: Session,
  opts: {
    client: ModelClient;
    reason: 'auto' | 'too_long' | 'manual';
    focus?: string;
    transcript?: TranscriptLike;
    reloadMemory: () => Promise<LoadedMemory>;
    prepare: (r: ModelRequest) => ModelRequest;
    /** The context's size before compaction (the last request's tokens); estimated from the text when unknown. */
    preTokens?: number;
  },
): Promise<boolean> {
  const messages = [...session.messages];
  if (messages.length < 2) return false;
  const todos = session.todoList();
  // Mid-turn (the API said the prompt is too long), the turn still needs its latest calls and their results:
  // they stay word for word, and everything before them is summarised. Nothing is dropped unsummarised.
  const keepFrom = opts.reason === 'too_long' ? verbatimTailStart(messages) : messages.length;
  const source = messages.slice(0, keepFrom);
  if (source.length === 0) return false;
  session.emit({ type: 'notice', level: 'info', message: opts.reason === 'manual' ? 'compacting the conversation…' : 'the context is nearly full: compacting the conversation…' });
  const started = Date.now();
  session.emit({ type: 'status', status: 'compacting' });
  try {
    const replacement = await summariseAndReplace(session, messages, source, keepFrom, todos, opts);
    if (!replacement) {
      session.emit({ type: 'status', status: null, compactResult: 'failed', compactError: 'the summary came back empty' });
      return false;
    }
    session.emit({ type: 'status', status: null, compactResult: 'success' });
    session.emit({
      type: 'compact_boundary',
      trigger: opts.reason === 'manual' ? 'manual' : 'auto',
      preTokens: opts.preTokens && opts.preTokens > 0 ? opts.preTokens : estimateTokens(messages),
      postTokens: estimateTokens(replacement),
      durationMs: Date.now() - started,
    });
    return true;
  } catch (error) {
    session.emit({ type: 'status', status: null, compactResult: 'failed', compactError: (error as Error).message });
    throw error;
  }
}

/** A rough count (four characters a token) for when no request has measured the conversation. */
function estimateTokens(messages: readonly Message[]): number {
  return Math.ceil(JSON.stringify(messages).length / 4);
}

async function summariseAndReplace(
  session: Session,
  messages: Message[],
  source: Message[],
  keepFrom: number,
  todos: TodoItem[],
  opts: Parameters<typeof compactSession>[1],
): Promise<Message[] | null> {
  const shape = session.requestShape();
  const ask = async (history: Message[]): Promise<string> => {
    const request = opts.prepare(
      buildCompactionRequest(history, { model: session.currentModel(), focus: opts.focus, todos, system: shape.system, tools: shape.tools }),
    );
    let text = '';
    const abort = new AbortController();
    for await (const event of opts.client.stream(request, abort.signal)) {
      if (event.type === 'message_done') text = summaryText(event.message.content);
    }
    return text;
  };
  const summary = await summariseInParts(source, null, todos, ask, 0);
  if (!summary.trim()) return null;
  const memory = await opts.reloadMemory();
  const kept = messages.slice(keepFrom);
  const head = compactedMessages(summary, { todos, memoryNote: memory.files.length ? `Memory files re-read: ${memory.files.map((f) => f.path).join(', ')}` : undefined });
  const replacement = joinUserStart(head, kept);
  session.replaceMessages(replacement);
  await opts.transcript?.append({ type: 'compaction', trigger: opts.reason === 'too_long' ? 'prompt_too_long' : opts.reason, summary, replacedMessages: source.length, messages: replacement });
  session.emit({ type: 'notice', level: 'info', message: `conversation compacted: ${messages.length} messages became ${replacement.length}; todos and memory files kept` });
  return replacement;
}

/**
 * Where the part kept word for word starts: the last assistant message when it called tools (its results follow
 * it), else the messages after the last assistant message (the prompt the turn is answering). Always a point
 * where no tool_result is separated from its tool_use.
 */
export function verbatimTailStart(messages: readonly Message[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role !== 'assistant') continue;
    return m.content.some((b) => b.type === 'tool_use') ? i : i + 1;
  }
  return 0;
}

/**
 * Summarises `source` (after an earlier part's summary, when there is one). When the request is itself too long
 * for the model, the part is cut in two at an assistant message and summarised piece by piece, each summary
 * carried into the next, so every message is read by the model once.
 */
async function summariseInParts(
  source: Message[],
  prior: string | null,
  todos: TodoItem[],
  ask: (history: Message[]) => Promise<string>,
  depth: number,
): Promise<string> {
  const history = prior === null ? source : joinUserStart(compactedMessages(prior, { todos }), source);
  try {
    return await ask(history);
  } catch (error) {
    const mid = splitPoint(source);
    if (!isPromptTooLong(error) || depth >= MAX_SPLITS || mid <= 0) throw error;
    const first = await summariseInParts(source.slice(0, mid), prior, todos, ask, depth + 1);
    if (!first.trim()) return '';
    return summariseInParts(source.slice(mid), first, todos, ask, depth + 1);
  }
}

/** An assistant message near the middle: cutting before it leaves every tool_use with its results. */
function splitPoint(messages: readonly Message[]): number {
  const middle = Math.floor(messages.length / 2);
  let best = -1;
  messages.forEach((m, i) => {
    if (i > 0 && m.role === 'assistant' && (best === -1 || Math.abs(i - middle) <= Math.abs(best - middle))) best = i;
  });
  return best;
}

/** The summary (a user message) followed by the kept part; a kept part starting with the user's own words is
 *  merged into the summary's message so roles still alternate. */
function joinUserStart(head: Message[], rest: Message[]): Message[] {
  const first = rest[0];
  const last = head[head.length - 1];
  if (!first || first.role !== 'user' || !last || last.role !== 'user') return [...head, ...rest];
  const blocks = (c: string | UserBlock[]): UserBlock[] => (typeof c === 'string' ? [{ type: 'text', text: c }] : c);
  // A kept user message never starts with tool results here (see verbatimTailStart and splitPoint).
  return [...head.slice(0, -1), { role: 'user', content: [...blocks(last.content), ...blocks(first.content)] }, ...rest.slice(1)];
}
