// The rewind picker, the /agents create wizard, the fourth permission choice, subagent prompts, and the Enter race.
import React from 'react';
import { afterAll, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { App, type AppProps } from '../../src/ui/components/App';
import type { RewindApi } from '../../src/ui/run';
import type { ExtraCommand } from '../../src/ui/commands/types';
import { parseAgentFile } from '../../src/agents/parse';
import { agentFileText, agentPath, nameProblem } from '../../src/ui/agents/agent-file';
import { FakeController, mainSpeaker } from './fake-controller';
import { KEYS, plain, press, wait } from './helpers';
import { makeTestTempDir } from '../support/temp-dirs';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const tempDir = async () => {
  const d = makeTestTempDir('tandem-ui-dialogs-');
  dirs.push(d);
  return d;
};

class FakeRewind implements RewindApi {
  restored: Array<{ turn: number; scope: string }> = [];
  planned: number[] = [];
  async turns() {
    return [
      { turn: 1, prompt: 'make the readme', time: '2025-01-01T10:00:00.000Z', files: [{ path: 'README.md', status: 'added', added: 3, removed: 0 }] },
      { turn: 2, prompt: 'fix the note', time: '2025-01-01T10:05:00.000Z', files: [{ path: 'notes.txt', status: 'modified', added: 1, removed: 1 }] },
    ];
  }
  async plan(turn: number) {
    this.planned.push(turn);
    return [{ path: 'notes.txt', status: 'modified', added: 1, removed: 1 }];
  }
  async restore(turn: number, scope: 'both' | 'files' | 'conversation') {
    this.restored.push({ turn, scope });
    return `Rewind to before turn ${turn}: done (${scope}).`;
  }
}

async function setup(extra: Partial<AppProps> = {}) {
  const dir = await tempDir();
  const c = new FakeController();
  const r = render(<App controller={c} version="0.0.0" startupNotices={[]} history={[]} historyFile={path.join(dir, 'h.jsonl')} onQuit={() => undefined} {...extra} />);
  await wait();
  return { c, r, dir };
}

describe('rewind picker', () => {
  it('Esc twice opens it; a turn, "files only" and a yes restore; the message is printed', async () => {
    const rewind = new FakeRewind();
    const { r } = await setup({ rewind });
    await press(r.stdin, KEYS.esc, KEYS.esc);
    await wait(30);
    let f = plain(r.lastFrame());
    expect(f).toContain('Rewind to before which turn?');
    expect(f).toMatch(/1\. 10:00\s+make the readme .*README\.md \+3 -0/);
    expect(f).toMatch(/2\. 10:05\s+fix the note .*notes\.txt \+1 -1/);
    await press(r.stdin, KEYS.enter); // the newest turn is selected first
    expect(plain(r.lastFrame())).toContain('2. files only');
    await press(r.stdin, '2');
    await wait(30);
    f = plain(r.lastFrame());
    expect(f).toMatch(/modified\s+notes\.txt \+1 -1/);
    expect(rewind.restored).toEqual([]); // asks first
    await press(r.stdin, 'y');
    await wait(30);
    expect(rewind.restored).toEqual([{ turn: 2, scope: 'files' }]);
    expect(plain(r.lastFrame())).toContain('Rewind to before turn 2: done (files).');
    expect(plain(r.lastFrame())).toMatch(/❯ /); // the input is back
    r.unmount();
  });

  it('/rewind opens it; digits choose; Esc backs out step by step; /rewind N goes to the extra command', async () => {
    const rewind = new FakeRewind();
    const ran: string[] = [];
    const extraCommands: ExtraCommand[] = [{ name: 'rewind', description: 'rewind', run: async (args) => void ran.push(args) }];
    const { r } = await setup({ rewind, extraCommands });
    await press(r.stdin, '/rewind', KEYS.enter);
    await wait(30);
    expect(plain(r.lastFrame())).toContain('Rewind to before which turn?');
    await press(r.stdin, '1');
    expect(plain(r.lastFrame())).toContain('Turn 1: make the readme');
    await press(r.stdin, '3'); // conversation only: nothing to confirm
    await wait(30);
    expect(rewind.restored).toEqual([{ turn: 1, scope: 'conversation' }]);
    await press(r.stdin, '/rewind', KEYS.enter);
    await wait(30);
    await press(r.stdin, '1', '1');
    await wait(30);
    expect(plain(r.lastFrame())).toContain('Restore files and conversation to before turn 1?');
    await press(r.stdin, KEYS.esc);
    await wait(30);
    expect(plain(r.lastFrame())).toContain('Turn 1: make the readme');
    await press(r.stdin, KEYS.esc);
    await wait(30);
    expect(plain(r.lastFrame())).toContain('Rewind to before which turn?');
    await press(r.stdin, KEYS.esc);
    await wait(30);
    expect(plain(r.lastFrame())).not.toContain('Rewind to before which turn?');
    expect(rewind.restored).toHaveLength(1);
    await press(r.stdin, '/rewind 2 files', KEYS.enter);
    await wait(30);
    expect(ran).toEqual(['2 files']);
    r.unmount();
  });
});

describe('/agents', () => {
  it('lists the subagent runs of the session and how to create an agent', async () => {
    const { c, r } = await setup();
    (c as FakeController & { subagentRuns: () => unknown[] }).subagentRuns = () => [
      { runId: 'r1', agent: 'reviewer', parentToolUseId: 't1', status: 'done', result: 'All good.\nMore detail' },
    ];
    await press(r.stdin, '/agents', KEYS.enter);
    await wait(30);
    const f = plain(r.lastFrame());
    expect(f).toContain('Subagent runs this session');
    expect(f).toMatch(/reviewer done · All good\./);
    expect(f).not.toContain('More detail');
    expect(f).toContain('/agents create');
    r.unmount();
  });

  it('/agents create asks name, description, tools, model, color, place; writes a valid file and reloads', async () => {
    const home = await tempDir();
    const project = await tempDir();
    mkdirSync(path.join(project, '.git'));
    const sub = path.join(project, 'src');
    mkdirSync(sub);
    const { c, r } = await setup();
    let reloads = 0;
    (c as FakeController & { reloadAgents: () => Promise<void> }).reloadAgents = async () => void reloads++;
    c.info = () => ({ sessionId: 's1', agent: c.agentList[0]!, model: 'm', mode: 'default', cwd: sub, todos: [], busy: false });
    r.rerender(<App controller={c} version="0.0.0" startupNotices={[]} history={[]} historyFile={path.join(home, 'h.jsonl')} onQuit={() => undefined} />);
    // The status cwd comes from the session info at start: emit it as the session would.
    c.emit({ type: 'session_started', sessionId: 's1', agent: 'main', model: 'm', tools: [], cwd: sub, mode: 'default' });
    await wait(80);
    await press(r.stdin, '/agents create', KEYS.enter);
    await wait(30);
    expect(plain(r.lastFrame())).toContain('Create an agent');
    await press(r.stdin, 'Bad Name', KEYS.enter);
    expect(plain(r.lastFrame())).toContain('use lowercase letters, digits and single dashes');
    for (let i = 0; i < 8; i++) await press(r.stdin, KEYS.backspace);
    await press(r.stdin, 'reviewer', KEYS.enter);
    expect(plain(r.lastFrame())).toContain('exists already');
    for (let i = 0; i < 8; i++) await press(r.stdin, KEYS.backspace);
    await press(r.stdin, 'test-writer', KEYS.enter);
    await press(r.stdin, 'Writes "unit" tests: for new code', KEYS.enter);
    expect(plain(r.lastFrame())).toContain('[x] Task');
    await press(r.stdin, 'a'); // none
    await press(r.stdin, KEYS.down, ' ', KEYS.down, ' '); // Bash, BashOutput
    await press(r.stdin, KEYS.enter);
    await press(r.stdin, '4'); // haiku
    expect(plain(r.lastFrame())).toContain('Color:');
    await press(r.stdin, '3'); // green
    expect(plain(r.lastFrame())).toContain(path.join(project, '.tandem', 'agents', 'test-writer.md'));
    await press(r.stdin, '1'); // project
    await wait(80);
    const file = path.join(project, '.tandem', 'agents', 'test-writer.md');
    const text = await readFile(file, 'utf8');
    const parsed = parseAgentFile(file, text, 'project');
    expect(parsed.error).toBeUndefined();
    expect(parsed.agent).toMatchObject({ name: 'test-writer', description: 'Writes "unit" tests: for new code', tools: ['Bash', 'BashOutput'], model: 'haiku', color: 'green', warnings: [] });
    expect(parsed.agent!.systemPrompt).toContain('Writes "unit" tests');
    expect(reloads).toBe(1);
    expect(plain(r.lastFrame())).toContain(`Created test-writer in ${file}`);
    r.unmount();
  });

  it('agent files: all tools leave the key out; the user place is TANDEM_HOME; names are checked', () => {
    expect(agentFileText({ name: 'x', description: 'd', model: 'inherit', color: 'red' })).not.toMatch(/^tools:/m);
    expect(agentPath('user', 'x', '/nowhere', { TANDEM_HOME: '/th' })).toBe('/th/agents/x.md');
    expect(agentPath('user', 'x', '/nowhere', { HOME: '/h' })).toBe('/h/.tandem/agents/x.md');
    expect(nameProblem('ok-name-2', [])).toBeNull();
    expect(nameProblem('-bad', [])).not.toBeNull();
    expect(nameProblem('a', ['a'])).toMatch(/exists/);
  });

  it('Esc cancels the wizard and writes nothing', async () => {
    const { r } = await setup();
    await press(r.stdin, '/agents create', KEYS.enter);
    await wait(30);
    await press(r.stdin, 'abc', KEYS.esc);
    await wait(30);
    expect(plain(r.lastFrame())).toContain('Agent creation cancelled.');
    expect(plain(r.lastFrame())).not.toContain('Create an agent');
    r.unmount();
  });
});

const bashRequest = (speaker = mainSpeaker) => ({
  type: 'permission_request' as const,
  requestId: 'q1',
  speaker,
  callId: 'c1',
  toolName: 'Bash',
  input: { command: 'echo one' },
  preview: { kind: 'command' as const, command: 'echo one', cwd: '/p' },
  reason: 'Bash asks',
  suggestion: { rule: 'Bash(echo:*)', label: 'commands starting with echo' },
});

describe('permission prompts in the shell', () => {
  it('a subagent prompt is nested under its Task line and names the subagent', async () => {
    const { c, r } = await setup();
    await press(r.stdin, 'go', KEYS.enter);
    const sub = { agent: 'api-engineer', color: 'cyan' as const, model: 'm', parentToolUseId: 'task1', depth: 1 };
    c.emit({ type: 'tool_call', speaker: mainSpeaker, callId: 'task1', name: 'Task', input: { description: 'build api', subagent_type: 'api-engineer', prompt: 'p' } });
    c.emit({ type: 'tool_state', speaker: mainSpeaker, callId: 'task1', state: 'running' });
    c.emit({ type: 'tool_call', speaker: sub, callId: 'c1', name: 'Bash', input: { command: 'echo one' } });
    c.emit(bashRequest(sub));
    await wait(100);
    const raw = r.lastFrame() ?? '';
    const lines = plain(raw).split('\n');
    const task = lines.findIndex((l) => l.includes('Task'));
    const ask = lines.findIndex((l) => l.includes('api-engineer wants to use Bash'));
    expect(task).toBeGreaterThanOrEqual(0);
    expect(ask).toBeGreaterThan(task);
    expect(lines[ask]).toMatch(/^\s{2}⎿ api-engineer wants to use Bash/);
    expect(lines[ask]).toContain('(subagent)');
    expect(raw).toContain('\x1b[36m\x1b[1mapi-engineer'); // in its color
    await press(r.stdin, '4');
    expect(c.responses).toEqual([{ requestId: 'q1', decision: { type: 'always', rule: 'Bash(echo:*)', persist: true } }]);
    c.endTurn();
    r.unmount();
  });
});

describe('Enter at the end of a turn', () => {
  it('Enter read together with the next keys submits, and the rest is typed into a fresh input', async () => {
    const { c, r } = await setup();
    await press(r.stdin, '/agent reviewer');
    r.stdin.write('\rhello'); // the Enter and the next word arrive in one read
    await wait(60);
    expect(c.called('switchAgent')).toEqual([{ method: 'switchAgent', args: ['reviewer'] }]);
    expect(plain(r.lastFrame()).split('\n').find((l) => l.startsWith('❯ '))).toBe('❯ hello ');
    await press(r.stdin, KEYS.enter);
    expect(c.sent).toEqual(['hello']);
    c.endTurn();
    r.unmount();
  });

  it('raw mode stays on when a permission prompt hands the keyboard back to the input', async () => {
    const { c, r } = await setup();
    const modes: boolean[] = [];
    const stdin = r.stdin as unknown as { setRawMode: (on: boolean) => void };
    stdin.setRawMode = (on: boolean) => void modes.push(on);
    await press(r.stdin, 'go', KEYS.enter);
    c.emit(bashRequest());
    await wait(80);
    expect(plain(r.lastFrame())).toContain('wants to use Bash');
    await press(r.stdin, '1');
    await wait(60);
    expect(plain(r.lastFrame())).not.toContain('wants to use Bash');
    expect(modes).not.toContain(false); // a cooked-mode gap turns Enter into "\n"
    c.endTurn();
    r.unmount();
  });
});
