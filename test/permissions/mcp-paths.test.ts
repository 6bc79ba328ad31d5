// Read (and Edit) rules hold for MCP tools whose arguments are file paths: by property name, by `format: "path"`,
// and for file: URLs anywhere at the top level. Edit rules apply only to tools not marked read-only.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RulePolicy } from '../../src/permissions/policy';
import { createMcpTool, type McpToolInfo } from '../../src/mcp/mcp-tool';
import { mcpPathArguments } from '../../src/mcp/input-check';
import type { PermissionQuery } from '../../src/permissions/types';
import { makeContext } from '../tools/other/context';
import { makeTestTempDir } from '../support/temp-dirs';

const proj = makeTestTempDir('tandem-mcp-paths-');
fs.writeFileSync(path.join(proj, '.env'), 'TOKEN=1');
fs.mkdirSync(path.join(proj, 'src'));
fs.symlinkSync('.env', path.join(proj, 'harmless-name'));
afterAll(() => fs.rmSync(proj, { recursive: true, force: true }));

function tool(name: string, properties: Record<string, object>, readOnly: boolean) {
  const info: McpToolInfo = { name, inputSchema: { type: 'object', properties }, annotations: { readOnlyHint: readOnly } };
  return createMcpTool('fs', info, { callTool: async () => ({ content: [] }) });
}

async function decide(rules: Array<[string, 'allow' | 'deny' | 'ask']>, t: ReturnType<typeof tool>, input: Record<string, unknown>) {
  const policy = new RulePolicy({ rules: rules.map(([rule, behavior]) => ({ rule, behavior, source: 'test' })) });
  const preview = await t.preview(input, makeContext(proj));
  const q: PermissionQuery = { toolName: t.name, input, preview, agentName: 'main', mode: 'default', cwd: proj, projectRoot: proj, toolKind: 'mcp' };
  return policy.decide(q).behavior;
}

const readFile = tool('read_file', { path: { type: 'string' } }, true);
const readMany = tool('read_multiple_files', { paths: { type: 'array', items: { type: 'string' } } }, true);
const byFormat = tool('open', { target: { type: 'string', format: 'path' } }, true);
const byUri = tool('fetch_resource', { uri: { type: 'string', format: 'uri' } }, true);
const writeFile = tool('write_file', { file_path: { type: 'string' }, content: { type: 'string' } }, false);

describe('MCP path arguments', () => {
  it('are found by name, by format and as file: URLs; other strings are not paths', () => {
    const schema = { properties: { target: { type: 'string', format: 'path' }, note: { type: 'string' } } };
    expect(mcpPathArguments(schema, { target: 'a', note: 'b', File_Path: 'c', uri: 'file:///etc/passwd', url: 'https://x' })).toEqual(['a', 'c', '/etc/passwd']);
    expect(mcpPathArguments({}, { paths: ['x', 'y', 3] })).toEqual(['x', 'y']);
    expect(mcpPathArguments({}, { source: 'line one\nline two' })).toEqual([]);
  });

  it('a Read deny rule holds for a read-only MCP tool, even when an allow rule covers the server', async () => {
    expect(await decide([['Read(.env)', 'deny'], ['mcp__fs', 'allow']], readFile, { path: '.env' })).toBe('deny');
    expect(await decide([['Read(.env)', 'deny'], ['mcp__fs', 'allow']], readFile, { path: 'src/a.ts' })).toBe('allow');
  });

  it('through a symlink, in an array, by format, and as a file: URL', async () => {
    const deny: Array<[string, 'deny']> = [['Read(.env)', 'deny']];
    expect(await decide(deny, readFile, { path: 'harmless-name' })).toBe('deny');
    expect(await decide(deny, readMany, { paths: ['src/a.ts', '.env'] })).toBe('deny');
    expect(await decide(deny, byFormat, { target: `${proj}/.env` })).toBe('deny');
    expect(await decide(deny, byUri, { uri: `file://${proj}/.env` })).toBe('deny');
    expect(await decide(deny, byUri, { uri: `file://${proj}/%2Eenv` })).toBe('deny');
  });

  it('an ask rule asks', async () => {
    expect(await decide([['Read(.env)', 'ask'], ['mcp__fs', 'allow']], readFile, { path: '.env' })).toBe('ask');
  });

  it('Edit rules hold for tools that may write, not for read-only ones', async () => {
    expect(await decide([['Edit(src/**)', 'deny'], ['mcp__fs', 'allow']], writeFile, { file_path: 'src/a.ts', content: 'x' })).toBe('deny');
    expect(await decide([['Edit(src/**)', 'deny'], ['mcp__fs', 'allow']], readFile, { path: 'src/a.ts' })).toBe('allow');
    expect(await decide([['Read(.env)', 'deny'], ['mcp__fs', 'allow']], writeFile, { file_path: '.env', content: 'x' })).toBe('deny');
  });
});
