// `tandem -p`: one prompt, no UI, output for scripts. Calls that would ask are denied with a message naming the
// flag that allows them (the permission layer writes it); the exit status says whether the run succeeded.
import type { Session } from '../engine/session';
import type { TurnOptions } from '../engine/controller';
import type { OutputFormat } from './args';
import type { InitInfo } from './stream-json';
import { initLine, resultLine } from './stream-json';
import { lineWriter, streamEvents } from './event-lines';
import { sanitize } from '../text/sanitize';
import type { BudgetWatch } from './budget';

export interface HeadlessIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function runHeadless(
  session: Session,
  prompt: string,
  opts: { format: OutputFormat; includePartial: boolean; init: InitInfo; turn?: TurnOptions; verbose?: boolean; budget?: BudgetWatch },
  io: HeadlessIo,
): Promise<number> {
  const sessionId = session.sessionId;
  const out = lineWriter(io.stdout);
  // `--output-format json --verbose` prints every event, as one JSON array at the end (Claude Code's shape).
  const collected: unknown[] | null = opts.format === 'json' && opts.verbose ? [] : null;
  const lines = opts.format === 'stream-json' ? out.write : collected ? (value: unknown) => void collected.push(value) : null;
  const unsubscribe = streamEvents(session, { lines, includePartial: opts.includePartial, stderr: io.stderr });
  lines?.(initLine(opts.init));

  const result = await session.send(prompt, opts.turn);
  unsubscribe();
  const line = resultLine(result, sessionId);
  opts.budget?.apply(line);
  if (!opts.budget?.exceeded() && result.isError && !result.apiFailure) line.errors = [result.error ?? result.subtype];
  if (collected) {
    collected.push(line);
    io.stdout.write(`${JSON.stringify(collected)}\n`);
  } else if (opts.format === 'stream-json' || opts.format === 'json') out.write(line);
  out.flush();
  if (opts.format === 'text') {
    // On a terminal the answer is shown like on the REPL's screen (sanitised); into a pipe or file it goes as the
    // model wrote it, for the script that reads it.
    const text = (io.stdout as { isTTY?: boolean }).isTTY ? sanitize(result.text) : result.text;
    if (text) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    if (line.is_error) io.stderr.write(`tandem: ${sanitize(opts.budget?.exceeded() ? String((line.errors as string[])[0]) : (result.error ?? result.subtype))}\n`);
  }
  return line.is_error ? 1 : 0;
}
