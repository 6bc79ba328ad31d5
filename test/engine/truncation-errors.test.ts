// Issue #13, big results of every shape, the error shape included: an MCP tool that reports an error with a huge
// text (or any tool whose failure message is huge) goes through the same truncation as a success: head and tail
// kept, the whole text saved to a file the model is told about.
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { createMcpTool } from '../../src/mcp/mcp-tool';
import type { AnyTool } from '../../src/tools/types';
import { engineRig, type EngineRig } from './boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('a huge MCP error result is cut with head and tail, and saved whole', { timeout: 30_000 }, async () => {
  rig = await engineRig(['--allowedTools', 'mcp__srv__dump'], {
    turns: [{ content: [{ type: 'tool_use', id: 'toolu_err', name: 'mcp__srv__dump', input: {} }] }, { text: 'seen' }],
  }, { interactive: false });
  const text = Array.from({ length: 5000 }, (_, i) => `ERR line ${i}`).join('\n');
  const tool = createMcpTool('srv', { name: 'dump', inputSchema: { type: 'object', properties: {} } }, { callTool: async () => ({ isError: true, content: [{ type: 'text', text }] }) });
  (rig.boot.session as unknown as { opts: { tools: { add(t: AnyTool): void } } }).opts.tools.add(tool);
  await rig.boot.session.send('dump it');
  const result = (rig.server.requests[1]!.body.messages.at(-1).content as Array<{ type: string; content: unknown; is_error?: boolean }>)[0]!;
  expect(result.is_error).toBe(true);
  const sent = String(result.content);
  expect(sent.length).toBeLessThan(32_000);
  expect(sent).toContain('ERR line 0');
  expect(sent).toContain('ERR line 4999');
  const saved = /saved at (\S+):/.exec(sent)?.[1];
  expect(saved).toBeDefined();
  expect(readFileSync(saved!, 'utf8')).toContain('ERR line 2500');
});
