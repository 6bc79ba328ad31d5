// Read: a text file as numbered lines, an image as an image block, a notebook as cells with outputs.
import path from 'node:path';
import { z } from 'zod';
import type { ImageBlock, TextBlock } from '../model/types';
import { missingFileError, readRegularFile } from './file-io';
import { parseNotebook, renderNotebook } from './notebook-format';
import { displayPath, isOutsideProject, resolveToolPath } from './paths';
import { READ_DESCRIPTION } from './read.description';
import { decodeFile, formatNote } from './text-format';
import { defineTool, ToolError, type ToolResult } from './types';

export const DEFAULT_READ_LINES = 2000;
export const MAX_LINE_CHARS = 2000;
/** The API takes images up to 5 MB of base64, which is 3.75 MB of bytes. */
const MAX_IMAGE_BYTES = Math.floor((5 * 1024 * 1024 * 3) / 4);

const readSchema = z
  .object({
    file_path: z.string().describe('Path of the file to read, absolute or relative to the working directory.'),
    offset: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('1-based line number to start reading at. Use it with limit for large files.'),
    limit: z.number().int().min(1).optional().describe('How many lines to read (default 2000).'),
  })
  .strict();

type ImageType = ImageBlock['source']['media_type'];

function sniffImage(bytes: Uint8Array): ImageType | null {
  const b = (i: number) => bytes[i];
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return 'image/gif';
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp']);

function formatSize(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * One numbered line: the number, a tab, the line (Claude Code's form, which models are trained to read and to leave
 * out of Edit's old_string), cut when it is too long to be useful.
 */
export function numberLine(n: number, line: string): string {
  const text =
    line.length > MAX_LINE_CHARS
      ? `${line.slice(0, MAX_LINE_CHARS)}... [line truncated, ${line.length - MAX_LINE_CHARS} more characters]`
      : line;
  return `${n}\t${text}`;
}

function readImage(bytes: Buffer, mediaType: ImageType, label: string): ToolResult {
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new ToolError(
      `${label} is an image of ${formatSize(bytes.length)}; images over ${formatSize(MAX_IMAGE_BYTES)} cannot be sent to the model. Make a smaller copy (e.g. with a resize command) and read that.`,
    );
  }
  const text: TextBlock = { type: 'text', text: `Image ${label} (${mediaType}, ${formatSize(bytes.length)}):` };
  const image: ImageBlock = { type: 'image', source: { type: 'base64', media_type: mediaType, data: bytes.toString('base64') } };
  return {
    forModel: [text, image],
    summary: `Read image (${formatSize(bytes.length)})`,
    display: text.text,
    details: { type: 'image', filePath: label, mediaType, bytes: bytes.length },
  };
}

/**
 * Read numbers every break the file has, a classic Mac lone CR included (Edit sees the same lines); ripgrep, behind
 * Grep, only ends a line at LF. Rather than a second line rule, the one case where they disagree is said out loud.
 */
function loneCrNote(breaks: readonly string[]): string | null {
  if (!breaks.includes('\r')) return null;
  return 'Some lines of this file end with a lone CR (classic Mac line breaks); Read numbers them as lines, but Grep counts only LF line breaks, so its line numbers for this file are lower than these.';
}

function joinNotes(...notes: Array<string | null>): string | null {
  const present = notes.filter((n): n is string => n !== null);
  return present.length ? present.join(' ') : null;
}

/** Lines of already-decoded text; `note` (the encoding, or why it cannot be edited) goes after them. */
function readText(text: string, note: string | null, label: string, offset: number, limit: number, fullPath: string): ToolResult {
  if (text.length === 0) {
    return { forModel: `${label}: (the file is empty)`, summary: 'Read 0 lines (empty file)', details: { type: 'text', filePath: label, fullPath, numLines: 0, totalLines: 0 } };
  }
  // Like Claude Code, the empty text after a final line break is a line of its own (shown as `N<tab>`): the model
  // sees that the file ends with a newline, and the line counts agree with Claude Code's.
  const lines = text.split('\n');
  const total = lines.length;
  const start = Math.max(1, offset);
  if (start > total) {
    return {
      forModel: `${label} has ${total} line${total === 1 ? '' : 's'}; offset ${start} is past the end. Use an offset from 1 to ${total}.`,
      summary: `Read 0 lines (offset past end)`,
      details: { type: 'text', filePath: label, fullPath, startLine: start, numLines: 0, totalLines: total },
    };
  }
  const window = lines.slice(start - 1, start - 1 + limit);
  const end = start - 1 + window.length;
  const body = window.map((line, i) => numberLine(start + i, line)).join('\n');
  // What is left to read: the empty line after a final break is no reason to call Read again.
  const rest = (lines[total - 1] === '' ? total - 1 : total) - end;
  let footer = rest > 0 ? `\n\n(${rest} more line${rest === 1 ? '' : 's'} after line ${end}: call Read with offset=${end + 1} to continue.)` : '';
  if (note) footer += `\n\n(${note})`;
  return {
    forModel: body + footer,
    summary: readSummary(window.length, start, end, total, lines[total - 1] === ''),
    // content: the lines as in the file, for headless consumers (stream-json's tool_use_result.file.content).
    details: { type: 'text', filePath: label, fullPath, startLine: start, numLines: window.length, totalLines: total, content: window.join('\n') },
  };
}

/** The tool line people read: lines as an editor counts them (the empty text after a final break is not one). */
function readSummary(shown: number, start: number, end: number, total: number, endsWithBreak: boolean): string {
  const humanTotal = endsWithBreak ? total - 1 : total;
  const humanShown = endsWithBreak && end === total ? shown - 1 : shown;
  const humanEnd = Math.min(end, humanTotal);
  const range = humanEnd < humanTotal || start > 1 ? ` (${start}-${humanEnd} of ${humanTotal})` : '';
  return `Read ${humanShown} line${humanShown === 1 ? '' : 's'}${range}`;
}

export const readTool = defineTool({
  name: 'Read',
  description: READ_DESCRIPTION,
  inputSchema: readSchema,
  kind: 'read',
  isReadOnly: () => true,
  async preview(input, ctx) {
    const abs = resolveToolPath(input.file_path, ctx);
    const range = input.offset || input.limit ? ` (lines ${input.offset ?? 1}+${input.limit ? `, ${input.limit}` : ''})` : '';
    return { kind: 'info', title: `Read ${displayPath(abs, ctx)}${range}`, paths: [abs], outsideProject: isOutsideProject(abs, ctx) };
  },
  async run(input, ctx) {
    const abs = resolveToolPath(input.file_path, ctx);
    const label = displayPath(abs, ctx);
    const opened = await readRegularFile(abs, label);
    if (opened.kind === 'missing') throw await missingFileError(abs, label);
    const { bytes, stat } = opened;

    let result: ToolResult;
    const ext = path.extname(abs).toLowerCase();
    const image = sniffImage(bytes);
    if (image) {
      result = readImage(bytes, image, label);
    } else if (IMAGE_EXTENSIONS.has(ext) && bytes.length > 0) {
      throw new ToolError(`${label} has an image extension but is not a PNG, JPEG, GIF or WebP image (${bytes.length} bytes).`);
    } else if (ext === '.ipynb' && bytes.length > 0) {
      const nb = parseNotebook(bytes.toString('utf8'), label);
      result = {
        forModel: renderNotebook(nb, label),
        summary: `Read notebook (${nb.cells.length} cells)`,
        details: { type: 'notebook', filePath: label, cells: nb.cells.length },
      };
    } else {
      const decoded = decodeFile(bytes);
      const offset = input.offset ?? 1;
      const limit = input.limit ?? DEFAULT_READ_LINES;
      switch (decoded.kind) {
        case 'binary':
          throw new ToolError(`${label} is a binary file, ${bytes.length} bytes; Read shows text files, images and notebooks only.`);
        case 'foreign': {
          const why = `Edit and Write will refuse this file: ${decoded.reason}.`;
          if (decoded.text === null) throw new ToolError(`${label} cannot be shown as text: ${decoded.reason}.`);
          result = readText(decoded.text, `Shown decoded. ${why}`, label, offset, limit, abs);
          break;
        }
        case 'text':
          result = readText(decoded.text, joinNotes(formatNote(decoded.format), loneCrNote(decoded.format.breaks)), label, offset, limit, abs);
          break;
        default: {
          const never: never = decoded;
          throw new ToolError(`Unexpected decoding ${String(never)}`);
        }
      }
    }
    ctx.files.recordRead(abs, { bytes, stat });
    return result;
  },
});
