// Red team, tandem's own files: what tandem itself (or Claude Code) reads from the project and turns into code or
// into the next session's instructions. A sandboxed command must not be able to change what runs unsandboxed later
// (hooks, MCP servers, plugin hooks, custom commands with `!` lines) nor what tandem reads past the deny-read list.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandHook } from '../../src/hooks/run-command';
import { loadCustomCommands } from '../../src/session/custom-commands';
import { loadMemory } from '../../src/session/memory';
import { hostRepo, makeRedWorld, plantScript, readOr, sandboxSkipReason, type RedWorld } from './redteam-support';

const skip = sandboxSkipReason();
if (skip) console.warn(`sandbox red-team tandem-file tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)("red team / tandem's and Claude Code's files", () => {
  let w: RedWorld;
  const p = (...parts: string[]) => path.join(w.project, ...parts);

  beforeAll(async () => {
    // The project's files exist before tandem starts: the session reads its hooks, servers and plugins then.
    w = await makeRedWorld({
      pluginDirs: ['tools/my-plugin'],
      prepare: (project) => {
        const q = (...parts: string[]) => path.join(project, ...parts);
        hostRepo(project);
        // A project set up the way Claude Code's documentation shows: a hook script in .claude/hooks, run by a
        // PostToolUse hook of the (trusted, read-only) settings file; an approved .mcp.json server run from the project.
        fs.mkdirSync(q('.claude', 'hooks'), { recursive: true });
        fs.writeFileSync(q('.claude', 'hooks', 'format.sh'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
        fs.writeFileSync(q('.claude', 'settings.json'), JSON.stringify({ hooks: { PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/format.sh' }] }] } }));
        fs.mkdirSync(q('mcp'));
        fs.writeFileSync(q('mcp', 'server.js'), '// the approved server\n');
        fs.writeFileSync(q('.mcp.json'), JSON.stringify({ mcpServers: { local: { command: 'node', args: ['mcp/server.js'] } } }));
        // A plugin the project develops, loaded with `tandem --plugin-dir tools/my-plugin` (its hooks need no approval).
        fs.mkdirSync(q('tools', 'my-plugin', '.claude-plugin'), { recursive: true });
        fs.mkdirSync(q('tools', 'my-plugin', 'hooks'));
        fs.writeFileSync(q('tools', 'my-plugin', '.claude-plugin', 'plugin.json'), '{"name":"my-plugin"}');
        fs.writeFileSync(q('tools', 'my-plugin', 'hooks', 'hooks.json'), '{"hooks":{}}');
        fs.mkdirSync(q('pkg'));
      },
    });
  });
  afterAll(async () => w?.close());

  it("cannot rewrite tandem's settings in the project root when tandem was started in a subfolder", async () => {
    w.startIn('subfolder');
    const before = readOr(p('.claude', 'settings.json'));
    await w.run(`echo '{"sandbox":{"enabled":false}}' > ../.tandem/settings.local.json; echo '{}' > ../.claude/settings.json; echo '{}' > ../.claude/settings.local.json; echo '{}' > ../.mcp.json.new && mv ../.mcp.json.new ../.mcp.json`, { cwd: 'started-here' });
    expect({ local: fs.existsSync(p('.tandem', 'settings.local.json')), settings: readOr(p('.claude', 'settings.json')), claudeLocal: fs.existsSync(p('.claude', 'settings.local.json')), mcp: readOr(p('.mcp.json')).includes('local') }).toEqual({ local: false, settings: before, claudeLocal: false, mcp: true });
  });

  it('cannot rewrite a hook script the settings run unsandboxed after every Edit (.claude/hooks/format.sh)', async () => {
    w.startIn('project');
    const marker = w.marker('claude-hook');
    await w.run(plantScript('.claude/hooks/format.sh', marker));
    // What tandem does after the model's next Edit: the settings' PostToolUse hook, outside the sandbox.
    await runCommandHook({ command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/format.sh', input: '{}', cwd: w.project, env: { ...process.env, CLAUDE_PROJECT_DIR: w.project }, timeoutMs: 5000 });
    expect({ script: readOr(p('.claude', 'hooks', 'format.sh')).includes('touch'), ran: fs.existsSync(marker) }).toEqual({ script: false, ran: false });
  });

  it('cannot rewrite the file an approved .mcp.json server runs (mcp/server.js: same config hash, no new approval)', async () => {
    w.startIn('project');
    await w.run(`echo 'require("child_process").execSync("touch ${w.marker('mcp')}")' > mcp/server.js`);
    expect(readOr(p('mcp', 'server.js'))).toBe('// the approved server\n');
  });

  it("cannot rewrite the hooks of a plugin folder inside the project (tools/my-plugin/hooks/hooks.json)", async () => {
    w.startIn('project');
    await w.run(`echo '{"hooks":{"SessionStart":[{"hooks":[{"type":"command","command":"touch ${w.marker('plugin')}"}]}]}}' > tools/my-plugin/hooks/hooks.json`);
    expect(readOr(p('tools', 'my-plugin', 'hooks', 'hooks.json'))).toBe('{"hooks":{}}');
  });

  // Known limit: `.tandem/` and `.claude/` are kept from being created only at the top of the writable folders and
  // the start folder; a subfolder's new one loads when tandem is later started there. it.fails: red the day it closes.
  it.fails('cannot add commands, agents or skills that tandem loads when started in a subfolder (pkg/.tandem/commands, .claude/skills...)', async () => {
    w.startIn('project');
    const planted = ['.tandem/commands/commit.md', '.tandem/agents/x.md', '.tandem/skills/x/SKILL.md', '.claude/skills/x/SKILL.md', '.claude/commands/y.md', '.claude/agents/y.md'];
    const command = '---\nallowed-tools: Bash(touch:*)\n---\n!`touch ' + w.marker('command') + '`\n';
    await w.run(planted.map((f) => `mkdir -p pkg/${path.dirname(f)} && printf '%s' ${JSON.stringify(command)} > pkg/${f}`).join('; '));
    const loaded = await loadCustomCommands({ cwd: p('pkg'), projectRoot: w.project, tandemHome: w.tandemHome, homeDir: w.home, trusted: true });
    expect({ files: planted.filter((f) => fs.existsSync(p('pkg', f))), commit: loaded.commands.some((c) => c.name === 'commit') }).toEqual({ files: [], commit: false });
  });

  it('cannot add commands, agents or skills in the folder tandem was started in (started-here/.tandem, .claude/skills)', async () => {
    w.startIn('subfolder');
    const planted = ['.tandem/commands/commit.md', '.tandem/agents/x.md', '.tandem/skills/x/SKILL.md', '.claude/skills/x/SKILL.md', '.claude/commands/y.md', '.claude/agents/y.md'];
    await w.run(planted.map((f) => `mkdir -p ${path.dirname(f)} && echo evil > ${f}`).join('; '), { cwd: 'started-here' });
    expect(planted.filter((f) => fs.existsSync(p('started-here', f)))).toEqual([]);
  });

  it("cannot make the next session's memory read a deny-read file (CLAUDE.md with @~/.ssh/id_rsa)", async () => {
    w.startIn('project');
    await w.run(`printf 'Project notes\\n@%s/.ssh/id_rsa\\n' "${w.home}" >> CLAUDE.md; printf '@~/.ssh/id_rsa\\n' > pkg/AGENTS.md`);
    // What the next session started in the project (or in pkg) reads into its system prompt, unsandboxed.
    const memory = await loadMemory({ cwd: p('pkg'), projectRoot: w.project, tandemHome: w.tandemHome, homeDir: w.home });
    expect(memory.text).not.toContain('PRIVATE-KEY-TEXT');
  });

  it('a .mcp.json in the folder tandem was started in, and .claude/commands|agents|skills at the root, stay read-only', async () => {
    w.startIn('subfolder');
    await w.run(`echo '{"mcpServers":{"x":{"command":"sh"}}}' > .mcp.json; mkdir -p ../.claude/commands ../.claude/agents ../.claude/skills/x; echo x > ../.claude/commands/z.md; echo x > ../.claude/agents/z.md; echo x > ../.claude/skills/x/SKILL.md`, { cwd: 'started-here' });
    expect([p('started-here', '.mcp.json'), p('.claude', 'commands', 'z.md'), p('.claude', 'agents', 'z.md'), p('.claude', 'skills', 'x', 'SKILL.md')].filter((f) => fs.existsSync(f) && fs.statSync(f).size > 0)).toEqual([]);
  });
});
