// A server's prompts as slash commands, `/mcp__server__prompt args`, in the shell and in `tandem -p`. Arguments are
// given in the order the prompt declares them (quotes group words) or by name (`focus=naming`); words past the
// last argument join it. The prompt's messages become the text sent, with embedded resources and images attached.
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import type { ImageBlock } from '../model/types';
import { normaliseMcpName } from './mcp-tool';
import { IMAGE_TYPES } from './resource-content';
import type { McpPromptInfo } from './server-catalog';

export function promptCommandName(server: string, prompt: string): string {
  return `mcp__${normaliseMcpName(server)}__${normaliseMcpName(prompt)}`;
}

/** How /help and completion show the arguments: `<file> [focus]`. */
export function promptArgumentHint(p: McpPromptInfo): string {
  return p.arguments.map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`)).join(' ');
}

/** Splits at spaces, keeping "double" or 'single' quoted parts together (quotes removed). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

export type PromptArgs = { ok: true; values: Record<string, string> } | { ok: false; error: string };

export function bindPromptArgs(p: McpPromptInfo, text: string): PromptArgs {
  const declared = p.arguments;
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (const word of splitWords(text.trim())) {
    const eq = word.indexOf('=');
    const name = eq > 0 ? word.slice(0, eq) : '';
    if (name && declared.some((a) => a.name === name)) values[name] = word.slice(eq + 1);
    else positional.push(word);
  }
  const open = declared.filter((a) => values[a.name] === undefined);
  open.forEach((a, i) => {
    if (i >= positional.length) return;
    // The last open argument takes every remaining word (a free-text argument needs no quotes).
    values[a.name] = i === open.length - 1 ? positional.slice(i).join(' ') : positional[i]!;
  });
  if (declared.length === 0 && positional.length > 0) return { ok: false, error: `/${promptCommandName(p.server, p.name)} takes no arguments` };
  const missing = declared.filter((a) => a.required && (values[a.name] === undefined || values[a.name] === ''));
  if (missing.length > 0) {
    return {
      ok: false,
      error: `/${promptCommandName(p.server, p.name)} needs ${missing.map((a) => a.name).join(', ')}; usage: /${promptCommandName(p.server, p.name)} ${promptArgumentHint(p)}`,
    };
  }
  return { ok: true, values };
}

/** The prompt's messages as one user turn: text parts in order (the assistant's marked as such), images attached. */
export function promptToTurn(server: string, result: GetPromptResult): { text: string; images: ImageBlock[] } {
  const parts: string[] = [];
  const images: ImageBlock[] = [];
  for (const message of result.messages) {
    const c = message.content;
    const said = (text: string) => parts.push(message.role === 'assistant' ? `[assistant, from the prompt of MCP server "${server}"]\n${text}` : text);
    switch (c.type) {
      case 'text':
        said(c.text);
        break;
      case 'image':
        if (IMAGE_TYPES.has(c.mimeType)) images.push({ type: 'image', source: { type: 'base64', media_type: c.mimeType as ImageBlock['source']['media_type'], data: c.data } });
        else said(`[image of type ${c.mimeType} left out: only PNG, JPEG, GIF and WebP can be sent]`);
        break;
      case 'audio':
        said(`[audio of type ${c.mimeType} left out: audio cannot be sent]`);
        break;
      case 'resource': {
        const r = c.resource;
        if ('text' in r && typeof r.text === 'string') said(`Resource <${r.uri}>${r.mimeType ? ` (${r.mimeType})` : ''}:\n${r.text}`);
        else if ('blob' in r && r.mimeType && IMAGE_TYPES.has(r.mimeType)) images.push({ type: 'image', source: { type: 'base64', media_type: r.mimeType as ImageBlock['source']['media_type'], data: r.blob } });
        else said(`[binary resource <${r.uri}> left out]`);
        break;
      }
      case 'resource_link':
        said(`Resource link: ${c.name} <${c.uri}>`);
        break;
      default:
        said(`[content of type ${(c as { type: string }).type} left out]`);
    }
  }
  return { text: parts.join('\n\n'), images };
}

/** Finds the prompt a command name stands for among the connected servers' prompts. */
export function findPromptCommand(prompts: McpPromptInfo[], name: string): McpPromptInfo | undefined {
  return prompts.find((p) => promptCommandName(p.server, p.name) === name);
}

export interface PromptSource {
  prompts(): McpPromptInfo[];
  getPrompt(server: string, name: string, args: Record<string, string>, signal?: AbortSignal): Promise<GetPromptResult>;
}

/** Runs `/mcp__server__prompt args`: the text and images to send, or an error that says what to type. */
export async function expandPromptCommand(source: PromptSource, name: string, argsText: string): Promise<{ text: string; images: ImageBlock[] } | { error: string }> {
  const prompt = findPromptCommand(source.prompts(), name);
  if (!prompt) {
    const known = source.prompts().map((p) => `/${promptCommandName(p.server, p.name)}`);
    return { error: `no MCP prompt /${name}${known.length ? `; available: ${known.join(', ')}` : ' (no connected server offers prompts; see /mcp)'}` };
  }
  const bound = bindPromptArgs(prompt, argsText);
  if (!bound.ok) return { error: bound.error };
  try {
    const turn = promptToTurn(prompt.server, await source.getPrompt(prompt.server, prompt.name, bound.values));
    if (!turn.text.trim() && turn.images.length === 0) return { error: `MCP prompt /${name} came back empty` };
    return turn;
  } catch (error) {
    return { error: `MCP server "${prompt.server}" could not give prompt ${prompt.name}: ${(error as Error).message}` };
  }
}
