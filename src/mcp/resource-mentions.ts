// `@server:uri` in a prompt attaches that MCP resource: its text follows the prompt (long or binary content is
// saved under the session folder and its path given instead, as for tool results), images go as images. Only the
// name of a configured server counts, so `@user:pass` or `@src/a.ts` stay as typed.
import { randomUUID } from 'node:crypto';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { ImageBlock, TextBlock } from '../model/types';
import { resolveResources } from './resource-content';
import type { McpResourceInfo } from './server-catalog';

export interface ResourceMention {
  server: string;
  uri: string;
}

const MENTION = /(^|\s)@([A-Za-z0-9_.-]+):(\S+)/g;

/** The mentions of known servers, in order, each once. Trailing punctuation of a sentence is not part of a URI. */
export function findResourceMentions(text: string, servers: readonly string[]): ResourceMention[] {
  const out: ResourceMention[] = [];
  for (const m of text.matchAll(MENTION)) {
    const server = m[2]!;
    if (!servers.includes(server)) continue;
    const uri = m[3]!.replace(/[),.;!?]+$/, '');
    if (!uri || out.some((x) => x.server === server && x.uri === uri)) continue;
    out.push({ server, uri });
  }
  return out;
}

/** Completion for `@query`: `server:uri` of the listed resources whose server, URI or name starts with or holds it. */
export function completeResources(resources: McpResourceInfo[], query: string, cap = 8): string[] {
  const q = query.toLowerCase();
  const keyed = resources.map((r) => ({ key: `${r.server}:${r.uri}`, name: r.name.toLowerCase() }));
  const starts = keyed.filter((r) => r.key.toLowerCase().startsWith(q) || r.name.startsWith(q));
  const holds = q ? keyed.filter((r) => !starts.includes(r) && (r.key.toLowerCase().includes(q) || r.name.includes(q))) : [];
  return [...starts, ...holds].slice(0, cap).map((r) => r.key);
}

export interface ResourceReader {
  serverNames(): string[];
  readResource(server: string, uri: string, signal?: AbortSignal): Promise<ReadResourceResult>;
}

/** Reads each mentioned resource; what could not be read becomes a notice, never a lost prompt. */
export async function attachMentionedResources(
  text: string,
  reader: ResourceReader,
  opts: { sessionDir: string; signal: AbortSignal },
): Promise<{ blocks: Array<TextBlock | ImageBlock>; notices: string[] }> {
  const mentions = findResourceMentions(text, reader.serverNames());
  const blocks: Array<TextBlock | ImageBlock> = [];
  const notices: string[] = [];
  // One id per prompt: two prompts never write to the same file names.
  const id = `mention-${randomUUID().slice(0, 8)}`;
  let n = 0;
  for (const { server, uri } of mentions) {
    let read: ReadResourceResult;
    try {
      read = await reader.readResource(server, uri, opts.signal);
    } catch (error) {
      notices.push(`@${server}:${uri} was not attached: ${(error as Error).message}`);
      continue;
    }
    const resolved = await resolveResources(
      { content: read.contents.map((resource) => ({ type: 'resource' as const, resource })) },
      { sessionDir: opts.sessionDir, toolUseId: `${id}-${++n}`, signal: opts.signal },
    );
    blocks.push({ type: 'text', text: `[Attached MCP resource @${server}:${uri}]` });
    for (const item of resolved.content) {
      if (item.type === 'text') blocks.push({ type: 'text', text: item.text });
      else if (item.type === 'image') blocks.push({ type: 'image', source: { type: 'base64', media_type: item.mimeType as ImageBlock['source']['media_type'], data: item.data } });
    }
  }
  return { blocks, notices };
}
