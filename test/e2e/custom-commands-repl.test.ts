// In the shell: a custom command's ! lines are shown with what happened, the expanded prompt is sent with the
// command's model, and a skill is callable as /NAME and listed by /skills.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('custom commands and skills in the shell', () => {
  it('/standup runs its ! lines (one refused), shows them, and sends the expanded prompt with its model', async () => {
    const dir = join(ws.t.project, '.claude', 'commands');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'standup.md'), '---\ndescription: Draft my standup note\nallowed-tools: Bash(echo:*)\nmodel: haiku\n---\nYesterday: !`echo shipped-login`\nBlocked: !`touch blocked.txt`\nDraft a standup note.\n');
    const skillDir = join(ws.t.project, '.claude', 'skills', 'api-docs');
    mkdirSync(skillDir, { recursive: true });
    writeFileSync(join(skillDir, 'SKILL.md'), '---\nname: api-docs\ndescription: Writes OpenAPI docs for an endpoint\n---\nOPENAPI-STEPS: read the handler, then the schema.\n');
    const s = await ws.serve([{ text: 'standup drafted' }, { text: 'docs written' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/❯ /);
    term.write('/standup');
    await sleep(100);
    term.write(KEYS.enter);
    await term.waitFor('standup drafted', 15_000);
    expect(term.all()).toContain('! echo shipped-login: ran (exit 0)');
    expect(term.all()).toMatch(/! touch blocked\.txt: not run/);
    const first = s.requests.find((r) => r.path.startsWith('/v1/messages'))!;
    expect(JSON.stringify(first.body.messages)).toContain('Yesterday: shipped-login');
    expect(first.body.model).toMatch(/haiku/);

    term.write('/skills');
    await sleep(100);
    term.write(KEYS.enter);
    await term.waitFor('Writes OpenAPI docs for an endpoint');
    term.write('/api-docs users endpoint');
    await sleep(100);
    term.write(KEYS.enter);
    await term.waitFor('docs written', 15_000);
    const second = s.requests.filter((r) => r.path.startsWith('/v1/messages'))[1]!;
    expect(JSON.stringify(second.body.messages)).toContain('OPENAPI-STEPS');
    expect(JSON.stringify(second.body.messages)).toContain('ARGUMENTS: users endpoint');
    expect(second.body.model).not.toMatch(/haiku/);
  });
});
