// Writes a session's events as stream-json lines. Shared by `-p` (one prompt) and `--input-format stream-json`
// (many prompts and a control channel on the same stdout), so both print the same shapes.
import type { Session } from '../engine/session';
import { sanitize } from '../text/sanitize';
import { apiErrorAssistantLine, eventLine, permissionDeniedLine } from './stream-json';

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
  const sessionId = session.sessionId;
  // Calls the permission layer refused: their result line is preceded by a permission_denied line.
  const denied = new Set<string>();
  return session.subscribe((event) => {
    if (event.type === 'notice' && event.level !== 'info') opts.stderr.write(`tandem: ${sanitize(event.message)}\n`);
    if (event.type === 'retry') opts.stderr.write(`tandem: ${sanitize(event.reason)}; retrying in ${Math.round(event.delayMs / 100) / 10} s (attempt ${event.attempt} of ${event.maxAttempts})\n`);
    const writeLine = opts.lines;
    if (!writeLine) return;
    if (event.type === 'tool_state' && event.state === 'denied') denied.add(event.callId);
    if (event.type === 'tool_result' && denied.delete(event.callId)) writeLine(permissionDeniedLine(event, sessionId));
    // Like Claude Code, each block's line goes out as soon as the block ends, its stop_reason still null: the
    // message's stop reason arrives after its last block, and the result line carries it.
    const line = eventLine(event, sessionId, opts.includePartial);
    if (line) writeLine(line);
    if (event.type === 'turn_done' && event.result.apiFailure) writeLine(apiErrorAssistantLine(event.result.apiFailure, sessionId));
  });
}
