// Prompt-caching breakpoints. The API caches the request prefix up to each block marked with cache_control; a
// later request that starts with the same bytes up to a marked block reads it at a tenth of the price.
// We mark: the last tool (tools come first in the prefix), the end of the system prompt, the newest message
// (written now, read by the next request), and the user message before it (where the previous request put
// its newest-message mark, so this request reads the whole previous turn). The API allows at most 4.
import type { Message, ModelRequest, TextBlock, ToolSpec } from '../model/types';

export const MAX_CACHE_BREAKPOINTS = 4;
const EPHEMERAL = { type: 'ephemeral' } as const;

type AnyBlock = { type: string; cache_control?: unknown; [key: string]: unknown };

export function withCacheBreakpoints(request: ModelRequest): ModelRequest {
  let budget = MAX_CACHE_BREAKPOINTS;
  const out: ModelRequest = { ...request };

  if (request.tools && request.tools.length > 0) {
    const tools = request.tools.map((t) => stripTool(t));
    if (budget > 0) {
      tools[tools.length - 1] = { ...tools[tools.length - 1]!, cache_control: EPHEMERAL } as ToolSpec;
      budget--;
    }
    out.tools = tools;
  }

  if (typeof request.system === 'string' ? request.system !== '' : request.system && request.system.length > 0) {
    const blocks: TextBlock[] = typeof request.system === 'string' ? [{ type: 'text', text: request.system }] : request.system!.map(stripBlock);
    const at = lastIndexWhere(blocks, (b) => b.type === 'text' && b.text !== '');
    if (at >= 0 && budget > 0) {
      blocks[at] = { ...blocks[at]!, cache_control: EPHEMERAL };
      budget--;
    }
    out.system = blocks;
  }

  const messages = request.messages.map(stripMessage);
  const targets: number[] = [];
  if (messages.length > 0) targets.push(messages.length - 1);
  const previousUser = lastIndexWhere(messages.slice(0, -1), (m) => m.role === 'user');
  if (previousUser >= 0) targets.push(previousUser);
  for (const index of targets) {
    if (budget <= 0) break;
    const marked = markLastCacheableBlock(messages[index]!);
    if (marked) {
      messages[index] = marked;
      budget--;
    }
  }
  out.messages = messages;
  return out;
}

/** Blocks the API refuses a breakpoint on (thinking) or that cannot carry one (empty text). */
function cacheable(block: AnyBlock): boolean {
  if (block.type === 'thinking' || block.type === 'redacted_thinking') return false;
  if (block.type === 'text' && (block as { text?: unknown }).text === '') return false;
  return true;
}

/** A copy of the message with its last cacheable block marked, or null when it has none. */
function markLastCacheableBlock(message: Message): Message | null {
  if (typeof message.content === 'string') {
    if (message.content === '') return null;
    return { role: 'user', content: [{ type: 'text', text: message.content, cache_control: EPHEMERAL }] };
  }
  const blocks = message.content as AnyBlock[];
  const at = lastIndexWhere(blocks, cacheable);
  if (at < 0) return null;
  const copy = [...blocks];
  copy[at] = { ...blocks[at]!, cache_control: EPHEMERAL };
  return { ...message, content: copy } as Message;
}

/**
 * Earlier breakpoints (from a caller or a previous pass) are removed so the total stays within the limit. String
 * content becomes one text block everywhere, so a message looks the same whether or not it carries the mark.
 */
function stripMessage(message: Message): Message {
  if (typeof message.content === 'string') {
    return message.content === '' ? message : { role: 'user', content: [{ type: 'text', text: message.content }] };
  }
  if (!(message.content as AnyBlock[]).some((b) => 'cache_control' in b)) return message;
  return { ...message, content: (message.content as AnyBlock[]).map(stripBlock) } as Message;
}

function stripBlock<T extends { cache_control?: unknown }>(block: T): T {
  if (!('cache_control' in block)) return block;
  const { cache_control: _drop, ...rest } = block;
  return rest as T;
}

function stripTool(tool: ToolSpec): ToolSpec {
  return stripBlock(tool as ToolSpec & { cache_control?: unknown });
}

function lastIndexWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}

/** How many cache_control marks a request carries (for tests and debugging). */
export function countBreakpoints(request: ModelRequest): number {
  let n = 0;
  for (const t of request.tools ?? []) if ((t as { cache_control?: unknown }).cache_control) n++;
  if (Array.isArray(request.system)) for (const b of request.system) if (b.cache_control) n++;
  for (const m of request.messages) if (typeof m.content !== 'string') for (const b of m.content as AnyBlock[]) if (b.cache_control) n++;
  return n;
}
