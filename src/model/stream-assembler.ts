// Turns the API's raw stream events into ModelEvents and assembles the final AssistantMessage.
// Runs once per delta of every answer, so it stays cheap: it mutates the block it builds in place
// (strings grow by `+=`, which V8 keeps as ropes), never stringifies and never copies arrays per delta.

import type { AssistantBlock, AssistantMessage, ModelEvent, StopReason, Usage } from './types';

/** The raw event shapes we read; everything else about them passes through untouched. */
type RawEvent = { type: string; [key: string]: any };
type MutableBlock = { type: string; [key: string]: any };

const USAGE_NUMBERS = [
  'input_tokens',
  'output_tokens',
  'cache_creation_input_tokens',
  'cache_read_input_tokens',
] as const;

/** Reads a usage object of any vintage (old ones lack the cache fields) into our shape. */
function usageFrom(raw: Record<string, any> | null | undefined): Usage {
  const usage: Usage = {
    input_tokens: raw?.input_tokens ?? 0,
    output_tokens: raw?.output_tokens ?? 0,
    cache_creation_input_tokens: raw?.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: raw?.cache_read_input_tokens ?? 0,
  };
  if (raw?.server_tool_use != null) usage.server_tool_use = raw.server_tool_use;
  return usage;
}

/** The SDKs' rule: every non-null field of message_delta.usage replaces what message_start said. */
function mergeUsage(into: Usage, delta: Record<string, any> | null | undefined): void {
  if (!delta) return;
  for (const key of USAGE_NUMBERS) {
    const value = delta[key];
    if (value != null) into[key] = value;
  }
  if (delta.server_tool_use != null) into.server_tool_use = delta.server_tool_use;
}

export class StreamAssembler {
  private readonly blocks: MutableBlock[] = [];
  /** Partial JSON per block index, for tool_use and server_tool_use inputs. */
  private readonly partialJson: Array<string | undefined> = [];
  private id = '';
  private model = '';
  private stopReason: StopReason | null = null;
  private stopSequence: string | null = null;
  private usage: Usage = usageFrom(undefined);
  /** True once message_stop arrived: a stream that ends without it was cut off. */
  complete = false;
  started = false;

  /** Feeds one raw event; returns the ModelEvent it becomes, if any. */
  push(event: RawEvent): ModelEvent | undefined {
    switch (event.type) {
      case 'content_block_delta':
        return this.delta(event.index as number, event.delta);
      case 'content_block_start':
        return this.start(event.index as number, event.content_block);
      case 'content_block_stop':
        return this.stop(event.index as number);
      case 'message_start': {
        const m = event.message ?? {};
        this.started = true;
        this.id = m.id ?? '';
        this.model = m.model ?? '';
        this.usage = usageFrom(m.usage);
        return { type: 'message_start', id: this.id, model: this.model, usage: { ...this.usage } };
      }
      case 'message_delta':
        if (event.delta) {
          if (event.delta.stop_reason !== undefined) this.stopReason = event.delta.stop_reason;
          if (event.delta.stop_sequence !== undefined) this.stopSequence = event.delta.stop_sequence;
        }
        mergeUsage(this.usage, event.usage);
        return undefined;
      case 'message_stop':
        this.complete = true;
        return { type: 'message_done', message: this.message() };
      default:
        return undefined; // ping and event types newer than this code
    }
  }

  message(): AssistantMessage {
    return {
      id: this.id,
      model: this.model,
      // Indexes are dense in practice; the filter guards against a gap ever reaching the API as `null`.
      content: this.blocks.filter((b) => b !== undefined) as AssistantBlock[],
      stop_reason: this.stopReason,
      stop_sequence: this.stopSequence,
      usage: this.usage,
    };
  }

  private start(index: number, raw: MutableBlock): ModelEvent {
    // A shallow copy: we grow text/thinking/signature in place, the rest stays verbatim (redacted_thinking,
    // web_search_tool_result and other server blocks arrive complete here).
    const block: MutableBlock = { ...raw };
    if (block.type === 'text' && typeof block.text !== 'string') block.text = '';
    if (block.type === 'thinking') {
      if (typeof block.thinking !== 'string') block.thinking = '';
      if (typeof block.signature !== 'string') block.signature = '';
    }
    this.blocks[index] = block;
    const ev: ModelEvent = { type: 'block_start', index, blockType: block.type };
    if (typeof block.name === 'string') ev.toolName = block.name;
    if (typeof block.id === 'string') ev.toolUseId = block.id;
    return ev;
  }

  private delta(index: number, d: { type: string; [key: string]: any }): ModelEvent | undefined {
    const block = this.blocks[index];
    if (!block || !d) return undefined;
    switch (d.type) {
      case 'text_delta':
        block.text += d.text;
        return { type: 'text_delta', index, text: d.text };
      case 'thinking_delta':
        block.thinking += d.thinking;
        return { type: 'thinking_delta', index, thinking: d.thinking };
      case 'signature_delta':
        block.signature = (block.signature ?? '') + d.signature;
        return undefined;
      case 'input_json_delta':
        this.partialJson[index] = (this.partialJson[index] ?? '') + d.partial_json;
        return { type: 'tool_input_delta', index, partialJson: d.partial_json };
      case 'citations_delta':
        if (Array.isArray(block.citations)) block.citations.push(d.citation);
        else block.citations = [d.citation];
        return undefined;
      default:
        return undefined;
    }
  }

  private stop(index: number): ModelEvent | undefined {
    const block = this.blocks[index];
    if (!block) return undefined;
    const json = this.partialJson[index];
    if (json !== undefined) {
      this.partialJson[index] = undefined;
      block.input = parseToolInput(json);
    }
    return { type: 'block_done', index, block: block as AssistantBlock };
  }
}

/**
 * A tool input as the model wrote it. An empty string means "no arguments". JSON that does not parse (only
 * possible when the answer was cut off) becomes `{}` so the tool's own validation reports what is missing.
 */
export function parseToolInput(json: string): Record<string, unknown> {
  if (json.trim() === '') return {};
  try {
    const value = JSON.parse(json) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
