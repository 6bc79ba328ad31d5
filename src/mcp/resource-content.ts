// Resources in a tool result become something the model can use. A `resource_link` is read from the server that
// returned it; text comes inline up to the output cap, anything larger or binary is saved under the session's
// tool-output folder and the result says where, so the model can Read it. Images stay images. The file name is
// ours (the call id, a counter, an extension from the MIME type): nothing the server sends becomes part of a path.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_OUTPUT_LIMIT } from '../tools/truncate';

export const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

type Content = CallToolResult['content'][number];
type ResourceContents = ReadResourceResult['contents'][number];

export interface ResourceSaveOptions {
  sessionDir: string;
  toolUseId: string;
  /** Reads a linked resource from the server that returned the link; unset, links stay links. */
  readResource?: (uri: string, signal: AbortSignal) => Promise<ReadResourceResult>;
  signal: AbortSignal;
  /** Text longer than this is saved instead of inlined; default: the central output cap. */
  inlineLimit?: number;
}

const EXTENSIONS: Record<string, string> = {
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/html': 'html',
  'text/csv': 'csv',
  'application/json': 'json',
  'application/pdf': 'pdf',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/zip': 'zip',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
};

/** The extension for a MIME type, from a fixed table (never from the resource's name or URI). */
export function extensionFor(mimeType: string | undefined, isText: boolean): string {
  const known = mimeType ? EXTENSIONS[mimeType.toLowerCase().split(';')[0]!.trim()] : undefined;
  return known ?? (isText ? 'txt' : 'bin');
}

function describe(uri: string, mimeType: string | undefined): string {
  return `<${uri}>${mimeType ? ` (${mimeType})` : ''}`;
}

class Saver {
  private n = 0;
  private readonly id: string;
  constructor(private readonly opts: ResourceSaveOptions) {
    this.id = opts.toolUseId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || 'mcp';
  }

  /** Writes the bytes and returns the sentence the model reads in place of the content. */
  async save(label: string, data: Buffer, mimeType: string | undefined, isText: boolean): Promise<string> {
    this.n++;
    const file = path.join(this.opts.sessionDir, 'tool-output', `${this.id}-resource-${this.n}.${extensionFor(mimeType, isText)}`);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data, { flag: 'wx' });
      return `[${label}, ${data.length} bytes: saved at ${file}] (use Read on that path to see it)`;
    } catch (error) {
      return `[${label}, ${data.length} bytes: could not be saved (${(error as Error).message})]`;
    }
  }
}

/** One resource's contents (embedded, or read for a link) as result content. */
async function contentsToBlocks(r: ResourceContents, saver: Saver, limit: number, prefix: string): Promise<Content[]> {
  const where = describe(r.uri, r.mimeType);
  if ('text' in r && typeof r.text === 'string') {
    if (r.text.length <= limit) return [{ type: 'text', text: `${prefix} ${where}:\n${r.text}` }];
    return [{ type: 'text', text: await saver.save(`${prefix} ${where}, text of ${r.text.length} characters`, Buffer.from(r.text, 'utf8'), r.mimeType, true) }];
  }
  if ('blob' in r && typeof r.blob === 'string') {
    if (r.mimeType && IMAGE_TYPES.has(r.mimeType)) {
      return [
        { type: 'text', text: `${prefix} ${where}:` },
        { type: 'image', data: r.blob, mimeType: r.mimeType },
      ];
    }
    return [{ type: 'text', text: await saver.save(`${prefix} ${where}, binary`, Buffer.from(r.blob, 'base64'), r.mimeType, false) }];
  }
  return [{ type: 'text', text: `${prefix} ${where}: no content` }];
}

/**
 * Replaces resource links (read from the server), large or binary embedded resources and audio by inline text,
 * images, or a line naming the saved file. Other content passes through unchanged.
 */
export async function resolveResources(result: CallToolResult, opts: ResourceSaveOptions): Promise<CallToolResult> {
  if (!Array.isArray(result.content)) return result;
  const limit = opts.inlineLimit ?? DEFAULT_OUTPUT_LIMIT;
  const saver = new Saver(opts);
  const content: Content[] = [];
  for (const item of result.content) {
    switch (item.type) {
      case 'audio':
        content.push({ type: 'text', text: await saver.save(`audio (${item.mimeType})`, Buffer.from(item.data, 'base64'), item.mimeType, false) });
        break;
      case 'resource':
        content.push(...(await contentsToBlocks(item.resource, saver, limit, 'Resource')));
        break;
      case 'resource_link': {
        const title = `Resource link ${describe(item.uri, item.mimeType)}`;
        if (!opts.readResource) {
          content.push(item);
          break;
        }
        try {
          const read = await opts.readResource(item.uri, opts.signal);
          if (read.contents.length === 0) content.push({ type: 'text', text: `${title}: the server returned no content` });
          for (const part of read.contents) content.push(...(await contentsToBlocks(part, saver, limit, 'Linked resource')));
        } catch (error) {
          if (opts.signal.aborted) throw error;
          content.push(item, { type: 'text', text: `(the linked resource could not be read from the server: ${(error as Error).message})` });
        }
        break;
      }
      default:
        content.push(item);
    }
  }
  return { ...result, content };
}
