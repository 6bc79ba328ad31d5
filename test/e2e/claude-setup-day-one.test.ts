// A Claude Code user's setup on day one: a ~/.claude and a repository's .claude/ shaped like real ones (settings
// with Claude Code-only keys, numbers as strings, a prompt hook, plugins, statusLine; agents, namespaced commands,
// skills, memory with an import, ~/.claude.json servers, a repository .mcp.json) load with zero errors; every
// warning names the file or server and what tandem does instead; everything tandem supports is in use.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer } from '../../src/fake-server/types';
import { jsonLines, runTandem, tempHome, testEnv, type TempHome } from './harness';

let t: TempHome;
let server: FakeServer | undefined;

function put(file: string, content: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

beforeEach(() => {
  t = tempHome('tandem-e2e-dayone-');
  const home = t.home;
  const repo = t.project;
  mkdirSync(join(repo, '.git'));
  put(join(home, '.claude', 'settings.json'), {
    $schema: 'https://json.schemastore.org/claude-code-settings.json',
    model: 'sonnet',
    includeCoAuthoredBy: false,
    cleanupPeriodDays: 60,
    outputStyle: 'Explanatory',
    statusLine: { type: 'command', command: '~/.claude/statusline.sh' },
    env: { BASH_DEFAULT_TIMEOUT_MS: 300000 },
    permissions: { allow: ['Bash(npm run test:*)', 'WebFetch(domain:github.com)'], deny: ['Read(./.env)', 'Bash(curl:*)'], ask: ['Bash(git push:*)'] },
    hooks: {
      PostToolUse: [{ matcher: 'Edit|MultiEdit|Write', hooks: [{ type: 'command', command: '~/.claude/hooks/format.sh', timeout: '30' }] }],
      Stop: [{ hooks: [{ type: 'prompt', prompt: 'Check that the tests ran.' }] }],
    },
    enabledPlugins: { 'release-notes@team-tools': true },
  });
  put(join(home, '.claude', 'hooks', 'format.sh'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(home, '.claude', 'hooks', 'format.sh'), 0o755);
  put(join(home, '.claude', 'CLAUDE.md'), '# My preferences\n- Use pnpm.\n@~/.claude/extra-rules.md\n');
  put(join(home, '.claude', 'extra-rules.md'), '- Prefer small commits.\n');
  put(join(home, '.claude', 'agents', 'code-reviewer.md'), '---\nname: code-reviewer\ndescription: Reviews diffs for bugs. Use proactively after changes.\ntools: Read, Grep, Glob, Bash\nmodel: sonnet\ncolor: purple\n---\nYou review code.\n');
  put(join(home, '.claude', 'commands', 'frontend', 'component.md'), '---\ndescription: Scaffold a React component\nargument-hint: [name] [props]\nallowed-tools: Write, Edit\n---\nCreate a component named $1 with props $2.\n');
  put(join(home, '.claude', 'skills', 'changelog', 'SKILL.md'), '---\nname: changelog\ndescription: Writes changelog entries from git history\nallowed-tools: Bash(git log:*)\n---\nRead git log and write entries.\n');
  // The plugin the user enabled, where Claude Code installed it.
  const pluginDir = join(home, '.claude', 'plugins', 'cache', 'team-tools', 'release-notes', '1.0.0');
  put(join(pluginDir, '.claude-plugin', 'plugin.json'), { name: 'release-notes', version: '1.0.0', description: 'Release notes helpers' });
  put(join(pluginDir, 'commands', 'draft-notes.md'), '---\ndescription: Draft release notes\n---\nDraft the release notes.\n');
  put(join(home, '.claude', 'plugins', 'installed_plugins.json'), {
    version: 2,
    plugins: { 'release-notes@team-tools': [{ scope: 'user', installPath: pluginDir, version: '1.0.0', installedAt: '2026-01-01T00:00:00.000Z' }] },
  });
  put(join(home, '.claude.json'), { numStartups: 12, mcpServers: {}, projects: { [repo]: { allowedTools: [], hasTrustDialogAccepted: true } } });

  put(join(repo, '.claude', 'settings.json'), {
    permissions: { allow: ['Bash(make:*)'], deny: ['Bash(rm -rf:*)'] },
    hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh' }] }] },
  });
  put(join(repo, '.claude', 'hooks', 'guard.sh'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(repo, '.claude', 'hooks', 'guard.sh'), 0o755);
  put(join(repo, '.claude', 'settings.local.json'), { permissions: { allow: ['Bash(npm test)'] }, outputStyle: 'default' });
  put(join(repo, '.claude', 'agents', 'db-expert.md'), '---\nname: db-expert\ndescription: Database schema and query help\ntools: Read, Grep\npermissionMode: dontAsk\n---\nYou know databases.\n');
  put(join(repo, '.claude', 'commands', 'review.md'), '---\ndescription: Review staged changes\nallowed-tools: Bash(git diff:*)\n---\nReview the staged changes.\n');
  put(join(repo, '.claude', 'skills', 'deploy-check', 'SKILL.md'), '---\nname: deploy-check\ndescription: Checks a deploy is safe\n---\nRun the checks.\n');
  put(join(repo, 'CLAUDE.md'), '# Repo memory\nThe build is make.\n');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.cleanup();
});

describe("a Claude Code user's setup", () => {
  it('tandem doctor: no file in error, nothing blocking; each warning names the file and what tandem does instead', async () => {
    const run = await runTandem(['doctor', '--json'], { cwd: t.project, env: testEnv('http://127.0.0.1:9', t) });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { files: Array<{ status: string }>; warnings: string[]; blocking: string[]; rules: Array<{ rule: string }>; hooks: Array<{ command: string }> };
    expect(report.files.filter((f) => f.status === 'error')).toEqual([]);
    expect(report.blocking).toEqual([]);
    for (const warning of report.warnings) {
      expect(warning).toMatch(/settings(\.local)?\.json|\.mcp\.json|\.claude\.json/);
      expect(warning).toMatch(/ignored|skipped|not (used|started|run)/);
    }
    expect(report.warnings.join('\n')).toMatch(/"statusLine"/);
    expect(report.warnings.join('\n')).toMatch(/"hooks\.Stop\.0\.hooks\.0\.type" is "prompt".*skipped/);
    expect(report.rules.map((r) => r.rule)).toEqual(expect.arrayContaining(['Bash(npm run test:*)', 'Read(./.env)', 'Bash(make:*)', 'Bash(npm test)', 'Bash(git push:*)']));
    expect(report.hooks.map((h) => h.command)).toEqual(expect.arrayContaining(['~/.claude/hooks/format.sh', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh']));
  });

  it('a session uses it: agents, namespaced and plugin commands, skills, memory with its import', async () => {
    server = await startFakeServer({ turns: [{ text: 'ready' }] });
    const run = await runTandem(['-p', 'hi', '--output-format', 'stream-json', '--verbose'], { cwd: t.project, env: testEnv(server.url, t) });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/error/i);
    const init = jsonLines(run.stdout).find((l) => l.type === 'system' && l.subtype === 'init') as Record<string, string[]>;
    expect(init.agents).toEqual(expect.arrayContaining(['code-reviewer', 'db-expert']));
    expect(init.slash_commands).toEqual(expect.arrayContaining(['frontend:component', 'review', 'changelog', 'deploy-check']));
    expect(init.slash_commands!.some((c) => c.includes('draft-notes'))).toBe(true);
    expect(init.skills).toEqual(expect.arrayContaining(['changelog', 'deploy-check']));
    const system = JSON.stringify(server.requests.find((r) => r.path.startsWith('/v1/messages'))!.body.system);
    expect(system).toContain('Use pnpm.');
    expect(system).toContain('Prefer small commits.');
    expect(system).toContain('The build is make.');
  });
});
