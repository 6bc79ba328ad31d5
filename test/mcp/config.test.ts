// Server configuration: .mcp.json and settings, variable expansion, and errors that name file, server and field.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConfigError, hashServerEntry, loadMcpConfig, resolveServerSource, settingsServerSources } from '../../src/mcp/config';
import { expandVariables } from '../../src/mcp/expand';
import { tempDir } from './helpers';

function project(mcpJson: unknown): string {
  const root = tempDir();
  fs.writeFileSync(path.join(root, '.mcp.json'), typeof mcpJson === 'string' ? mcpJson : JSON.stringify(mcpJson));
  return root;
}

describe('expandVariables', () => {
  it('expands ${VAR} and ${VAR:-default}', () => {
    const env = { HOME: '/h', EMPTY: '' };
    expect(expandVariables('${HOME}/x', env)).toEqual({ value: '/h/x' });
    expect(expandVariables('${NOPE:-fallback}', env)).toEqual({ value: 'fallback' });
    expect(expandVariables('${EMPTY:-used}', env)).toEqual({ value: 'used' });
    expect(expandVariables('${EMPTY}', env)).toEqual({ value: '' });
    expect(expandVariables('${HOME:-unused}', env)).toEqual({ value: '/h' });
    expect(expandVariables('${A}${B}${A}', {})).toEqual({ missing: ['A', 'B'] });
    expect(expandVariables('$HOME and ${not valid}', env)).toEqual({ value: '$HOME and ${not valid}' });
  });
});

describe('loadMcpConfig', () => {
  it('reads stdio, http and sse servers from .mcp.json with expansion everywhere', () => {
    const root = project({
      mcpServers: {
        local: { command: '${BIN_DIR}/server', args: ['--token', '${TOKEN}', '${MODE:-fast}'], env: { KEY: '${TOKEN}' } },
        typed: { type: 'stdio', command: 'node' },
        web: { type: 'http', url: 'https://${HOST:-example.com}/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } },
        old: { type: 'sse', url: 'http://127.0.0.1:1234/sse' },
      },
    });
    const { servers, errors } = loadMcpConfig({ projectRoot: root, env: { BIN_DIR: '/opt/bin', TOKEN: 's3cret' } });
    expect(errors).toEqual([]);
    expect(servers.map((s) => s.name)).toEqual(['local', 'typed', 'web', 'old']);
    expect(servers[0]).toMatchObject({ transport: 'stdio', scope: 'project', command: '/opt/bin/server', args: ['--token', 's3cret', 'fast'], env: { KEY: 's3cret' } });
    expect(servers[0]?.file).toBe(path.join(root, '.mcp.json'));
    expect(servers[1]).toMatchObject({ transport: 'stdio', command: 'node', args: [], env: {} });
    expect(servers[2]).toMatchObject({ transport: 'http', url: 'https://example.com/mcp', headers: { Authorization: 'Bearer s3cret' } });
    expect(servers[3]).toMatchObject({ transport: 'sse', url: 'http://127.0.0.1:1234/sse' });
  });

  it('a missing variable fails only that server, naming file, server and field', () => {
    const root = project({ mcpServers: { good: { command: 'a' }, bad: { command: 'b', env: { TOKEN: '${API_TOKEN}' } } } });
    const { servers, errors } = loadMcpConfig({ projectRoot: root, env: {} });
    expect(servers.map((s) => s.name)).toEqual(['good']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: path.join(root, '.mcp.json'), server: 'bad', field: 'env.TOKEN' });
    const text = formatConfigError(errors[0]!);
    expect(text).toContain('server "bad"');
    expect(text).toContain('field "env.TOKEN"');
    expect(text).toContain('${API_TOKEN}');
  });

  it('reports schema errors per server and field', () => {
    const root = project({
      mcpServers: {
        noType: { url: 'http://x' },
        badType: { type: 'websocket', url: 'ws://x' },
        badArgs: { command: 'x', args: 'not-a-list' },
        badArg: { command: 'x', args: ['ok', 3] },
        noUrl: { type: 'http' },
        ftp: { type: 'http', url: 'ftp://x' },
        empty: { command: '' },
        notObject: 'node server.js',
      },
    });
    const { servers, errors } = loadMcpConfig({ projectRoot: root, env: {} });
    expect(servers).toEqual([]);
    const by = Object.fromEntries(errors.map((e) => [e.server, e]));
    expect(by.noType?.message).toContain('"type": "http"');
    expect(by.badType).toMatchObject({ field: 'type' });
    expect(by.badArgs).toMatchObject({ field: 'args', message: 'expected array' });
    expect(by.badArg).toMatchObject({ field: 'args[1]', message: 'expected string' });
    expect(by.noUrl).toMatchObject({ field: 'url', message: 'is required' });
    expect(by.ftp).toMatchObject({ field: 'url' });
    expect(by.empty).toMatchObject({ field: 'command' });
    expect(by.notObject?.message).toContain('must be an object');
  });

  it('reports broken JSON and a missing mcpServers key', () => {
    expect(loadMcpConfig({ projectRoot: project('{ nope'), env: {} }).errors[0]?.message).toContain('not valid JSON');
    expect(loadMcpConfig({ projectRoot: project({ servers: {} }), env: {} }).errors[0]).toMatchObject({ field: 'mcpServers' });
    expect(loadMcpConfig({ projectRoot: tempDir(), env: {} })).toEqual({ servers: [], errors: [], warnings: [] });
  });

  it('merges settings servers: user < project settings < .mcp.json < local, keeping the scope', () => {
    const root = project({ mcpServers: { shared: { command: 'from-mcp-json' } } });
    const home = tempDir();
    const userFile = path.join(home, 'settings.json');
    fs.writeFileSync(userFile, JSON.stringify({ mcpServers: { shared: { command: 'from-user' }, mine: { command: 'user-only' } } }));
    const localFile = path.join(root, 'settings.local.json');
    fs.writeFileSync(localFile, JSON.stringify({ mcpServers: { over: { command: 'local' } } }));
    const sources = settingsServerSources([
      { path: userFile, level: 'user', loaded: true },
      { path: localFile, level: 'local', loaded: true },
      { path: path.join(root, 'missing.json'), level: 'project', loaded: false },
    ]);
    const { servers, errors } = loadMcpConfig({ projectRoot: root, env: {}, settingsSources: sources });
    expect(errors).toEqual([]);
    const byName = Object.fromEntries(servers.map((s) => [s.name, s]));
    expect(byName.shared).toMatchObject({ scope: 'project', command: 'from-mcp-json' });
    expect(byName.mine).toMatchObject({ scope: 'user', command: 'user-only', file: userFile });
    expect(byName.over).toMatchObject({ scope: 'local' });
  });

  it('rejects server names that would break tool names', () => {
    const { errors } = resolveServerSource({ file: 'f', scope: 'user', servers: { 'a__b': { command: 'x' }, 'with space': { command: 'x' } } }, {});
    expect(errors.map((e) => e.server)).toEqual(['a__b', 'with space']);
  });

  it('hashes entries independently of key order', () => {
    expect(hashServerEntry({ command: 'a', args: ['1'] })).toBe(hashServerEntry({ args: ['1'], command: 'a' }));
    expect(hashServerEntry({ command: 'a', args: ['1'] })).not.toBe(hashServerEntry({ command: 'a', args: ['2'] }));
  });
});
