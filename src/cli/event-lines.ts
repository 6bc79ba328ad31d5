// Writes a session's events as stream-json lines. Shared by `-p` (one prompt) and `--input-format stream-json`
// (many prompts and a control channel on the same stdout), so both print the same shapes.
import type { Session } from '../engine/session';
import { sanitize } from '../text/sanitize';
import { eventLine } from './stream-json';

export type WriteLine = (value: unknown) => void;

/**
 * One writer per stdout. Lines are joined and written in batches (one write per event would dominate CPU on long
 * streams); `flush` writes what is pending now (before exit, or before a reply someone is waiting for).
 */
export function lineWriter(out: NodeJS.WritableStream): { write: WriteLine; flush: () => void } {
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending) {
      out.write(pending);
      pending = '';
    }
  };
  const write: WriteLine = (value) => {
    pending += `${JSON.stringify(value)}\n`;
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return { write, flush };
}

/**
 * Subscribes to the session: notices and retries go to stderr (sanitised: people read it); with `lines`, events go
 * out as stream-json lines. Returns the unsubscribe function.
 */
export function streamEvents(
  session: Session,
  opts: { lines: WriteLine | null; includePartial: boolean; stderr: NodeJS.WritableStream },
): () => void {
  // Each block's line waits for the next block (or the message's end), so that the last block of a message can
  // carry the final stop_reason and usage, which the API only sends after the last block.
  const heldBlocks = new Map<string, Record<string, unknown>>();
  const sessionId = session.sessionId;
  return session.subscribe((event) => {
    if (event.type === 'notice' && event.level !== 'info') opts.stderr.write(`tandem: ${sanitize(event.message)}\n`);
    if (event.type === 'retry') opts.stderr.write(`tandem: ${sanitize(event.reason)}; retrying in ${Math.round(event.delayMs / 100) / 10} s (attempt ${event.attempt} of ${event.maxAttempts})\n`);
    const writeLine = opts.lines;
    if (!writeLine) return;
    if (event.type === 'retry') {
      heldBlocks.clear();
      return;
    }
    if (event.type === 'assistant_done') {
      const held = heldBlocks.get(event.message.id);
      if (held) {
        heldBlocks.delete(event.message.id);
        const message = held.message as Record<string, unknown>;
        message.stop_reason = event.message.stop_reason;
        message.stop_sequence = event.message.stop_sequence;
        message.usage = event.message.usage;
        writeLine(held);
      }
      return;
    }
    const line = eventLine(event, sessionId, opts.includePartial);
    if (!line) return;
    if (event.type === 'assistant_block') {
      const previous = heldBlocks.get(event.messageId);
      if (previous) writeLine(previous);
      heldBlocks.set(event.messageId, line);
      return;
    }
    writeLine(line);
  });
}
