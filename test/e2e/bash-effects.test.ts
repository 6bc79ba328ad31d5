// What a Bash line reads and writes, end to end: read-only commands run without a prompt (in the pty and headless);
// a read only known when it runs, that a Read deny rule could cover, asks in the shell and is denied headless with
// a message that says why and what to do.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../src/fake-server/types';
import { KEYS, runTandem, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function lastToolResult(s: FakeServer): { content: string; is_error?: boolean } {
  const messages = s.requests[s.requests.length - 1]!.body.messages as Array<{ content: any }>;
  const blocks = messages[messages.length - 1]!.content as Array<{ type: string; content: string; is_error?: boolean }>;
  return blocks.find((b) => b.type === 'tool_result')!;
}

function denyEnv(dir: string): void {
  writeFileSync(join(dir, '.env'), 'SECRET=1\n');
  mkdirSync(join(dir, '.tandem'), { recursive: true });
  writeFileSync(join(dir, '.tandem', 'settings.json'), JSON.stringify({ permissions: { deny: ['Read(.env)'] } }));
}

describe('Bash effects end to end', () => {
  it('headless: a read-only line runs with no flag at all', async () => {
    writeFileSync(join(ws.t.project, 'notes.txt'), 'hello from notes\n');
    const s = await ws.serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'ls && cat notes.txt | wc -l' } }] }, { text: 'done' }]);
    const run = await runTandem(['-p', 'look around'], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    expect(run.code).toBe(0);
    const result = lastToolResult(s);
    expect(result.is_error).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain('notes.txt');
  });

  it('headless: a glob a Read deny rule could cover is denied, even with --allowedTools Bash, and says why', async () => {
    denyEnv(ws.t.project);
    const s = await ws.serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'cat .e*' } }] }, { text: 'ok' }]);
    await runTandem(['-p', 'peek', '--allowedTools', 'Bash'], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    const result = lastToolResult(s);
    expect(result.is_error).toBe(true);
    expect(result.content).toContain('the command reads .e*, which is only known when it runs');
    expect(result.content).toContain('Read(.env)');
    expect(result.content).toContain('name the files literally');
    expect(result.content).not.toContain('SECRET');
  });

  it('in the shell: ls runs without a prompt; grep -r over the project asks, naming the rule', async () => {
    denyEnv(ws.t.project);
    const s = await ws.serve([
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'ls' } }] },
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'grep -r SECRET .' } }] },
      { text: 'All done.' },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/❯ /);
    term.write('look around');
    await sleep(80);
    term.write(KEYS.enter);
    await term.waitFor('$ grep -r SECRET .');
    // The ls ran without a prompt: the second request carries its result.
    expect(s.requests.length).toBe(2);
    await term.waitFor('the command reads everything in ., and the deny rule Read(.env)');
    expect(term.screen()).toContain('wants to use Bash');
  });
});
