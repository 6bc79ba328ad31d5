// In the shell: /plugins lists each plugin with its state and what it adds (under the names it got), and a plugin's
// command runs like any custom command.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const FIXTURES = resolve(__dirname, '../fixtures/plugins');
const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('plugins in the shell', () => {
  it('/plugins shows state and parts; a plugin command whose name was taken runs as /plugin:name', async () => {
    // The project has its own /changelog: the plugin's becomes /team-kit:changelog.
    mkdirSync(join(ws.t.project, '.claude', 'commands'), { recursive: true });
    writeFileSync(join(ws.t.project, '.claude', 'commands', 'changelog.md'), '---\ndescription: the project changelog\n---\nPROJECT-CHANGELOG\n');
    const s = await ws.serve([{ text: 'entry drafted' }]);
    term = startTerminal(['--plugin-dir', join(FIXTURES, 'team-kit'), '--plugin-dir', join(FIXTURES, 'broken-manifest')], { cwd: ws.t.project, env: testEnv(s.url, ws.t), cols: 160, rows: 50 });
    await term.waitFor(/❯ /);
    term.write('/plugins');
    await sleep(100);
    term.write(KEYS.enter);
    await term.waitFor('team-kit 0.3.1  [enabled]', 15_000);
    await term.waitFor('[refused]');
    const screen = term.all();
    expect(screen).toContain('Release-note and tagging helpers for a small team');
    expect(screen).toContain('commands /git:tag, /team-kit:changelog');
    expect(screen).toContain('agents release-reviewer');
    expect(screen).toContain('skills semver-check');
    expect(screen).toContain('field "name"');

    term.write('/team-kit:changelog v2.0');
    await sleep(100);
    term.write(KEYS.enter);
    await term.waitFor('entry drafted', 15_000);
    const first = s.requests.find((r) => r.path.startsWith('/v1/messages'))!;
    const sent = JSON.stringify(first.body.messages);
    expect(sent).toContain('CHANGELOG-DRAFT: summarise the commits since v2.0');
    expect(sent).not.toContain('PROJECT-CHANGELOG');
  });
});
