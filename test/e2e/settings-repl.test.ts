// Settings in the interactive shell, in a pseudo-terminal: problems are shown at start with file:line, again in
// /permissions, and /doctor lists where everything comes from; a session rule removed with /permissions remove
// is still gone after --continue.
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

async function type(session: TerminalSession, text: string) {
  session.write(text);
  await sleep(120);
  session.write(KEYS.enter);
}

describe('settings in the shell', () => {
  it('shows problems at start and in /permissions, and /doctor lists files, rules, mode and warnings', async () => {
    mkdirSync(join(ws.t.project, '.git'));
    mkdirSync(join(ws.t.project, '.claude'));
    const file = join(ws.t.project, '.claude', 'settings.json');
    writeFileSync(file, JSON.stringify({ permissions: { defaultMode: 'auto', deny: ['Read(.env)', 'Bash(rm:*'] }, colour: 1 }, null, 2));
    const s = await ws.serve([{ text: 'hi' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t), cols: 200, rows: 50 });
    await term.waitFor(/❯ /);
    await term.waitFor(`${file}:3: "permissions.defaultMode" is "auto"`);
    await term.waitFor(`${file}:6: deny rule "Bash(rm:*" is missing its closing parenthesis`);
    await term.waitFor(`${file}:9: "colour" is not a setting`);

    await type(term, '/permissions');
    await term.waitFor('Rules with problems:');
    const perms = term.all();
    expect(perms).toContain('Permission mode: default');
    expect(perms).toContain(`deny  Read(.env)  (${file}:5)`);
    expect(perms).toContain('Permission settings with problems:');

    await type(term, '/doctor');
    await term.waitFor('Settings files (managed first');
    await term.waitFor(/Warnings \(\d+\):/);
    const doctor = term.all();
    expect(doctor).toContain(`warnings project ${file}`);
    expect(doctor).toContain(`Permission mode: default (from ${file}:3)`);

    await type(term, '/help');
    await term.waitFor('/doctor');
  });

  it('a session rule removed with /permissions remove does not come back with --continue', async () => {
    mkdirSync(join(ws.t.project, '.git'));
    // Not on the read-only list (echo would run without a prompt, so no rule would be made).
    const s = await ws.serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch one' } }] }, { text: 'Ran it.' }]);
    const env = testEnv(s.url, ws.t);
    term = startTerminal([], { cwd: ws.t.project, env, cols: 160, rows: 40 });
    await term.waitFor(/❯ /);
    await type(term, 'run it');
    await term.waitFor("don't ask again for");
    term.write('2');
    await term.waitFor('Ran it.');
    await type(term, '/permissions');
    await term.waitFor('(this session)');
    const rule = /allow (\S.*?) {2}\(this session\)/.exec(term.all())![1]!;
    await type(term, `/permissions remove ${rule}`);
    await term.waitFor(`removed the session rule ${rule}`);
    term.write(KEYS.ctrlD);
    await term.exited;

    term = startTerminal(['--continue'], { cwd: ws.t.project, env, cols: 160, rows: 40 });
    await term.waitFor(/❯ /);
    await type(term, '/permissions');
    await term.waitFor('No permission rules');
    expect(term.all()).not.toContain('(this session)');
  });
});
