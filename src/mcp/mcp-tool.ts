// One tool of an MCP server as a tandem tool: `mcp__<server>__<tool>`, the server's own JSON Schema sent to the
// model, and its results turned into text and image blocks.
import type { CallToolResult, ReadResourceResult, Tool as McpToolInfo } from '@modelcontextprotocol/sdk/types.js';
import type { ImageBlock, TextBlock } from '../model/types';
import { ToolError, type AnyTool, type ToolProgress, type ToolResult } from '../tools/types';
import { IMAGE_TYPES, resolveResources } from './resource-content';
import { inputSchemaFromJsonSchema, mcpPathArguments } from './input-check';
import { resolveToolPath } from '../tools/paths';

export type { McpToolInfo };

/** How a tool reaches its server; the manager implements it so a restarted server is found again. */
export interface McpCallTarget {
  callTool(toolName: string, args: Record<string, unknown>, signal: AbortSignal, onProgress?: (progress: ToolProgress) => void): Promise<CallToolResult>;
  /** Reads a resource the tool's result links to, from the same server. */
  readResource?(uri: string, signal: AbortSignal): Promise<ReadResourceResult>;
}

/** The model's tool names allow only these characters (and at most 64 of them). */
export function normaliseMcpName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function mcpToolName(server: string, tool: string): string {
  return `mcp__${normaliseMcpName(server)}__${normaliseMcpName(tool)}`.slice(0, 64);
}

export function serverDownError(server: string, reason?: string): ToolError {
  return new ToolError(
    `The MCP server "${server}" is not connected${reason ? ` (${reason})` : ''}, so its tools cannot run now. ` +
      `Do not retry this tool; carry on without it or ask the user to restart the server with /mcp.`,
  );
}

const MAX_DESCRIPTION = 2000;
const MAX_PREVIEW_ARGS = 400;

function compactJson(value: unknown, max: number): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** MCP content blocks to what the model accepts: text and base64 images; everything else becomes a text line. */
export function convertCallResult(server: string, tool: string, result: CallToolResult): ToolResult {
  const blocks: Array<TextBlock | ImageBlock> = [];
  const text = (t: string) => blocks.push({ type: 'text', text: t });
  const legacy = (result as { toolResult?: unknown }).toolResult;
  if (legacy !== undefined && !Array.isArray(result.content)) text(typeof legacy === 'string' ? legacy : JSON.stringify(legacy, null, 2));
  for (const item of result.content ?? []) {
    switch (item.type) {
      case 'text':
        text(item.text);
        break;
      case 'image':
        if (IMAGE_TYPES.has(item.mimeType)) {
          blocks.push({ type: 'image', source: { type: 'base64', media_type: item.mimeType as ImageBlock['source']['media_type'], data: item.data } });
        } else text(`[image of type ${item.mimeType} not shown: only PNG, JPEG, GIF and WebP can be passed on]`);
        break;
      case 'audio':
        text(`[audio of type ${item.mimeType} not shown: audio cannot be passed on]`);
        break;
      case 'resource_link':
        text(`Resource link: ${item.name ? `${item.name} ` : ''}<${item.uri}>${item.mimeType ? ` (${item.mimeType})` : ''}${item.description ? ` - ${item.description}` : ''}`);
        break;
      case 'resource': {
        const r = item.resource;
        if ('text' in r && typeof r.text === 'string') text(`Resource <${r.uri}>${r.mimeType ? ` (${r.mimeType})` : ''}:\n${r.text}`);
        else if ('blob' in r && typeof r.blob === 'string' && r.mimeType && IMAGE_TYPES.has(r.mimeType)) {
          // An embedded image is passed on as an image (the central truncation checks its size).
          text(`Resource <${r.uri}> (${r.mimeType}):`);
          blocks.push({ type: 'image', source: { type: 'base64', media_type: r.mimeType as ImageBlock['source']['media_type'], data: r.blob } });
        } else text(`Resource <${r.uri}>${r.mimeType ? ` (${r.mimeType})` : ''}: binary content not shown`);
        break;
      }
      default:
        text(`[content of type ${(item as { type: string }).type} not shown]`);
    }
  }
  const hasText = blocks.some((b) => b.type === 'text');
  if (!hasText && result.structuredContent !== undefined) text(JSON.stringify(result.structuredContent, null, 2));

  const joined = blocks.filter((b): b is TextBlock => b.type === 'text').map((b) => b.text).join('\n');
  if (result.isError) throw new ToolError(joined.trim() || `The MCP tool ${tool} of server "${server}" reported an error without a message.`);

  const images = blocks.length - blocks.filter((b) => b.type === 'text').length;
  const firstLine = joined.split('\n').find((l) => l.trim() !== '') ?? '';
  const summary = [firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine, images ? `${images} image${images > 1 ? 's' : ''}` : '']
    .filter(Boolean)
    .join(', ') || 'no output';
  const forModel = images === 0 ? joined : blocks;
  return { forModel, summary, display: joined, details: { server, tool, structuredContent: result.structuredContent } };
}

export function createMcpTool(server: string, info: McpToolInfo, target: McpCallTarget): AnyTool {
  const jsonSchema = { ...(info.inputSchema as Record<string, unknown>) };
  if (jsonSchema.type === undefined) jsonSchema.type = 'object';
  const rawDescription = info.description?.trim() || info.title || info.annotations?.title || `The ${info.name} tool.`;
  const description = `(MCP server "${server}") ${rawDescription}`.slice(0, MAX_DESCRIPTION);
  const readOnly = info.annotations?.readOnlyHint === true;
  return {
    name: mcpToolName(server, info.name),
    description,
    inputSchema: inputSchemaFromJsonSchema(jsonSchema),
    jsonSchema,
    kind: 'mcp',
    isReadOnly: () => readOnly,
    async preview(input: Record<string, unknown>, ctx) {
      // Path arguments go to the policy, which checks them against Read rules (and Edit rules unless read-only).
      const paths = mcpPathArguments(jsonSchema, input ?? {}).map((p) => resolveToolPath(p, ctx));
      const title = `MCP ${server}: ${info.name}`;
      const detail = compactJson(input ?? {}, MAX_PREVIEW_ARGS);
      if (paths.length === 0) return { kind: 'info', title, detail };
      return { kind: 'info', title, detail, paths, pathAccess: readOnly ? 'read' : 'write' };
    },
    async run(input: Record<string, unknown>, ctx) {
      const result = await target.callTool(info.name, input ?? {}, ctx.signal, (p) => ctx.progress(p));
      const resolved = await resolveResources(result, {
        sessionDir: ctx.sessionDir,
        toolUseId: ctx.toolUseId ?? 'mcp',
        signal: ctx.signal,
        ...(target.readResource ? { readResource: (uri: string, signal: AbortSignal) => target.readResource!(uri, signal) } : {}),
      });
      return convertCallResult(server, info.name, resolved);
    },
  };
}
