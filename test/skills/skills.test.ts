// Skills as a Claude Code user keeps them: project and user folders, frontmatter read at start, the body only
// when the model calls the Skill tool, and a broken SKILL.md reported by path and field while the rest load.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeProblem, loadSkills } from '../../src/skills/load';
import { formatSkillList, withSkillCommands } from '../../src/cli/skill-commands';
import { engineRig, type EngineRig } from '../engine/boot';
import { makeTestTempDir } from '../support/temp-dirs';

function skill(root: string, folder: string, text: string, extra: Record<string, string> = {}): string {
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'SKILL.md'), text);
  for (const [name, content] of Object.entries(extra)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content, { mode: 0o755 });
  }
  return dir;
}

const CHANGELOG = `---
name: changelog-entry
description: Writes a CHANGELOG.md entry for the staged changes, in Keep a Changelog style.
allowed-tools: Bash(git diff:*), Read, Edit
model: haiku
---
# Changelog entry

1. Run \`scripts/staged-summary.sh\` to see what is staged.
2. Follow \`reference/style.md\` for wording.
`;

const RELEASE_NOTES = `---
name: release-notes
description: >
  Drafts release notes from merged pull requests
  since the last tag.
allowed-tools:
  - Bash(git log:*)
  - Read
---
Collect the merge commits since the last tag and group them by label.
`;

let dirs: string[] = [];
let rig: EngineRig | undefined;
/** The checkpoint warm-up may still be writing when the rig removes its folder: wait and remove again. */
async function closeRig(r: EngineRig): Promise<void> {
  await r.close().catch(async () => {
    await new Promise((done) => setTimeout(done, 500));
    rmSync(join(r.project, '..'), { recursive: true, force: true });
  });
}
afterEach(async () => {
  if (rig) await closeRig(rig);
  rig = undefined;
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function layout() {
  const root = makeTestTempDir('tandem-skills-');
  dirs.push(root);
  const project = join(root, 'project');
  const home = join(root, 'home');
  mkdirSync(project, { recursive: true });
  mkdirSync(home, { recursive: true });
  return { project, home, tandemHome: join(home, '.tandem') };
}

describe('loading skills', () => {
  it('reads project and user skills (frontmatter only); the project one wins a name clash; problems name path and field', async () => {
    const { project, home, tandemHome } = layout();
    skill(join(project, '.claude', 'skills'), 'changelog-entry', CHANGELOG, { 'scripts/staged-summary.sh': '#!/bin/sh\ngit diff --cached --stat\n' });
    skill(join(home, '.claude', 'skills'), 'release-notes', RELEASE_NOTES);
    skill(join(home, '.claude', 'skills'), 'changelog-entry', '---\nname: changelog-entry\ndescription: the user copy\n---\nuser body\n');
    skill(join(tandemHome, 'skills'), 'db-migrate', '---\ndescription: Plans a database migration and its rollback.\n---\nbody\n');
    const noDescription = skill(join(project, '.claude', 'skills'), 'broken', '---\nname: broken\n---\nno description here\n');
    const badName = skill(join(project, '.claude', 'skills'), 'lint-fix', '---\nname: Lint Fix!\ndescription: Fixes lint errors.\n---\nbody\n');
    const badYaml = skill(join(home, '.claude', 'skills'), 'yaml-oops', '---\ndescription: Checks YAML: indentation\n  bad: [\n---\nbody\n');
    mkdirSync(join(project, '.claude', 'skills', 'not-a-skill'), { recursive: true });

    const { skills, problems } = await loadSkills({ cwd: project, projectRoot: project, tandemHome, homeDir: home });
    const names = skills.map((s) => s.name);
    expect(names).toEqual(['changelog-entry', 'db-migrate', 'lint-fix', 'release-notes', 'yaml-oops']);
    const changelog = skills.find((s) => s.name === 'changelog-entry')!;
    expect(changelog.scope).toBe('project');
    expect(changelog.description).toBe('Writes a CHANGELOG.md entry for the staged changes, in Keep a Changelog style.');
    expect(changelog.allowedTools).toEqual(['Bash(git diff:*)', 'Read', 'Edit']);
    expect(changelog.model).toBe('haiku');
    expect(skills.find((s) => s.name === 'release-notes')!.allowedTools).toEqual(['Bash(git log:*)', 'Read']);
    expect(skills.find((s) => s.name === 'release-notes')!.description).toBe('Drafts release notes from merged pull requests since the last tag.');
    const messages = problems.map(describeProblem);
    expect(messages).toContainEqual(expect.stringMatching(new RegExp(`^skill ${join(noDescription, 'SKILL.md')}: description: missing.*skipped`)));
    expect(messages).toContainEqual(expect.stringMatching(new RegExp(`^skill ${join(badName, 'SKILL.md')}: name: "Lint Fix!" is not a skill name.*"lint-fix" is used`)));
    expect(messages).toContainEqual(expect.stringContaining(`skill ${join(badYaml, 'SKILL.md')}: frontmatter is not valid YAML`));
    expect(messages).toHaveLength(3);
  });

  it('a skills folder reached twice through a symlink is read once, and a missing folder is no problem', async () => {
    const { project, home, tandemHome } = layout();
    skill(join(home, '.claude', 'skills'), 'release-notes', RELEASE_NOTES);
    mkdirSync(tandemHome, { recursive: true });
    symlinkSync(join(home, '.claude', 'skills'), join(tandemHome, 'skills'));
    const { skills, problems } = await loadSkills({ cwd: project, projectRoot: project, tandemHome, homeDir: home });
    expect(skills.map((s) => s.name)).toEqual(['release-notes']);
    expect(problems).toEqual([]);
  });

  it('/skills lists them, and a skill is a /command unless a command already has its name', async () => {
    const { project, home, tandemHome } = layout();
    skill(join(project, '.claude', 'skills'), 'changelog-entry', CHANGELOG);
    skill(join(project, '.claude', 'skills'), 'help', '---\ndescription: would shadow /help\n---\nx\n');
    skill(join(project, '.claude', 'skills'), 'review', '---\ndescription: would shadow a custom command\n---\nx\n');
    const { skills } = await loadSkills({ cwd: project, projectRoot: project, tandemHome, homeDir: home });
    expect(formatSkillList(skills)).toContain('changelog-entry  Writes a CHANGELOG.md entry');
    const commands = withSkillCommands([], ['review'], skills).map((c) => c.name);
    expect(commands).toEqual(['skills', 'changelog-entry']);
    const sent: string[] = [];
    const entry = withSkillCommands([], [], skills).find((c) => c.name === 'changelog-entry')!;
    await entry.run('for v2.1', { send: (p: string) => sent.push(p) } as never);
    expect(sent[0]).toContain('Run `scripts/staged-summary.sh`');
    expect(sent[0]).toContain('ARGUMENTS: for v2.1');
  });
});

describe('the Skill tool in a session', () => {
  it('lists names and descriptions (not bodies); a call returns the body and where the skill files are', async () => {
    rig = await engineRig([], {
      turns: [{ content: [{ type: 'tool_use', name: 'Skill', input: { skill: 'changelog-entry' } }] }, { text: 'done' }],
    }, {
      setup: (p) => {
        skill(join(p, '.claude', 'skills'), 'changelog-entry', CHANGELOG, { 'scripts/staged-summary.sh': '#!/bin/sh\n', 'reference/style.md': 'style' });
        skill(join(p, '.claude', 'skills'), 'broken', '---\nname: broken\n---\n');
      },
    });
    expect(rig.boot.notices.some((n) => /skill .*broken\/SKILL\.md: description: missing/.test(n.message))).toBe(true);
    await rig.boot.session.send('add a changelog entry');
    const first = rig.server.requests[0]!.body;
    const tool = first.tools.find((t: { name: string }) => t.name === 'Skill');
    expect(tool.description).toContain('- changelog-entry: Writes a CHANGELOG.md entry');
    expect(tool.description).not.toContain('staged-summary');
    expect(JSON.stringify(first.messages)).not.toContain('staged-summary');
    const second = JSON.stringify(rig.server.requests[1]!.body.messages);
    const dir = join(rig.project, '.claude', 'skills', 'changelog-entry');
    expect(second).toContain('Run `scripts/staged-summary.sh`');
    expect(second).toContain(`Its folder is ${dir}`);
    expect(second).toContain('scripts/staged-summary.sh');
    expect(second).toContain('reference/style.md');
    expect(second).not.toContain('allowed-tools');
  });

  it('a session without skills offers no Skill tool; an unknown skill name gets an error listing the real ones', async () => {
    rig = await engineRig([], { turns: [{ text: 'ok' }] });
    await rig.boot.session.send('hi');
    expect(rig.server.requests[0]!.body.tools.map((t: { name: string }) => t.name)).not.toContain('Skill');
    await closeRig(rig);
    rig = await engineRig([], {
      turns: [{ content: [{ type: 'tool_use', name: 'Skill', input: { skill: 'nope' } }] }, { text: 'done' }],
    }, { setup: (p) => skill(join(p, '.claude', 'skills'), 'changelog-entry', CHANGELOG) });
    await rig.boot.session.send('go');
    const second = JSON.stringify(rig.server.requests[1]!.body.messages);
    expect(second).toContain('No skill named \\"nope\\". Available: changelog-entry.');
  });

  it('a deny rule on Skill keeps the body from the model', async () => {
    rig = await engineRig([], {
      turns: [{ content: [{ type: 'tool_use', name: 'Skill', input: { skill: 'changelog-entry' } }] }, { text: 'done' }],
    }, {
      setup: (p) => {
        skill(join(p, '.claude', 'skills'), 'changelog-entry', CHANGELOG);
        mkdirSync(join(p, '.tandem'), { recursive: true });
        writeFileSync(join(p, '.tandem', 'settings.json'), JSON.stringify({ permissions: { deny: ['Skill'] } }));
      },
    });
    await rig.boot.session.send('go');
    const second = JSON.stringify(rig.server.requests[1]!.body.messages);
    expect(second).toContain('Permission denied: denied by rule Skill');
    expect(second).not.toContain('staged-summary');
  });
});
