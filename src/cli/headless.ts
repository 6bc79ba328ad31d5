// `tandem -p`: one prompt, no UI, output for scripts. Calls that would ask are denied with a message naming the
// flag that allows them (the permission layer writes it); the exit status says whether the run succeeded.
import type { Session } from '../engine/session';
import type { TurnOptions } from '../engine/controller';
import type { OutputFormat } from './args';
import type { InitInfo } from './stream-json';
import { eventLine, initLine, resultLine } from './stream-json';
import { sanitize } from '../text/sanitize';

export interface HeadlessIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function runHeadless(
  session: Session,
  prompt: string,
  opts: { format: OutputFormat; includePartial: boolean; init: InitInfo; turn?: TurnOptions },
  io: HeadlessIo,
): Promise<number> {
  const sessionId = session.sessionId;
  // Lines are joined and written in batches: one write per event would dominate CPU on long streams.
  let pending = '';
  let flushScheduled = false;
  const flush = () => {
    flushScheduled = false;
    if (pending) {
      io.stdout.write(pending);
      pending = '';
    }
  };
  const writeLine = (value: unknown) => {
    pending += `${JSON.stringify(value)}\n`;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };

  // Each block's line waits for the next block (or the message's end), so that the last block of a message can
  // carry the final stop_reason and usage, which the API only sends after the last block.
  const heldBlocks = new Map<string, Record<string, unknown>>();
  const unsubscribe = session.subscribe((event) => {
    // stderr is read by people: outside text in notices (hooks, MCP) is sanitised like on the REPL's screen.
    if (event.type === 'notice' && event.level !== 'info') io.stderr.write(`tandem: ${sanitize(event.message)}\n`);
    if (event.type === 'retry') io.stderr.write(`tandem: ${sanitize(event.reason)}; retrying in ${Math.round(event.delayMs / 100) / 10} s (attempt ${event.attempt} of ${event.maxAttempts})\n`);
    if (opts.format !== 'stream-json') return;
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
  if (opts.format === 'stream-json') writeLine(initLine(opts.init));

  const result = await session.send(prompt, opts.turn);
  unsubscribe();
  if (opts.format === 'stream-json') writeLine(resultLine(result, sessionId));
  else if (opts.format === 'json') writeLine(resultLine(result, sessionId));
  flush();
  if (opts.format === 'text') {
    // On a terminal the answer is shown like on the REPL's screen (sanitised); into a pipe or file it goes as the
    // model wrote it, for the script that reads it.
    const text = (io.stdout as { isTTY?: boolean }).isTTY ? sanitize(result.text) : result.text;
    if (text) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    if (result.isError) io.stderr.write(`tandem: ${sanitize(result.error ?? result.subtype)}\n`);
  }
  return result.isError ? 1 : 0;
}
