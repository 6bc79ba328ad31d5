// Entries written for Claude Code and other clients load: extra fields are applied or warned about, never fatal.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConfigError, loadMcpConfig } from '../../src/mcp/config';
import { prepareMcp } from '../../src/mcp/setup';
import { tempDir } from './helpers';

function project(mcpServers: unknown): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, '.git'));
  fs.writeFileSync(path.join(root, '.mcp.json'), JSON.stringify({ mcpServers }, null, 2));
  return root;
}

// Shaped like configurations found in the wild: a Cline-style entry, a Claude Code http entry with a helper,
// a remote one with the long transport name, and one that needs a token the user has not exported.
const REAL_WORLD = {
  github: {
    command: 'npx',
    args: ['-y', 'some-github-mcp'],
    env: { GITHUB_TOKEN: '${GITHUB_TOKEN}' },
    description: 'Issues and pull requests',
    timeout: 120,
    autoApprove: ['list_issues'],
    transportType: 'stdio',
  },
  docs: { type: 'streamable-http', url: 'https://${DOCS_HOST:-docs.example.com}/mcp', headersHelper: './get-headers.sh' },
  paused: { command: 'node', args: ['srv.js'], disabled: true },
  weird: { command: 'node', disabled: 'yes', timeout: 'soon' },
  slow: { type: 'sse', url: 'http://127.0.0.1:9/sse', timeout: 90000, command: 'ignored' },
};

describe('tolerant server entries', () => {
  it('keeps every server, applies disabled/timeout/streamable-http and warns once per unknown field', () => {
    const root = project(REAL_WORLD);
    const file = path.join(root, '.mcp.json');
    const { servers, errors, warnings } = loadMcpConfig({ projectRoot: root, env: { GITHUB_TOKEN: 't0k' } });
    expect(errors).toEqual([]);
    const by = Object.fromEntries(servers.map((s) => [s.name, s]));
    expect(Object.keys(by)).toEqual(['github', 'docs', 'paused', 'weird', 'slow']);
    expect(by.github).toMatchObject({ transport: 'stdio', env: { GITHUB_TOKEN: 't0k' }, callTimeoutMs: 120_000 });
    expect(by.github?.disabled).toBeUndefined();
    expect(by.docs).toMatchObject({ transport: 'http', url: 'https://docs.example.com/mcp' });
    expect(by.paused).toMatchObject({ disabled: true });
    expect(by.weird).toMatchObject({ disabled: true }); // unclear value: stays off
    expect(by.weird?.callTimeoutMs).toBeUndefined();
    expect(by.slow).toMatchObject({ transport: 'sse', callTimeoutMs: 90_000 });
    const lines = warnings.map(formatConfigError);
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line.startsWith(`${file}: server "`)).toBe(true);
    expect(lines.find((l) => l.includes('"autoApprove"'))).toContain('permissions.allow');
    expect(lines.find((l) => l.includes('"transportType"'))).toContain('unknown field, ignored');
    expect(lines.find((l) => l.includes('"headersHelper"'))).toContain('server "docs"');
    expect(lines.find((l) => l.includes('server "weird"') && l.includes('"disabled"'))).toContain('stays disabled');
    expect(lines.find((l) => l.includes('server "weird"') && l.includes('"timeout"'))).toContain('default applies');
    expect(lines.find((l) => l.includes('server "slow"'))).toContain('"command"');
    // description is metadata: no warning
    expect(lines.some((l) => l.includes('description'))).toBe(false);
  });

  it('an unset ${VAR} without default fails that server only, with a message saying how to fix it', () => {
    const root = project(REAL_WORLD);
    const { servers, errors } = loadMcpConfig({ projectRoot: root, env: {} });
    expect(servers.map((s) => s.name)).toEqual(['docs', 'paused', 'weird', 'slow']);
    expect(errors).toHaveLength(1);
    expect(formatConfigError(errors[0]!)).toContain('server "github", field "env.GITHUB_TOKEN": environment variable ${GITHUB_TOKEN} is not set and has no default');
  });

  it('still rejects a wrong type for a field it uses, and an unknown transport', () => {
    const root = project({ a: { command: 'x', args: 'one two' }, b: { type: 'websocket', url: 'ws://x' } });
    const { servers, errors } = loadMcpConfig({ projectRoot: root, env: {} });
    expect(servers).toEqual([]);
    expect(errors.map((e) => e.server)).toEqual(['a', 'b']);
    expect(errors[1]?.message).toContain('streamable-http');
  });

  it('a changed unknown field still changes the hash (approval asks again)', () => {
    const a = loadMcpConfig({ projectRoot: project({ s: { command: 'x', autoApprove: [] } }), env: {} }).servers[0]!;
    const b = loadMcpConfig({ projectRoot: project({ s: { command: 'x', autoApprove: ['*'] } }), env: {} }).servers[0]!;
    expect(a.configHash).not.toBe(b.configHash);
  });

  it('prepareMcp lists disabled servers apart, never ready or awaiting, and prints each warning as a notice', () => {
    const root = project(REAL_WORLD);
    const home = tempDir();
    const setup = prepareMcp({ projectRoot: root, tandemHome: path.join(home, '.tandem'), homeDir: home, cwd: root, env: { GITHUB_TOKEN: 'x' }, trusted: true });
    expect(setup.disabled.map((s) => s.name)).toEqual(['paused', 'weird']);
    expect([...setup.ready, ...setup.awaiting].map((s) => s.name)).toEqual(['github', 'docs', 'slow']);
    expect(setup.notices.filter((n) => n.startsWith('MCP config warning:'))).toHaveLength(6);
  });
});
