// The client side of MCP against a real stdio server (test/fixtures/mcp/interactive-server.mjs): forms
// (elicitation), progress, resources and prompts, and resources in tool results saved where the model can Read them.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { McpManager, type ElicitationHandler } from '../../src/mcp/manager';
import type { ToolContext, ToolProgress } from '../../src/tools/types';
import { FIXTURES, findTool, stdioServer, tempDir } from './helpers';

const INTERACTIVE = path.join(FIXTURES, 'interactive-server.mjs');
const managers: McpManager[] = [];
function start(opts: { onElicitation?: ElicitationHandler; env?: Record<string, string> } = {}) {
  const m = new McpManager({
    clientName: 'tandem-test',
    clientVersion: '0.0.0',
    onChange: () => undefined,
    servers: [stdioServer('srv', opts.env ?? {}, process.execPath, [INTERACTIVE])],
    ...(opts.onElicitation ? { onElicitation: opts.onElicitation } : {}),
  });
  managers.push(m);
  m.start();
  return m;
}

function ctx(sessionDir: string, progress: (p: ToolProgress) => void = () => undefined): ToolContext {
  return { signal: new AbortController().signal, sessionDir, toolUseId: 'toolu_01/../x', progress } as unknown as ToolContext;
}

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stopAll()));
});

describe('elicitation', () => {
  it('hands the form to the handler as fields and sends back what it accepts', async () => {
    const seen: Array<{ server: string; message: string; fields: unknown }> = [];
    const m = start({
      onElicitation: async (server, form) => {
        seen.push({ server, ...form });
        return { action: 'accept', content: { name: 'Ada', color: 'green', age: 36 } };
      },
    });
    await m.whenSettled(10_000);
    const result = await findTool(m.tools(), 'mcp__srv__ask').run({}, ctx(tempDir()));
    expect(result.forModel).toBe('form answer: {"action":"accept","content":{"name":"Ada","color":"green","age":36}}');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.server).toBe('srv');
    expect(seen[0]!.message).toBe('Who should the report be sent to?');
    expect(seen[0]!.fields).toEqual([
      { kind: 'text', name: 'name', label: 'Your name', required: true, minLength: 2 },
      { kind: 'number', name: 'age', label: 'Age', required: false, integer: true, minimum: 0, maximum: 150 },
      { kind: 'choice', name: 'color', label: 'Colour', required: true, options: [{ value: 'red', label: 'red' }, { value: 'green', label: 'green' }, { value: 'blue', label: 'blue' }] },
      { kind: 'boolean', name: 'subscribe', label: 'Subscribe', required: false },
    ]);
  });

  it('declines every form when no one can be asked (headless)', async () => {
    const m = start();
    await m.whenSettled(10_000);
    const result = await findTool(m.tools(), 'mcp__srv__ask').run({}, ctx(tempDir()));
    expect(result.forModel).toBe('form answer: {"action":"decline"}');
  });

  it('passes cancel and decline on as they are', async () => {
    const m = start({ onElicitation: async () => ({ action: 'cancel' }) });
    await m.whenSettled(10_000);
    expect((await findTool(m.tools(), 'mcp__srv__ask').run({}, ctx(tempDir()))).forModel).toBe('form answer: {"action":"cancel"}');
  });
});

describe('progress', () => {
  it('sends a progress token and reports each notification to the tool context', async () => {
    const m = start();
    await m.whenSettled(10_000);
    const events: ToolProgress[] = [];
    const result = await findTool(m.tools(), 'mcp__srv__index').run({}, ctx(tempDir(), (p) => events.push(p)));
    expect(String(result.forModel)).toMatch(/^indexed with progress token/);
    expect(events).toEqual([
      { type: 'progress', progress: 1, total: 4, message: 'reading the tree' },
      { type: 'progress', progress: 3, total: 4, message: 'indexing files' },
    ]);
  });
});

describe('resources and prompts', () => {
  it('lists the server resources and prompts, reads one and gets a prompt with arguments', async () => {
    const m = start();
    await m.whenSettled(10_000);
    expect(m.resources().map((r) => r.uri)).toEqual(['memo://greeting', 'memo://report.pdf', 'memo://big', 'memo://shady']);
    expect(m.resources()[0]).toMatchObject({ server: 'srv', name: 'greeting', title: 'A greeting', mimeType: 'text/plain' });
    expect(m.prompts()).toEqual([
      {
        server: 'srv',
        name: 'review',
        description: 'Asks for a review of one file.',
        arguments: [
          { name: 'file', required: true, description: 'the file to review' },
          { name: 'focus', required: false, description: 'what to look at' },
        ],
      },
    ]);
    const read = await m.readResource('srv', 'memo://greeting');
    expect(read.contents).toEqual([{ uri: 'memo://greeting', mimeType: 'text/plain', text: 'hello from a resource' }]);
    const prompt = await m.getPrompt('srv', 'review', { file: 'a.ts', focus: 'naming' });
    expect(prompt.messages[0]!.content).toEqual({ type: 'text', text: 'Please review a.ts with a focus on naming.' });
  });
});

describe('resources in tool results', () => {
  it('reads links from the server, saves binaries under tool-output with names of its own, keeps images and short text', async () => {
    const m = start();
    await m.whenSettled(10_000);
    const sessionDir = tempDir();
    const result = await findTool(m.tools(), 'mcp__srv__links').run({}, ctx(sessionDir));
    const blocks = result.forModel as Array<{ type: string; text?: string }>;
    expect(blocks.filter((b) => b.type === 'image')).toHaveLength(1);
    const text = blocks.filter((b) => b.type === 'text').map((b) => b.text).join('\n');
    expect(text).toContain('Linked resource <memo://greeting> (text/plain):\nhello from a resource');
    expect(text).toContain('Resource <memo://short> (text/plain):\nshort embedded text');
    expect(text).toMatch(/could not be read from the server/);

    const outDir = path.join(sessionDir, 'tool-output');
    const saved = fs.readdirSync(outDir).sort();
    // The call id is made safe, the extension comes from the MIME type: nothing of the server's names or URIs.
    expect(saved).toEqual(['toolu_01____x-resource-1.pdf', 'toolu_01____x-resource-2.bin']);
    expect(fs.readFileSync(path.join(outDir, saved[0]!)).subarray(0, 4).toString()).toBe('%PDF');
    expect(fs.readFileSync(path.join(outDir, saved[1]!), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(text).toContain(`saved at ${path.join(outDir, saved[0]!)}] (use Read on that path`);
    // Nothing was written outside the session folder.
    expect(fs.readdirSync(sessionDir)).toEqual(['tool-output']);
  });
});
