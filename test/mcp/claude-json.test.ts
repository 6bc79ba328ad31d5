// Servers and .mcp.json choices from ~/.claude.json and the settings files, with folder trust first.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareMcp } from '../../src/mcp/setup';
import { tempDir } from './helpers';

function world(opts: { claudeJson?: (root: string) => unknown; settings?: Record<string, unknown>; projectSettings?: Record<string, unknown>; localSettings?: Record<string, unknown> } = {}) {
  const root = tempDir();
  fs.mkdirSync(path.join(root, '.git'));
  fs.mkdirSync(path.join(root, '.claude'));
  const home = tempDir();
  const tandemHome = path.join(home, '.tandem');
  fs.mkdirSync(tandemHome);
  fs.writeFileSync(path.join(root, '.mcp.json'), JSON.stringify({ mcpServers: { shared: { command: 'node', args: ['s.js'] }, other: { command: 'node', args: ['o.js'] } } }));
  if (opts.claudeJson) fs.writeFileSync(path.join(home, '.claude.json'), JSON.stringify(opts.claudeJson(root)));
  if (opts.settings) fs.writeFileSync(path.join(tandemHome, 'settings.json'), JSON.stringify(opts.settings));
  if (opts.projectSettings) fs.writeFileSync(path.join(root, '.claude', 'settings.json'), JSON.stringify(opts.projectSettings));
  if (opts.localSettings) fs.writeFileSync(path.join(root, '.claude', 'settings.local.json'), JSON.stringify(opts.localSettings));
  const run = (trusted?: boolean) => prepareMcp({ projectRoot: root, tandemHome, homeDir: home, cwd: root, env: {}, ...(trusted !== undefined ? { trusted } : {}) });
  return { root, home, run };
}

const names = (list: Array<{ name: string }>) => list.map((s) => s.name).sort();

describe('~/.claude.json', () => {
  it('top-level servers are user servers; projects[root] servers are local; both start without approval', () => {
    const { run, home, root } = world({
      claudeJson: (root) => ({
        numStartups: 12,
        mcpServers: { everywhere: { type: 'http', url: 'http://127.0.0.1:1/mcp' } },
        projects: {
          [root]: { allowedTools: [], mcpServers: { mine: { command: 'my-tool' } } },
          '/somewhere/else': { mcpServers: { notHere: { command: 'x' } } },
        },
      }),
    });
    const s = run(true);
    expect(s.errors).toEqual([]);
    expect(names(s.ready)).toEqual(['everywhere', 'mine']);
    expect(names(s.awaiting)).toEqual(['other', 'shared']);
    const mine = s.ready.find((x) => x.name === 'mine')!;
    expect(mine.scope).toBe('local');
    expect(mine.file).toBe(`${path.join(home, '.claude.json')} (projects["${root}"])`);
  });

  it('its servers are the user\'s own: they start in an untrusted folder, where .mcp.json servers never do', () => {
    const { run } = world({ claudeJson: (root) => ({ mcpServers: { u: { command: 'u' } }, projects: { [root]: { mcpServers: { l: { command: 'l' } }, enableAllProjectMcpServers: true } } }) });
    const s = run(false);
    expect(names(s.ready)).toEqual(['l', 'u']);
    expect(names(s.untrusted)).toEqual(['other', 'shared']);
    expect(s.awaiting).toEqual([]);
  });

  it('a local server beats the .mcp.json one of the same name', () => {
    const { run } = world({ claudeJson: (root) => ({ projects: { [root]: { mcpServers: { shared: { command: 'my-own-shared' } } } } }) });
    const s = run(true);
    const shared = s.ready.find((x) => x.name === 'shared');
    expect(shared).toMatchObject({ scope: 'local', command: 'my-own-shared' });
  });

  it('a broken ~/.claude.json is one clear error; the other servers stay', () => {
    const { run, home } = world();
    fs.writeFileSync(path.join(home, '.claude.json'), '{ "mcpServers": ');
    const s = run(true);
    expect(s.errors).toHaveLength(1);
    expect(s.notices[0]).toContain(path.join(home, '.claude.json'));
    expect(names(s.awaiting)).toEqual(['other', 'shared']);
  });
});

describe('enableAllProjectMcpServers, enabledMcpjsonServers, disabledMcpjsonServers', () => {
  it('per project in ~/.claude.json: enabled need no approval, disabled are not started', () => {
    const { run } = world({ claudeJson: (root) => ({ projects: { [root]: { enabledMcpjsonServers: ['shared'], disabledMcpjsonServers: ['other'] } } }) });
    const s = run(true);
    expect(names(s.ready)).toEqual(['shared']);
    expect(names(s.disabled)).toEqual(['other']);
    expect(s.awaiting).toEqual([]);
  });

  it('enableAllProjectMcpServers in user settings approves every .mcp.json server; a disabled one stays off', () => {
    const { run } = world({ settings: { enableAllProjectMcpServers: true }, localSettings: { disabledMcpjsonServers: ['other'] } });
    const s = run(true);
    expect(names(s.ready)).toEqual(['shared']);
    expect(names(s.disabled)).toEqual(['other']);
  });

  it('a repository\'s shared settings cannot enable its own servers (warned); it may disable them', () => {
    const { run, root } = world({ projectSettings: { enableAllProjectMcpServers: true, disabledMcpjsonServers: ['other'] } });
    const s = run(true);
    expect(names(s.awaiting)).toEqual(['shared']);
    expect(names(s.disabled)).toEqual(['other']);
    expect(s.notices.some((n) => n.includes(path.join(root, '.claude', 'settings.json')) && n.includes('enableAllProjectMcpServers') && n.includes('cannot approve'))).toBe(true);
  });

  it('folder trust comes first: nothing enables a project server in an untrusted folder', () => {
    const { run } = world({ settings: { enableAllProjectMcpServers: true, enabledMcpjsonServers: ['shared'] } });
    const s = run(false);
    expect(s.ready).toEqual([]);
    expect(names(s.untrusted)).toEqual(['other', 'shared']);
  });

  it('an explicit deny beats an enable list', () => {
    const { run, root } = world({ settings: { enableAllProjectMcpServers: true } });
    const first = run(true);
    first.approvals.deny(root, first.ready.find((x) => x.name === 'shared')!);
    const s = run(true);
    expect(names(s.denied)).toEqual(['shared']);
    expect(names(s.ready)).toEqual(['other']);
  });
});
