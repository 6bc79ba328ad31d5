// Every shape of tool result goes through the one truncation: MCP text + images, embedded resources, resource
// links; an image over the API's size limit is saved to a file and replaced by a note the model can act on.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpTool } from '../../src/mcp/mcp-tool';
import type { AnyTool } from '../../src/tools/types';
import { MAX_IMAGE_BASE64_CHARS, truncateToolContent } from '../../src/tools/truncate';
import { engineRig, type EngineRig } from './boot';
import { makeTestTempDir } from '../support/temp-dirs';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const lines = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag} line ${i}`).join('\n');

async function runMcp(result: CallToolResult) {
  rig = await engineRig(['--allowedTools', 'mcp__srv__dump'], {
    turns: [{ content: [{ type: 'tool_use', id: 'toolu_mcp', name: 'mcp__srv__dump', input: {} }] }, { text: 'seen' }],
  }, { interactive: false });
  const tool = createMcpTool('srv', { name: 'dump', inputSchema: { type: 'object', properties: {} } }, { callTool: async () => result });
  (rig.boot.session as unknown as { opts: { tools: { add(t: AnyTool): void } } }).opts.tools.add(tool);
  await rig.boot.session.send('dump it');
  const results = rig.server.requests[1]!.body.messages.at(-1).content as Array<{ type: string; tool_use_id: string; content: unknown }>;
  return results[0]!;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return (content as Array<{ type: string; text?: string }>).filter((b) => b.type === 'text').map((b) => b.text).join('\n');
}

describe('truncation of every result shape', () => {
  it('MCP text plus an image: the text is cut with head and tail, the image kept, the full text saved', async () => {
    const result = await runMcp({
      content: [
        { type: 'text', text: lines('HEAD', 2000) },
        { type: 'image', data: PNG_1PX, mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'file:///big.log', mimeType: 'text/plain', text: lines('RES', 2000) } },
        { type: 'resource_link', uri: 'file:///other', name: 'other' },
        { type: 'text', text: 'THE-VERY-END' },
      ],
    });
    const text = textOf(result.content);
    expect(text.length).toBeLessThan(32_000);
    expect(text).toContain('HEAD line 0');
    expect(text).toContain('THE-VERY-END');
    const saved = /saved at (\S+):/.exec(text)?.[1];
    expect(saved).toBeDefined();
    const full = readFileSync(saved!, 'utf8');
    expect(full).toContain('HEAD line 1999');
    expect(full).toContain('RES line 1999');
    expect(full).toContain('file:///other');
    expect((result.content as Array<{ type: string }>).filter((b) => b.type === 'image')).toHaveLength(1);
  });

  it('an image over the API limit is replaced by a note and saved to a file', async () => {
    const big = Buffer.alloc(Math.ceil((MAX_IMAGE_BASE64_CHARS / 4) * 3) + 3000, 7).toString('base64');
    const result = await runMcp({ content: [{ type: 'text', text: 'a screenshot:' }, { type: 'image', data: big, mimeType: 'image/png' }] });
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
    const text = textOf(result.content);
    expect(text).toMatch(/image \(image\/png, 5\.0 MB as base64\) was left out/);
    const saved = /saved at (\S+)\./.exec(text)?.[1];
    expect(saved && existsSync(saved)).toBe(true);
    expect(readFileSync(saved!).toString('base64')).toBe(big);
  });

  it('a binary resource is saved, not dropped', async () => {
    const result = await runMcp({ content: [{ type: 'resource', resource: { uri: 'file:///x.bin', mimeType: 'application/octet-stream', blob: Buffer.from('BINARY-PAYLOAD').toString('base64') } }] });
    const text = textOf(result.content);
    const saved = /saved at (\S+)\]/.exec(text)?.[1];
    expect(readFileSync(saved!, 'utf8')).toBe('BINARY-PAYLOAD');
  });

  it('text blocks alone are cut as one text', async () => {
    const out = await truncateToolContent([{ type: 'text', text: 'x'.repeat(20_000) }, { type: 'text', text: 'y'.repeat(20_000) }], { sessionDir: makeTestTempDir('tandem-trunc-'), toolUseId: 't' });
    expect(typeof out === 'string' ? out.length : JSON.stringify(out).length).toBeLessThan(31_000);
    expect(JSON.stringify(out)).toContain('saved at');
    expect(JSON.stringify(out)).toContain('yyyy');
  });
});
