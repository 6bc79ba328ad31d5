// `tandem mcp add | get | remove`: where each scope writes, what is refused, and that nothing is lost.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMcpCommand } from '../../src/mcp/cli';
import { prepareMcp } from '../../src/mcp/setup';
import { tempDir } from './helpers';

function setup() {
  const root = tempDir();
  fs.mkdirSync(path.join(root, '.git'));
  const home = tempDir();
  const tandemHome = path.join(home, '.tandem');
  fs.mkdirSync(tandemHome);
  const env = { HOME: home, TANDEM_HOME: tandemHome, PATH: process.env.PATH };
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), cwd: root, env };
  const run = async (...argv: string[]) => {
    out.length = 0;
    err.length = 0;
    const code = await runMcpCommand(argv, io);
    return { code, out: out.join(''), err: err.join('') };
  };
  const state = () => prepareMcp({ projectRoot: root, tandemHome, homeDir: home, cwd: root, env });
  const json = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;
  return { root, home, tandemHome, run, state, json };
}

describe('tandem mcp add', () => {
  it('local (default) writes .tandem/settings.local.json, keeping its other keys; the server starts without approval', async () => {
    const { root, run, state, json } = setup();
    const local = path.join(root, '.tandem', 'settings.local.json');
    fs.mkdirSync(path.dirname(local));
    fs.writeFileSync(local, JSON.stringify({ permissions: { allow: ['Bash(npm test)'] } }));
    const r = await run('add', 'files', '--env', 'ROOT=/data', '-e', 'TOKEN=${FILES_TOKEN}', '--', 'npx', '-y', 'files-server', '--read-only');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain(local);
    expect(json(local)).toEqual({
      permissions: { allow: ['Bash(npm test)'] },
      mcpServers: { files: { command: 'npx', args: ['-y', 'files-server', '--read-only'], env: { ROOT: '/data', TOKEN: '${FILES_TOKEN}' } } },
    });
    expect(state().ready.map((s) => [s.name, s.scope])).toEqual([]); // TOKEN is unset here: a per-server error
    expect(state().errors[0]?.server).toBe('files');
  });

  it('project writes .mcp.json and says it needs approval; user writes $TANDEM_HOME/settings.json; http with headers', async () => {
    const { root, tandemHome, run, state, json } = setup();
    expect((await run('add', 'shared', '--scope', 'project', '--', 'node', 'srv.js')).out).toContain('tandem mcp approve shared');
    expect(json(path.join(root, '.mcp.json'))).toEqual({ mcpServers: { shared: { command: 'node', args: ['srv.js'] } } });
    expect((await run('add', 'docs', '--scope', 'user', '--transport', 'http', '--header', 'Authorization: Bearer ${DOCS_KEY:-none}', 'https://docs.example.com/mcp')).code).toBe(0);
    expect(json(path.join(tandemHome, 'settings.json')).mcpServers).toEqual({ docs: { type: 'http', url: 'https://docs.example.com/mcp', headers: { Authorization: 'Bearer ${DOCS_KEY:-none}' } } });
    const s = state();
    expect(s.awaiting.map((x) => x.name)).toEqual(['shared']);
    expect(s.ready.map((x) => x.name)).toEqual(['docs']);
    const got = await run('get', 'docs');
    expect(got.out).toContain('scope: user');
    expect(got.out).toContain('url: https://docs.example.com/mcp');
    expect(got.out).toContain('headers: Authorization');
    expect(got.out).not.toContain('Bearer');
  });

  it('refuses what would break or lose something, writing nothing', async () => {
    const { root, run } = setup();
    expect((await run('add', 'x')).err).toContain('give the command to run');
    expect((await run('add', 'bad__name', '--', 'node')).err).toContain('server names');
    expect((await run('add', 'w', '--transport', 'http', 'ftp://host')).err).toContain('http://');
    expect((await run('add', 'w', '--transport', 'websocket', 'ws://x')).code).toBe(2);
    expect((await run('add', 'w', '--scope', 'global', '--', 'node')).code).toBe(2);
    expect((await run('add', 'w', '--header', 'X: y', '--', 'node')).err).toContain('--header is for http');
    expect(fs.existsSync(path.join(root, '.tandem'))).toBe(false);
    expect(fs.existsSync(path.join(root, '.mcp.json'))).toBe(false);
    // A file tandem cannot read back exactly is never overwritten.
    fs.writeFileSync(path.join(root, '.mcp.json'), '{ "mcpServers": { // a comment\n } }');
    const broken = await run('add', 'y', '--scope', 'project', '--', 'node');
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('not valid JSON');
    expect(fs.readFileSync(path.join(root, '.mcp.json'), 'utf8')).toContain('// a comment');
    // Same name twice in one scope: remove first.
    await run('add', 'dup', '--', 'node');
    expect((await run('add', 'dup', '--', 'other')).err).toContain('remove it first');
  });

  it('options after the command belong to the command; streamable-http is http', async () => {
    const { root, run, json } = setup();
    await run('add', 'py', 'uvx', 'some-server', '--env', 'not-ours');
    await run('add', 'h', '-t', 'streamable-http', 'http://127.0.0.1:9/mcp');
    const servers = json(path.join(root, '.tandem', 'settings.local.json')).mcpServers;
    expect(servers.py).toEqual({ command: 'uvx', args: ['some-server', '--env', 'not-ours'] });
    expect(servers.h).toEqual({ type: 'http', url: 'http://127.0.0.1:9/mcp' });
  });
});

describe('tandem mcp remove and get', () => {
  it('removes from the one scope that has it, asks for --scope when two do, never touches ~/.claude.json', async () => {
    const { root, home, run, json } = setup();
    await run('add', 'a', '--', 'node');
    await run('add', 'a', '--scope', 'project', '--', 'node');
    const both = await run('remove', 'a');
    expect(both.code).toBe(1);
    expect(both.err).toContain('--scope');
    expect((await run('remove', 'a', '--scope', 'project')).code).toBe(0);
    expect(json(path.join(root, '.mcp.json')).mcpServers).toEqual({});
    expect((await run('remove', 'a')).code).toBe(0);
    expect(json(path.join(root, '.tandem', 'settings.local.json')).mcpServers).toEqual({});
    const claudeJson = path.join(home, '.claude.json');
    const before = JSON.stringify({ mcpServers: { theirs: { command: 'x' } }, numStartups: 3 });
    fs.writeFileSync(claudeJson, before);
    const r = await run('remove', 'theirs');
    expect(r.code).toBe(1);
    expect(r.err).toContain('never writes');
    expect(fs.readFileSync(claudeJson, 'utf8')).toBe(before);
    const got = await run('get', 'theirs');
    expect(got.out).toContain(`from: ${claudeJson}`);
    expect((await run('get', 'nope')).code).toBe(1);
  });

  it('list shows a disabled server as disabled', async () => {
    const { root, run } = setup();
    fs.writeFileSync(path.join(root, '.mcp.json'), JSON.stringify({ mcpServers: { off: { command: 'node', disabled: true } } }));
    expect((await run('list')).out).toContain('off  [stdio, project: disabled]');
  });
});
