// Token estimates and a model of the API's prompt cache, so usage from the fake server behaves like the real one.
//
// How the real API caches (as documented): the prompt is a prefix in the order tools -> system -> messages. A block
// carrying cache_control marks a breakpoint; the prefix up to and including it may be written to the cache. On a
// later request, the system looks for the longest prefix it has already cached, checking at each breakpoint and
// at up to about 20 blocks before it. Tokens of the hit are `cache_read_input_tokens`; tokens from the hit up to
// the last breakpoint are written and reported as `cache_creation_input_tokens`; tokens after the last breakpoint
// are plain `input_tokens`.
//
// Our approximation: tokens are chars/4 of each block's JSON (cache_control itself left out, as it does not change
// the content); a prefix is identified by a running hash of its blocks; only breakpoint prefixes are ever stored,
// so the lookback finds a hit exactly when an earlier request put a breakpoint at that position with the same
// content. No minimum cacheable length and no expiry (the real API has both: 1024+ tokens, 5 min / 1 h TTL).

import { createHash } from 'node:crypto';
import type { Usage } from '../model/types';

const LOOKBACK_BLOCKS = 20;

type Piece = { json: string; tokens: number; breakpoint: boolean };

export const estimateTokens = (chars: number): number => Math.ceil(chars / 4);

function withoutCacheControl(value: unknown): { json: string; breakpoint: boolean } {
  if (value !== null && typeof value === 'object' && 'cache_control' in value) {
    const { cache_control, ...rest } = value as Record<string, unknown>;
    return { json: JSON.stringify(rest), breakpoint: cache_control != null };
  }
  return { json: JSON.stringify(value), breakpoint: false };
}

/** Flattens a request into the ordered blocks the cache sees. */
export function promptPieces(body: any): Piece[] {
  const pieces: Piece[] = [];
  const add = (value: unknown, role?: string) => {
    const { json, breakpoint } = withoutCacheControl(value);
    const keyed = role ? role + ':' + json : json;
    pieces.push({ json: keyed, tokens: estimateTokens(json.length), breakpoint });
  };
  for (const tool of Array.isArray(body?.tools) ? body.tools : []) add(tool);
  if (typeof body?.system === 'string') add({ type: 'text', text: body.system });
  else if (Array.isArray(body?.system)) for (const block of body.system) add(block);
  for (const message of Array.isArray(body?.messages) ? body.messages : []) {
    if (typeof message?.content === 'string') add({ type: 'text', text: message.content }, message.role);
    else if (Array.isArray(message?.content)) for (const block of message.content) add(block, message.role);
  }
  return pieces;
}

export class PromptCache {
  /** prefix hash -> its token count */
  private readonly stored = new Map<string, number>();

  /** Computes the input side of usage for a request and records the prefixes it writes. */
  account(body: any): Pick<Usage, 'input_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens'> {
    const pieces = promptPieces(body);
    const hashes: string[] = [];
    const cumulative: number[] = [];
    const running = createHash('sha256');
    let total = 0;
    for (const piece of pieces) {
      running.update(piece.json).update('\u0000');
      hashes.push(running.copy().digest('hex'));
      total += piece.tokens;
      cumulative.push(total);
    }
    const breakpoints = pieces.flatMap((p, i) => (p.breakpoint ? [i] : []));
    const last = breakpoints[breakpoints.length - 1];
    if (last === undefined) {
      return { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    }

    // Longest cached prefix reachable from any breakpoint, looking back up to 20 blocks from each.
    let hitIndex = -1;
    for (const bp of breakpoints) {
      for (let i = bp; i >= Math.max(0, bp - LOOKBACK_BLOCKS) && i > hitIndex; i--) {
        if (this.stored.has(hashes[i]!)) {
          hitIndex = i;
          break;
        }
      }
    }
    const read = hitIndex >= 0 ? cumulative[hitIndex]! : 0;
    const upToLast = cumulative[last]!;
    for (const bp of breakpoints) if (bp > hitIndex) this.stored.set(hashes[bp]!, cumulative[bp]!);
    return {
      input_tokens: total - upToLast,
      cache_creation_input_tokens: upToLast - read,
      cache_read_input_tokens: read,
    };
  }
}
