// A connected server's resources and prompts, listed once when it connects (and again when it says its list
// changed), so the input's completion and the slash command list never wait for a server.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

export interface McpResourceInfo {
  server: string;
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface McpPromptArgument {
  name: string;
  description?: string;
  required: boolean;
}

export interface McpPromptInfo {
  server: string;
  name: string;
  title?: string;
  description?: string;
  arguments: McpPromptArgument[];
}

/** Servers with thousands of entries are cut here: completion lists and /help stay usable. */
const MAX_ENTRIES = 1000;

export async function listResources(server: string, client: Client, timeout: number): Promise<McpResourceInfo[]> {
  if (!client.getServerCapabilities()?.resources) return [];
  const out: McpResourceInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listResources(cursor ? { cursor } : undefined, { timeout });
    for (const r of page.resources) {
      out.push({
        server,
        uri: r.uri,
        name: r.name,
        ...(r.title ? { title: r.title } : {}),
        ...(r.description ? { description: r.description } : {}),
        ...(r.mimeType ? { mimeType: r.mimeType } : {}),
      });
    }
    cursor = page.nextCursor;
  } while (cursor && out.length < MAX_ENTRIES);
  return out.slice(0, MAX_ENTRIES);
}

export async function listPrompts(server: string, client: Client, timeout: number): Promise<McpPromptInfo[]> {
  if (!client.getServerCapabilities()?.prompts) return [];
  const out: McpPromptInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listPrompts(cursor ? { cursor } : undefined, { timeout });
    for (const p of page.prompts) {
      out.push({
        server,
        name: p.name,
        ...(p.title ? { title: p.title } : {}),
        ...(p.description ? { description: p.description } : {}),
        arguments: (p.arguments ?? []).map((a) => ({ name: a.name, required: a.required === true, ...(a.description ? { description: a.description } : {}) })),
      });
    }
    cursor = page.nextCursor;
  } while (cursor && out.length < MAX_ENTRIES);
  return out.slice(0, MAX_ENTRIES);
}
