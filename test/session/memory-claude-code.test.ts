// Memory as a Claude Code user keeps it: ~/.claude/CLAUDE.md is the user's memory; a subfolder's CLAUDE.md or
// AGENTS.md arrives with the first file the agent reads there (not at start, not twice); agent files written with
// Claude Code's permission modes load.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAgentFile } from '../../src/agents/parse';
import { loadMemory } from '../../src/session/memory';
import { engineRig, type EngineRig } from '../engine/boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  const r = rig;
  rig = undefined;
  await r?.close().catch(async () => {
    await new Promise((done) => setTimeout(done, 500));
    rmSync(join(r.project, '..'), { recursive: true, force: true });
  });
});

function write(file: string, text: string) {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

describe('user memory', () => {
  it('~/.claude/CLAUDE.md is loaded as user memory, before the project files', async () => {
    const root = `/tmp/tandem-mem-${process.pid}-${Date.now()}`;
    write(join(root, 'home', '.claude', 'CLAUDE.md'), '- Prefer pnpm over npm.\n');
    write(join(root, 'project', 'CLAUDE.md'), '- Run `make check` before committing.\n');
    try {
      const memory = await loadMemory({ cwd: join(root, 'project'), projectRoot: join(root, 'project'), tandemHome: join(root, 'home', '.tandem'), homeDir: join(root, 'home') });
      expect(memory.files.map((f) => [f.path, f.scope])).toEqual([
        [join(root, 'home', '.claude', 'CLAUDE.md'), 'user'],
        [join(root, 'project', 'CLAUDE.md'), 'project'],
      ]);
      expect(memory.text.indexOf('Prefer pnpm')).toBeLessThan(memory.text.indexOf('make check'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('subfolder memory', () => {
  it('arrives with the first Read in that folder (its parents between too), once, and not at start', async () => {
    const read = (p: string) => ({ content: [{ type: 'tool_use', name: 'Read', input: { file_path: p } }] });
    rig = await engineRig([], {
      respond: (_req, i) => {
        const project = rig!.project;
        const script = [
          read(join(project, 'packages', 'api', 'src', 'server.ts')),
          read(join(project, 'packages', 'api', 'src', 'routes.ts')),
          read(join(project, 'README.md')),
          { text: 'done' },
        ];
        return script[i] ?? { text: 'done' };
      },
    }, {
      setup: (p) => {
        write(join(p, 'CLAUDE.md'), 'ROOT-RULE: keep commits small.\n');
        write(join(p, 'README.md'), '# demo\n');
        write(join(p, 'packages', 'AGENTS.md'), 'PACKAGES-RULE: every package has its own tests.\n');
        write(join(p, 'packages', 'api', 'CLAUDE.md'), 'API-RULE: handlers return typed errors.\n');
        write(join(p, 'packages', 'api', 'src', 'server.ts'), 'export const port = 8080;\n');
        write(join(p, 'packages', 'api', 'src', 'routes.ts'), 'export const routes = [];\n');
        write(join(p, 'packages', 'web', 'CLAUDE.md'), 'WEB-RULE: never loaded here.\n');
      },
    });
    await rig.boot.session.send('look at the api server');
    const requests = rig.server.requests.map((r) => JSON.stringify(r.body));
    expect(requests[0]).toContain('ROOT-RULE');
    expect(requests[0]).not.toContain('API-RULE');
    expect(requests[0]).not.toContain('PACKAGES-RULE');
    const afterFirst = JSON.stringify(rig.server.requests[1]!.body.messages);
    expect(afterFirst).toContain('PACKAGES-RULE');
    expect(afterFirst).toContain('API-RULE');
    expect(afterFirst.indexOf('PACKAGES-RULE')).toBeLessThan(afterFirst.indexOf('API-RULE'));
    const last = JSON.stringify(rig.server.requests[3]!.body.messages);
    expect(last.split('API-RULE').length - 1).toBe(1);
    expect(last.split('ROOT-RULE').length - 1).toBe(0);
    expect(requests.join('')).not.toContain('WEB-RULE');
  });
});

describe('agent files with Claude Code permission modes', () => {
  it('permissionMode dontAsk loads as dontAsk; auto loads with a warning and no mode of its own', () => {
    const text = (mode: string) => `---\nname: triage\ndescription: Sorts new issues by area\npermissionMode: ${mode}\n---\nYou sort issues.\n`;
    const dontAsk = parseAgentFile('/x/.claude/agents/triage.md', text('dontAsk'), 'project');
    expect(dontAsk.error).toBeUndefined();
    expect(dontAsk.agent?.permissionMode).toBe('dontAsk');
    const auto = parseAgentFile('/x/.claude/agents/triage.md', text('auto'), 'project');
    expect(auto.error).toBeUndefined();
    expect(auto.agent?.permissionMode).toBeUndefined();
    expect(auto.agent?.warnings.join('\n')).toMatch(/permissionMode: auto is not a mode tandem has; the agent runs in the session's mode/);
  });
});
