// A skill's `allowed-tools` are allow rules for the turn that loads it, as in Claude Code: when the model calls the
// Skill tool, and when the user types /NAME. Only the user's own skills, or a project's in a trusted folder, may
// grant; deny rules still win; the grant ends with the turn.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer, ScriptedTurn } from '../../src/fake-server/types';
import { runTandem, tempHome, testEnv, type TempHome } from './harness';

let t: TempHome;
let server: FakeServer | undefined;

const SKILL = `---
name: make-marks
description: Leaves marker files
allowed-tools: Bash(touch mark-*), Bash(rm
model: haiku
---
Touch the marker files.
`;

function skillIn(root: string): void {
  mkdirSync(join(root, 'make-marks'), { recursive: true });
  writeFileSync(join(root, 'make-marks', 'SKILL.md'), SKILL);
}

afterEach(async () => {
  await server?.close();
  server = undefined;
  t.cleanup();
});

const touch = (name: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'Bash', input: { command: `touch ${name}` } }] });
const loadSkill: ScriptedTurn = { content: [{ type: 'tool_use', name: 'Skill', input: { skill: 'make-marks' } }] };

function toolResults(s: FakeServer): string {
  const last = s.requests.filter((r) => r.path.startsWith('/v1/messages')).pop()!;
  return JSON.stringify((last.body.messages as Array<{ content: unknown }>).flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((b: any) => b.type === 'tool_result'));
}

describe("a skill's allowed-tools", () => {
  describe('in a trusted project', () => {
    beforeEach(() => {
      t = tempHome('tandem-e2e-skillgrant-');
      mkdirSync(join(t.project, '.git'));
      skillIn(join(t.project, '.claude', 'skills'));
    });

    it('loaded by the model: its calls run unasked for the rest of the turn; an unreadable rule is reported, not fatal', async () => {
      server = await startFakeServer({ turns: [loadSkill, touch('mark-one'), { text: 'done' }] });
      const run = await runTandem(['-p', 'mark it'], { cwd: t.project, env: testEnv(server.url, t) });
      expect(run.code).toBe(0);
      expect(existsSync(join(t.project, 'mark-one'))).toBe(true);
      expect(toolResults(server)).toContain('Until this turn ends these calls need no approval');
      expect(toolResults(server)).toContain('Not applied, unreadable: Bash(rm');
    });

    it('a deny rule still wins over the grant', async () => {
      mkdirSync(join(t.project, '.tandem'), { recursive: true });
      writeFileSync(join(t.project, '.tandem', 'settings.json'), JSON.stringify({ permissions: { deny: ['Bash(touch mark-two)'] } }));
      server = await startFakeServer({ turns: [loadSkill, touch('mark-two'), { text: 'done' }] });
      await runTandem(['-p', 'mark it'], { cwd: t.project, env: testEnv(server.url, t) });
      expect(existsSync(join(t.project, 'mark-two'))).toBe(false);
    });

    it('the grant ends with the turn: the next message of the session asks again (denied headless)', async () => {
      server = await startFakeServer({ turns: [loadSkill, touch('mark-a'), { text: 'first done' }, touch('mark-b'), { text: 'second done' }] });
      const input = ['first', 'second'].map((text) => JSON.stringify({ type: 'user', message: { role: 'user', content: text } })).join('\n') + '\n';
      const run = await runTandem(['-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose'], { cwd: t.project, env: testEnv(server.url, t), input });
      expect(run.code).toBe(0);
      expect(existsSync(join(t.project, 'mark-a'))).toBe(true);
      expect(existsSync(join(t.project, 'mark-b'))).toBe(false);
    });

    it('/make-marks typed by the user: the turn gets its rules and model', async () => {
      server = await startFakeServer({ turns: [touch('mark-slash'), { text: 'done' }] });
      const run = await runTandem(['-p', '/make-marks now'], { cwd: t.project, env: testEnv(server.url, t) });
      expect(run.code).toBe(0);
      expect(existsSync(join(t.project, 'mark-slash'))).toBe(true);
      expect(server.requests.find((r) => r.path.startsWith('/v1/messages'))!.body.model).toMatch(/haiku/);
    });
  });

  describe('in a folder the user has not trusted', () => {
    beforeEach(() => {
      t = tempHome('tandem-e2e-skillgrant-untrusted-', { trusted: false });
      mkdirSync(join(t.project, '.git'));
      skillIn(join(t.project, '.claude', 'skills'));
    });

    it("the project's skill grants nothing, and says so", async () => {
      server = await startFakeServer({ turns: [loadSkill, touch('mark-x'), { text: 'done' }] });
      await runTandem(['-p', 'mark it'], { cwd: t.project, env: testEnv(server.url, t) });
      expect(existsSync(join(t.project, 'mark-x'))).toBe(false);
      expect(toolResults(server)).toContain('were not applied: this folder is not trusted');
    });

    it("the user's own skill still grants", async () => {
      skillIn(join(t.home, '.claude', 'skills'));
      server = await startFakeServer({ turns: [loadSkill, touch('mark-y'), { text: 'done' }] });
      // The project's skill of the same name would come first: remove it so the user's is the one loaded.
      rmSync(join(t.project, '.claude', 'skills'), { recursive: true });
      await runTandem(['-p', 'mark it'], { cwd: t.project, env: testEnv(server.url, t) });
      expect(existsSync(join(t.project, 'mark-y'))).toBe(true);
    });
  });
});
