// `--input-format stream-json`: what arrives on stdin, one JSON object per line, as the Claude Agent SDK writes it.
// Each line is read into one tagged shape; a line tandem cannot read is reported, never fatal (the next may be fine).
import type { Readable } from 'node:stream';
import type { ImageBlock } from '../model/types';

export type ControlRequestBody = { subtype: string } & Record<string, unknown>;

export type InputLine =
  /** A user turn: plain text, or content blocks (text, image...) as in the Messages API. */
  | { kind: 'user'; content: string | Array<Record<string, unknown>>; uuid?: string }
  | { kind: 'control_request'; requestId: string; request: ControlRequestBody }
  | { kind: 'control_response'; requestId: string; ok: true; response: Record<string, unknown> }
  | { kind: 'control_response'; requestId: string; ok: false; error: string }
  | { kind: 'control_cancel_request'; requestId: string }
  /** Lines with no meaning for tandem (keep_alive, environment updates...). */
  | { kind: 'ignored'; type: string }
  | { kind: 'invalid'; message: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseInputLine(text: string): InputLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', message: `not JSON: ${(error as Error).message}` };
  }
  if (!isObject(value) || typeof value.type !== 'string') return { kind: 'invalid', message: 'expected an object with a "type"' };
  switch (value.type) {
    case 'user': {
      const message = value.message;
      if (!isObject(message)) return { kind: 'invalid', message: 'a user line needs "message": {"role": "user", "content": ...}' };
      const content = message.content;
      const uuid = typeof value.uuid === 'string' ? value.uuid : undefined;
      if (typeof content === 'string') return { kind: 'user', content, uuid };
      if (Array.isArray(content) && content.every(isObject)) return { kind: 'user', content: content as Array<Record<string, unknown>>, uuid };
      return { kind: 'invalid', message: 'a user message\'s "content" must be a string or an array of content blocks' };
    }
    case 'control_request': {
      const request = value.request;
      if (typeof value.request_id !== 'string' || !isObject(request) || typeof request.subtype !== 'string') {
        return { kind: 'invalid', message: 'a control_request needs "request_id" and "request": {"subtype": ...}' };
      }
      return { kind: 'control_request', requestId: value.request_id, request: request as ControlRequestBody };
    }
    case 'control_response': {
      const response = value.response;
      if (!isObject(response) || typeof response.request_id !== 'string') return { kind: 'invalid', message: 'a control_response needs "response": {"request_id": ...}' };
      if (response.subtype === 'success') return { kind: 'control_response', requestId: response.request_id, ok: true, response: isObject(response.response) ? response.response : {} };
      return { kind: 'control_response', requestId: response.request_id, ok: false, error: typeof response.error === 'string' ? response.error : 'the controlling program answered with an error' };
    }
    case 'control_cancel_request':
      return typeof value.request_id === 'string' ? { kind: 'control_cancel_request', requestId: value.request_id } : { kind: 'invalid', message: 'control_cancel_request needs "request_id"' };
    default:
      return { kind: 'ignored', type: value.type };
  }
}

/** Lines of a stream, without their line ends; blank lines are skipped. Ends when the stream ends. */
export async function* readLines(stream: Readable): AsyncGenerator<string> {
  let buffered = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    buffered += chunk as string;
    let end: number;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, end).replace(/\r$/, '');
      buffered = buffered.slice(end + 1);
      if (line.trim()) yield line;
    }
  }
  if (buffered.trim()) yield buffered;
}

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A base64 image block as the Messages API takes it; anything else (URL images, documents...) is not one. */
function asImage(block: Record<string, unknown>): ImageBlock | null {
  const source = block.source;
  if (block.type !== 'image' || !isObject(source) || source.type !== 'base64') return null;
  if (typeof source.media_type !== 'string' || !IMAGE_TYPES.has(source.media_type) || typeof source.data !== 'string') return null;
  return { type: 'image', source: { type: 'base64', media_type: source.media_type as ImageBlock['source']['media_type'], data: source.data } };
}

/** A user turn's content: text blocks joined, base64 images kept, other blocks returned apart (not sent). */
export function splitUserContent(content: string | Array<Record<string, unknown>>): { text: string; images: ImageBlock[]; others: Array<Record<string, unknown>> } {
  if (typeof content === 'string') return { text: content, images: [], others: [] };
  const texts: string[] = [];
  const images: ImageBlock[] = [];
  const others: Array<Record<string, unknown>> = [];
  for (const block of content) {
    const image = asImage(block);
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (image) images.push(image);
    else others.push(block);
  }
  return { text: texts.join('\n\n'), images, others };
}
