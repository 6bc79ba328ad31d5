// The one place tool output is cut down for the model, whatever its shape (text, or blocks of text and images).
// Past the limit we keep the head (about two thirds) and the tail (one third), cut at line breaks when one is
// near, save the whole text under the session folder, and tell the model where it is so it can Read or Grep the
// part it needs. An image the API would refuse is saved to a file and replaced by a note saying where.
import fs from 'node:fs/promises';
import path from 'node:path';
import { imageSize, MAX_IMAGE_SIDE_PX } from './image-size';
import type { ImageBlock, TextBlock } from '../model/types';

export const DEFAULT_OUTPUT_LIMIT = 30_000;

export interface TruncateOptions {
  sessionDir: string;
  toolUseId: string;
  /** Characters allowed before cutting; defaults to 30,000. */
  limit?: number;
}

/** Moves a cut point back to just after a line break if one lies within `slack` characters. */
function snapToLine(text: string, at: number, slack: number, direction: 'back' | 'forward'): number {
  if (direction === 'back') {
    const nl = text.lastIndexOf('\n', at - 1);
    return nl >= 0 && at - (nl + 1) <= slack ? nl + 1 : at;
  }
  const nl = text.indexOf('\n', at);
  return nl >= 0 && nl + 1 - at <= slack ? nl + 1 : at;
}

function safeId(toolUseId: string): string {
  return toolUseId.replace(/[^A-Za-z0-9_-]/g, '_') || 'output';
}

/** Writes under the session's tool-output folder; the path, or null when it could not be written. */
async function saveOutput(sessionDir: string, name: string, data: string | Buffer): Promise<string | null> {
  const savedPath = path.join(sessionDir, 'tool-output', name);
  try {
    await fs.mkdir(path.dirname(savedPath), { recursive: true });
    await fs.writeFile(savedPath, data);
    return savedPath;
  } catch {
    return null;
  }
}

export async function truncateForModel(text: string, opts: TruncateOptions): Promise<string> {
  const limit = opts.limit ?? DEFAULT_OUTPUT_LIMIT;
  if (text.length <= limit) return text;

  const savedPath = await saveOutput(opts.sessionDir, `${safeId(opts.toolUseId)}.txt`, text);
  const saved = savedPath !== null;

  const slack = Math.floor(limit / 20);
  const headEnd = snapToLine(text, Math.floor((limit * 2) / 3), slack, 'back');
  const tailStart = snapToLine(text, text.length - Math.floor(limit / 3), slack, 'forward');
  const cut = tailStart - headEnd;
  const where = saved
    ? `The full output (${text.length} characters) is saved at ${savedPath}: use Read with offset/limit or Grep on it to see the rest.`
    : `The full output could not be saved; rerun with a narrower request to see the rest.`;
  const head = text.slice(0, headEnd);
  const marker = `${head.endsWith('\n') ? '' : '\n'}[... ${cut} characters cut from the middle. ${where} ...]\n`;
  return head + marker + text.slice(tailStart);
}

/** The API refuses an image whose base64 data is over 5 MB. */
export const MAX_IMAGE_BASE64_CHARS = 5 * 1024 * 1024;

export type ToolContent = string | Array<TextBlock | ImageBlock>;

const IMAGE_EXTENSIONS: Record<ImageBlock['source']['media_type'], string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

function megabytes(chars: number): string {
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Cuts any tool result down to what the model may receive: text (all text blocks together) to the output limit,
 * images to the API's size limit. Content within the limits comes back unchanged.
 */
export async function truncateToolContent(content: ToolContent, opts: TruncateOptions & { maxImageChars?: number }): Promise<ToolContent> {
  if (typeof content === 'string') return truncateForModel(content, opts);
  const limit = opts.limit ?? DEFAULT_OUTPUT_LIMIT;
  const maxImage = opts.maxImageChars ?? MAX_IMAGE_BASE64_CHARS;
  const blocks: Array<TextBlock | ImageBlock> = [];
  let imageNo = 0;
  for (const block of content) {
    if (block.type !== 'image') {
      blocks.push(block);
      continue;
    }
    imageNo++;
    const data = block.source.data;
    const tooBig = data.length > maxImage;
    // Only the header is needed for the size; an image already too big in bytes is not decoded at all.
    const size = tooBig ? null : imageSize(Buffer.from(data.slice(0, 256 * 1024), 'base64'), block.source.media_type);
    const tooWide = size !== null && (size.width > MAX_IMAGE_SIDE_PX || size.height > MAX_IMAGE_SIDE_PX);
    if (!tooBig && !tooWide) {
      blocks.push(block);
      continue;
    }
    const name = `${safeId(opts.toolUseId)}-image-${imageNo}.${IMAGE_EXTENSIONS[block.source.media_type] ?? 'bin'}`;
    const savedPath = await saveOutput(opts.sessionDir, name, Buffer.from(data, 'base64'));
    const where = savedPath ? `It is saved at ${savedPath}.` : 'It could not be saved.';
    const why = tooBig
      ? `${megabytes(data.length)} as base64) was left out: the API accepts images up to ${megabytes(maxImage)}.`
      : `${size!.width} x ${size!.height} pixels) was left out: the API accepts images up to ${MAX_IMAGE_SIDE_PX} pixels on a side; make a smaller copy (a resize command) and read that.`;
    blocks.push({ type: 'text', text: `[An image (${block.source.media_type}, ${why} ${where}]` });
  }
  const texts = blocks.filter((b): b is TextBlock => b.type === 'text');
  const textLength = texts.reduce((n, b) => n + b.text.length, 0);
  if (textLength <= limit) return blocks;
  // Too much text: all of it is cut as one, in the place of the first text block; images keep their order.
  const cut = await truncateForModel(texts.map((b) => b.text).join('\n'), opts);
  const out: Array<TextBlock | ImageBlock> = [];
  let placed = false;
  for (const block of blocks) {
    if (block.type === 'image') out.push(block);
    else if (!placed) {
      out.push({ type: 'text', text: cut });
      placed = true;
    }
  }
  return out.some((b) => b.type === 'image') ? out : cut;
}
