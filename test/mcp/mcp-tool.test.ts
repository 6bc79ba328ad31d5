// Tool naming, result conversion and input checks, without a server.
import { describe, expect, it } from 'vitest';
import { convertCallResult, createMcpTool, mcpToolName } from '../../src/mcp/mcp-tool';
import { ToolError } from '../../src/tools/types';
import { validateToolInput } from '../../src/tools/validate-input';
import { effectiveToolNames } from '../../src/agents/tools';
import { toolContext } from './helpers';

describe('mcp tool names', () => {
  it('prefixes and normalises', () => {
    expect(mcpToolName('context7', 'resolve-library-id')).toBe('mcp__context7__resolve-library-id');
    expect(mcpToolName('my.server', 'do thing/now')).toBe('mcp__my_server__do_thing_now');
    expect(mcpToolName('s', 'x'.repeat(100))).toHaveLength(64);
  });

  it('agent wildcards select a server’s tools', () => {
    const all = ['Read', mcpToolName('fixture', 'echo'), mcpToolName('fixture', 'add'), mcpToolName('other', 'echo')];
    expect(effectiveToolNames({ tools: ['mcp__fixture__echo'], disallowedTools: [] }, all)).toEqual(['mcp__fixture__echo']);
    expect(effectiveToolNames({ tools: ['mcp__fixture'], disallowedTools: [] }, all)).toEqual(['mcp__fixture__echo', 'mcp__fixture__add']);
    expect(effectiveToolNames({ tools: ['mcp__fixture__*'], disallowedTools: ['mcp__fixture__add'] }, all)).toEqual(['mcp__fixture__echo']);
  });
});

describe('convertCallResult', () => {
  it('passes text on as a string', () => {
    const r = convertCallResult('s', 't', { content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] });
    expect(r.forModel).toBe('a\nb');
    expect(r.summary).toBe('a');
  });

  it('names resource links and embedded resources by uri', () => {
    const r = convertCallResult('s', 't', {
      content: [
        { type: 'resource_link', uri: 'file:///tmp/notes.txt', name: 'notes.txt', mimeType: 'text/plain' },
        { type: 'resource', resource: { uri: 'memo://one', text: 'embedded body' } },
        { type: 'resource', resource: { uri: 'memo://bin', blob: 'AAAA', mimeType: 'application/octet-stream' } },
      ],
    });
    expect(r.forModel).toContain('Resource link: notes.txt <file:///tmp/notes.txt> (text/plain)');
    expect(r.forModel).toContain('Resource <memo://one>:\nembedded body');
    expect(r.forModel).toContain('<memo://bin> (application/octet-stream): binary content not shown');
  });

  it('uses structuredContent when there is no text', () => {
    expect(convertCallResult('s', 't', { content: [], structuredContent: { answer: 42 } }).forModel).toBe('{\n  "answer": 42\n}');
    expect(convertCallResult('s', 't', { content: [{ type: 'text', text: 'x' }], structuredContent: { answer: 42 } }).forModel).toBe('x');
  });

  it('keeps images as image blocks and explains unsupported media', () => {
    const r = convertCallResult('s', 't', {
      content: [
        { type: 'image', data: 'AAA', mimeType: 'image/jpeg' },
        { type: 'image', data: 'AAA', mimeType: 'image/bmp' },
      ],
    });
    expect(r.forModel).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAA' } },
      { type: 'text', text: expect.stringContaining('image/bmp') },
    ]);
  });

  it('throws a ToolError for isError, with the text or a fallback', () => {
    expect(() => convertCallResult('s', 't', { content: [{ type: 'text', text: 'bad input' }], isError: true })).toThrow(new ToolError('bad input'));
    expect(() => convertCallResult('srv', 'tool', { content: [], isError: true })).toThrow(/tool of server "srv" reported an error/);
  });
});

describe('createMcpTool', () => {
  const info = {
    name: 'search',
    description: 'Searches things.',
    inputSchema: { type: 'object' as const, properties: { q: { type: 'string' }, limit: { type: ['integer', 'null'] }, deep: { type: 'object' } }, required: ['q'] },
    annotations: { readOnlyHint: true },
  };

  it('checks required fields and basic types, and passes unknown fields through', () => {
    const tool = createMcpTool('s', info, { callTool: async () => ({ content: [] }) });
    expect(validateToolInput(tool, { q: 'x', limit: null, other: 1 })).toEqual({ ok: true, value: { q: 'x', limit: null, other: 1 } });
    const bad = validateToolInput(tool, { limit: 1.5, deep: [] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.message).toContain("missing required field 'q'");
      expect(bad.message).toContain('limit: expected an integer or null, got number 1.5');
      expect(bad.message).toContain('deep: expected an object, got an array');
    }
    expect(validateToolInput(tool, 'text').ok).toBe(false);
  });

  it('calls through its target with the signal and converts the answer', async () => {
    let seen: unknown;
    const controller = new AbortController();
    const tool = createMcpTool('s', info, {
      callTool: async (name, args, signal) => {
        seen = { name, args, aborted: signal === controller.signal };
        return { content: [{ type: 'text', text: 'found' }] };
      },
    });
    expect(tool.name).toBe('mcp__s__search');
    expect(tool.jsonSchema).toEqual(info.inputSchema);
    expect(tool.description).toBe('(MCP server "s") Searches things.');
    const result = await tool.run({ q: 'x' }, toolContext(controller.signal));
    expect(result.forModel).toBe('found');
    expect(seen).toEqual({ name: 'search', args: { q: 'x' }, aborted: true });
  });
});
