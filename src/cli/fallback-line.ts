// The stream-json line for a switch to the fallback model (--fallback-model), in the shape Claude Code prints:
// SDK programs read `system/model_fallback` to learn that the answers now come from another model.
import { randomUUID } from 'node:crypto';
import type { EngineEvent } from '../engine/events';

type FallbackEvent = Extract<EngineEvent, { type: 'fallback' }>;

export function fallbackLine(event: FallbackEvent, sessionId: string): Record<string, unknown> {
  const trigger = event.trigger ?? 'overloaded';
  const content =
    trigger === 'model_not_found'
      ? `Switched to ${event.to} because ${event.from} is not available (${event.reason})`
      : `Switched to ${event.to} due to high demand for ${event.from}`;
  return {
    type: 'system',
    subtype: 'model_fallback',
    trigger,
    original_model: event.from,
    fallback_model: event.to,
    content,
    parent_tool_use_id: event.speaker.parentToolUseId,
    session_id: sessionId,
    uuid: randomUUID(),
  };
}
