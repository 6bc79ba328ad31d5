// Session transcripts: one append-only JSONL file per session under
// $TANDEM_HOME/projects/<project-slug>/<session-id>.jsonl. Each append is fsync'd before it resolves so a crash
// (even kill -9) loses at most what was not yet appended. Reading is tolerant: a line cut by a crash is dropped
// with a warning instead of losing the session.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { scrubSecrets, secretsFromEnv } from './scrub';
import { checkEntry } from './entry-shape';
import type { MessageEntry, NewTranscriptEntry, SessionMetaEntry, TranscriptEntry } from './transcript-types';

export type * from './transcript-types';
export { rebuildState } from './rebuild-state';
export type { RebuiltState, UsageSplit } from './rebuild-state';

/** `/work/main` -> `-work-main`: one folder per project, readable and flat. */
export function projectSlug(projectRoot: string): string {
  return path.resolve(projectRoot).replace(/[^A-Za-z0-9]/g, '-');
}

export function projectTranscriptDir(tandemHome: string, projectRoot: string): string {
  return path.join(tandemHome, 'projects', projectSlug(projectRoot));
}

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function transcriptPath(opts: { tandemHome: string; projectRoot: string; sessionId: string }): string {
  if (!SESSION_ID.test(opts.sessionId) || opts.sessionId.includes('..')) {
    throw new Error(`"${opts.sessionId}" is not a valid session id: use letters, digits, '-', '_' (as listed by --resume).`);
  }
  return path.join(projectTranscriptDir(opts.tandemHome, opts.projectRoot), `${opts.sessionId}.jsonl`);
}

export class TranscriptWriter {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly secrets: readonly string[],
  ) {}

  /**
   * Opens (creating if needed) the session's transcript for appending. Resuming a session reuses its file; if
   * the last line was cut by a crash, a newline is written first so new entries start on a line of their own.
   * `secrets`: values never to write (default: secret-looking variables of the environment, the API key first).
   */
  static async create(opts: { tandemHome: string; projectRoot: string; sessionId: string; secrets?: string[] }): Promise<TranscriptWriter> {
    const file = transcriptPath(opts);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const handle = await open(file, 'a+', 0o600);
    try {
      const { size } = await handle.stat();
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) {
          await handle.appendFile('\n');
          await handle.sync();
        }
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new TranscriptWriter(file, handle, opts.secrets ?? secretsFromEnv());
  }

  /** Writes one line and resolves after it is on disk. Appends are kept in call order. */
  append(entry: NewTranscriptEntry): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`transcript ${this.path} is closed; entries after close are not saved.`));
    const { type, time, uuid, ...rest } = entry;
    // `type` first: listSessions counts messages by looking for the line prefix.
    const full = scrubSecrets({ type, time: time ?? new Date().toISOString(), uuid: uuid ?? randomUUID(), ...rest }, this.secrets) as TranscriptEntry;
    const line = `${JSON.stringify(full)}\n`;
    const run = this.queue.then(async () => {
      await this.handle.appendFile(line);
      await this.handle.sync();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.handle.close();
  }
}

export interface SkippedLine {
  /** 1-based line number in the file. */
  line: number;
  reason: string;
}

export interface ReadTranscriptResult {
  entries: TranscriptEntry[];
  /** Set when the last line was cut (a crash mid-write): entries are loaded up to it. 1-based line number. */
  truncatedAtLine?: number;
  /** Every line that was not loaded, with why (the cut last line included). */
  skipped: SkippedLine[];
  warnings: string[];
}

/** A line longer than this is skipped unread: holding it whole could exhaust memory (or a string's size limit). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** Reads a transcript line by line (never the whole file as one string), keeping every entry it can. */
export async function readTranscript(file: string, opts: { maxLineBytes?: number } = {}): Promise<ReadTranscriptResult> {
  const maxLineBytes = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const collector = new LineCollector(file);
  let parts: Buffer[] = [];
  let size = 0;
  let oversized = false;
  const endLine = (complete: boolean) => {
    if (oversized) collector.skip(`longer than ${Math.round(maxLineBytes / (1024 * 1024))} MB, not read`);
    else if (size > 0) collector.line(Buffer.concat(parts, size).toString('utf8'), complete);
    else collector.blank();
    parts = [];
    size = 0;
    oversized = false;
  };
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a, from); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
      take(chunk.subarray(from, nl));
      endLine(true);
      from = nl + 1;
    }
    take(chunk.subarray(from));
  }
  if (size > 0 || oversized) endLine(false);
  return collector.result();

  function take(piece: Buffer): void {
    if (oversized || piece.length === 0) return;
    if (size + piece.length > maxLineBytes) {
      oversized = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(Buffer.from(piece));
    size += piece.length;
  }
}

export function parseTranscript(text: string, label = 'transcript'): ReadTranscriptResult {
  const collector = new LineCollector(label);
  const lines = text.split('\n');
  const endsWithNewline = lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  lines.forEach((line, index) => {
    if (line.trim() === '') collector.blank();
    else collector.line(line, endsWithNewline || index < lines.length - 1);
  });
  return collector.result();
}

/** Turns lines into entries and a report of what was skipped. A bad last line without its newline is the cut
 *  left by a crash mid-write; anywhere else a bad line is damage, skipped with its reason. */
class LineCollector {
  private readonly entries: TranscriptEntry[] = [];
  private readonly skipped: SkippedLine[] = [];
  private lineNo = 0;
  private truncatedAtLine: number | undefined;

  constructor(private readonly label: string) {}

  blank(): void {
    this.lineNo++;
  }

  skip(reason: string): void {
    this.lineNo++;
    this.skipped.push({ line: this.lineNo, reason });
  }

  line(text: string, complete: boolean): void {
    this.lineNo++;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (!complete) {
        this.truncatedAtLine = this.lineNo;
        this.skipped.push({ line: this.lineNo, reason: 'cut short (the session probably ended abruptly)' });
      } else this.skipped.push({ line: this.lineNo, reason: 'not valid JSON' });
      return;
    }
    const check = checkEntry(value);
    if (check.ok) this.entries.push(check.entry);
    else this.skipped.push({ line: this.lineNo, reason: check.reason });
  }

  result(): ReadTranscriptResult {
    const warnings = skippedNotice(this.label, this.skipped);
    const out: ReadTranscriptResult = { entries: this.entries, skipped: this.skipped, warnings };
    if (this.truncatedAtLine !== undefined) out.truncatedAtLine = this.truncatedAtLine;
    return out;
  }
}

/** One notice for the user: how many lines were skipped, which, and why (the first few reasons). */
export function skippedNotice(label: string, skipped: readonly SkippedLine[]): string[] {
  if (skipped.length === 0) return [];
  const shown = skipped.slice(0, 5).map((s) => `line ${s.line}: ${s.reason}`);
  const more = skipped.length > shown.length ? `; and ${skipped.length - shown.length} more` : '';
  const what = skipped.length === 1 ? '1 line' : `${skipped.length} lines`;
  return [`${label}: skipped ${what} it could not load (${shown.join('; ')}${more}); loaded everything else.`];
}

function parseLine(line: string): TranscriptEntry | null {
  try {
    const check = checkEntry(JSON.parse(line) as unknown);
    return check.ok ? check.entry : null;
  } catch {
    return null;
  }
}

export interface SessionSummary {
  sessionId: string;
  path: string;
  modified: Date;
  /** The first thing the user typed (one line, shortened), or '' when the session has no prompt yet. */
  firstPrompt: string;
  agent: string;
  sizeBytes: number;
  /** Message lines in the file (main conversation and subagents). */
  messageCount: number;
}

const HEAD_BYTES = 64 * 1024;
const MESSAGE_MARKER = Buffer.from('{"type":"message"');

/** The project's sessions, newest first. Reads the head of each file for the summary, not the whole log. */
export async function listSessions(opts: { tandemHome: string; projectRoot: string }): Promise<SessionSummary[]> {
  const dir = projectTranscriptDir(opts.tandemHome, opts.projectRoot);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const summaries = await Promise.all(
    names.map(async (name): Promise<SessionSummary | null> => {
      const file = path.join(dir, name);
      try {
        const info = await stat(file);
        if (!info.isFile()) return null;
        const head = await readHead(file, HEAD_BYTES);
        const { firstPrompt, agent } = summariseHead(head, info.size <= HEAD_BYTES);
        return {
          sessionId: name.slice(0, -'.jsonl'.length),
          path: file,
          modified: info.mtime,
          firstPrompt,
          agent,
          sizeBytes: info.size,
          messageCount: await countMarker(file),
        };
      } catch {
        return null; // removed meanwhile or unreadable: not worth failing the whole list
      }
    }),
  );
  return summaries.filter((s): s is SessionSummary => s !== null).sort((a, b) => b.modified.getTime() - a.modified.getTime());
}

/** One session by its exact id, without reading the others; undefined when there is no such log. */
export async function sessionById(opts: { tandemHome: string; projectRoot: string }, sessionId: string): Promise<SessionSummary | undefined> {
  let file: string;
  try {
    file = transcriptPath({ ...opts, sessionId });
  } catch {
    return undefined; // not a valid id: the caller falls back to matching a prefix
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) return undefined;
    // The summary's prompt, agent and count are for pickers; resuming needs only the path.
    return { sessionId, path: file, modified: info.mtime, firstPrompt: '', agent: '', sizeBytes: info.size, messageCount: 0 };
  } catch {
    return undefined;
  }
}

export async function latestSession(opts: { tandemHome: string; projectRoot: string }): Promise<SessionSummary | undefined> {
  return (await listSessions(opts))[0];
}

async function readHead(file: string, bytes: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function summariseHead(head: string, whole: boolean): { firstPrompt: string; agent: string } {
  const lines = head.split('\n');
  if (!whole) lines.pop(); // may be cut by the read size
  let agent = '';
  let firstPrompt = '';
  for (const line of lines) {
    const entry = parseLine(line);
    if (!entry) continue;
    if (entry.type === 'session_meta' && !agent) agent = (entry as SessionMetaEntry).agent;
    if (entry.type === 'message' && !firstPrompt) {
      const m = entry as MessageEntry;
      if (m.parentToolUseId === null && m.message.role === 'user') firstPrompt = promptText(m.message.content);
      if (!agent) agent = m.agent;
    }
    if (agent && firstPrompt) break;
  }
  return { firstPrompt, agent };
}

function promptText(content: MessageEntry['message']['content']): string {
  let text = '';
  if (typeof content === 'string') text = content;
  else for (const block of content) if (block.type === 'text') { text = (block as { text: string }).text; break; }
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 119)}…` : oneLine;
}

function countMarker(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    let carry = Buffer.alloc(0);
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    stream.on('data', (chunk) => {
      const buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      let at = buffer.indexOf(MESSAGE_MARKER);
      while (at !== -1) {
        count++;
        at = buffer.indexOf(MESSAGE_MARKER, at + MESSAGE_MARKER.length);
      }
      // Keep a tail shorter than the marker so one split across chunks is still found, never counted twice.
      carry = Buffer.from(buffer.subarray(Math.max(0, buffer.length - (MESSAGE_MARKER.length - 1))));
    });
    stream.on('end', () => resolve(count));
    stream.on('error', reject);
  });
}
