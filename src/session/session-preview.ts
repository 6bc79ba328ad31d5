// What the session picker shows beside each session: how many turns it has and the start of its last answer.
// Cheap on purpose: turns are counted from line prefixes (no JSON parsing of the whole log), the answer is found
// by parsing only the log's tail.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { checkEntry } from './entry-shape';

export interface SessionPreview {
  /** Prompts the user sent in the main conversation. */
  turns: number;
  /** The last answer of the main conversation, on one line, shortened ('' when there is none). */
  lastAnswer: string;
}

const TAIL_BYTES = 256 * 1024;
const PROMPT_LINE = /^\{"type":"message".*"message":\{"role":"user","content":("|\[\{"type":"text")/;

export async function sessionPreview(file: string): Promise<SessionPreview> {
  return { turns: await countTurns(file), lastAnswer: await lastAnswer(file) };
}

async function countTurns(file: string): Promise<number> {
  let turns = 0;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) if (PROMPT_LINE.test(line.slice(0, 400)) && line.includes('"parentToolUseId":null')) turns++;
  return turns;
}

async function lastAnswer(file: string): Promise<string> {
  const handle = await open(file, 'r');
  let text: string;
  try {
    const { size } = await handle.stat();
    const from = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - from);
    await handle.read(buffer, 0, buffer.length, from);
    text = buffer.toString('utf8');
  } finally {
    await handle.close();
  }
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (!line.startsWith('{"type":"message"') || !line.includes('"role":"assistant"')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // the first line of the tail is usually cut
    }
    const check = checkEntry(value);
    if (!check.ok || check.entry.type !== 'message' || check.entry.parentToolUseId !== null) continue;
    const content = check.entry.message.content;
    const texts = typeof content === 'string' ? [content] : content.flatMap((b) => (b.type === 'text' && typeof (b as { text?: unknown }).text === 'string' ? [(b as { text: string }).text] : []));
    const joined = texts.join(' ').replace(/\s+/g, ' ').trim();
    if (joined) return joined.length > 160 ? `${joined.slice(0, 159)}…` : joined;
  }
  return '';
}
