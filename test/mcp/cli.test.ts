// `tandem mcp list | approve | deny` against a temp project and TANDEM_HOME.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMcpCommand } from '../../src/mcp/cli';
import { prepareMcp } from '../../src/mcp/setup';
import { tempDir } from './helpers';
import { TrustStore } from '../../src/trust/store';

function setup(opts: { trusted?: boolean } = {}) {
  const root = tempDir();
  fs.mkdirSync(path.join(root, '.git'));
  const home = tempDir();
  const tandemHome = path.join(home, '.tandem');
  fs.mkdirSync(tandemHome);
  if (opts.trusted !== false) TrustStore.forHome(tandemHome).trust(root);
  fs.writeFileSync(path.join(root, '.mcp.json'), JSON.stringify({ mcpServers: { alpha: { command: 'node', args: ['a.js'] }, beta: { type: 'http', url: 'http://127.0.0.1:1/mcp' } } }));
  fs.writeFileSync(path.join(tandemHome, 'settings.json'), JSON.stringify({ mcpServers: { mine: { command: 'my-server' } } }));
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
  return { root, run, state };
}

describe('tandem mcp', () => {
  it('lists servers with their approval state', async () => {
    const { run } = setup();
    const r = await run('list');
    expect(r.code).toBe(0);
    expect(r.out).toContain('alpha  [stdio, project: needs approval]');
    expect(r.out).toContain('mine  [stdio, user: no approval needed]');
    expect(r.out).toContain('tandem mcp approve --all');
    const json = JSON.parse((await run('list', '--json')).out) as { servers: Array<{ name: string; approval: string }> };
    expect(json.servers.map((s) => [s.name, s.approval])).toEqual([
      ['mine', 'no approval needed'],
      ['alpha', 'needs approval'],
      ['beta', 'needs approval'],
    ]);
  });

  it('in a folder that is not trusted, project servers are listed as blocked by folder trust, approved or not', async () => {
    const { run } = setup({ trusted: false });
    await run('approve', 'alpha');
    const r = await run('list');
    expect(r.out).toContain('alpha  [stdio, project: blocked: this folder is not trusted (approval: approved)]');
    expect(r.out).toContain('beta  [http, project: blocked: this folder is not trusted (approval: needs approval)]');
    expect(r.out).toContain('mine  [stdio, user: no approval needed]');
    expect(r.out).toMatch(/is not trusted: none of its project servers starts, approved or not\. To trust it: tandem trust/);
    expect(r.out).not.toContain('tandem mcp approve');
    const json = JSON.parse((await run('list', '--json')).out) as { trusted: boolean; servers: Array<{ name: string; blocked?: string }> };
    expect(json.trusted).toBe(false);
    expect(json.servers.filter((s) => s.blocked).map((s) => s.name)).toEqual(['alpha', 'beta']);
  });

  it('names, commands and files from .mcp.json reach the terminal through the one sanitiser', async () => {
    const { root, run } = setup();
    fs.writeFileSync(path.join(root, '.mcp.json'), JSON.stringify({ mcpServers: { 'ev\u001b]0;pwned\u0007il': { command: 'node', args: ['a.js\u001b[2J', 'x\n  from /etc/trusted'] } } }));
    const r = await run('list');
    const all = r.out + r.err;
    expect(all).not.toContain('\u001b');
    expect(all).not.toContain('\u0007');
    expect(all).toContain('ev\\x1b]0;pwned\\x07il');
    expect(all).not.toMatch(/\n {2}from \/etc\/trusted/);
  });

  it('approves one, denies one, approves all', async () => {
    const { run, state } = setup();
    expect((await run('approve', 'alpha')).code).toBe(0);
    expect(state().ready.map((s) => s.name)).toEqual(['mine', 'alpha']);
    expect((await run('deny', 'beta')).out).toContain('Denied MCP server "beta"');
    expect(state().denied.map((s) => s.name)).toEqual(['beta']);
    expect(state().notices).toEqual([]);
    await run('approve', '--all');
    expect(state().ready.map((s) => s.name)).toEqual(['mine', 'alpha', 'beta']);
  });

  it('says what is wrong for unknown names and subcommands', async () => {
    const { run } = setup();
    const unknown = await run('approve', 'gamma');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Project servers: alpha, beta');
    expect((await run('approve')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('approve', 'mine')).out).toContain('starts without approval');
  });

  it('headless setup skips unapproved servers with a notice naming the command', () => {
    const { state } = setup();
    const s = state();
    expect(s.ready.map((x) => x.name)).toEqual(['mine']);
    expect(s.notices.join('\n')).toContain('tandem mcp approve --all');
  });
});
