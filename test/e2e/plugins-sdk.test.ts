// The Agent SDK's `plugins: [{type: 'local', path}]` reaches tandem as --plugin-dir (skipMcpDiscovery as
// --plugin-dir-no-mcp): the init message lists the plugin, its agents and skills, and the plugin's command runs.
import { resolve } from 'node:path';
import { query, type SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer } from '../../src/fake-server/types';
import { BIN, tempHome, testEnv, type TempHome } from './harness';

const TEAM_KIT = resolve(__dirname, '../fixtures/plugins/team-kit');
let t: TempHome;
let server: FakeServer | undefined;
beforeAll(() => {
  t = tempHome('tandem-sdk-plugins-');
});
afterAll(() => t.cleanup());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('plugins through the Agent SDK', () => {
  it('plugins: [{type: "local", path}] loads the plugin; init lists it; its skill and agent are there', async () => {
    server = await startFakeServer({ turns: [{ text: 'hello' }] });
    const messages: SDKMessage[] = [];
    const stderr: string[] = [];
    for await (const m of query({
      prompt: 'say hello',
      options: { pathToClaudeCodeExecutable: BIN, cwd: t.project, env: testEnv(server.url, t), stderr: (s) => stderr.push(s), plugins: [{ type: 'local', path: TEAM_KIT, skipMcpDiscovery: true } as never] },
    })) messages.push(m);
    const init = messages.find((m) => m.type === 'system' && m.subtype === 'init') as any;
    expect(init.plugins).toEqual([{ name: 'team-kit', path: TEAM_KIT }]);
    expect(init.agents).toContain('release-reviewer');
    expect(init.skills).toContain('semver-check');
    // skipMcpDiscovery: the plugin's server is not started.
    expect(init.mcp_servers.map((s: any) => s.name)).not.toContain('plugin_team-kit_notes');
    expect(stderr.join('')).not.toContain('plugin-dir');
  }, 60_000);
});
