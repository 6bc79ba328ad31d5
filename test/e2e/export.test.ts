// `tandem export`: a session written by a real headless run comes out as Claude Code's transcript lines, which a
// script written for Claude Code (the usual Stop hook that reads the last answer) can read.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer } from '../../src/fake-server/types';
import { runTandem, tempHome, testEnv, type TempHome } from './harness';

let t: TempHome;
let server: FakeServer | undefined;

beforeEach(() => {
  t = tempHome('tandem-e2e-export-');
  mkdirSync(join(t.project, '.git'));
  writeFileSync(join(t.project, 'a.txt'), 'alpha\n');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.cleanup();
});

type Line = Record<string, any>;

async function oneSession(): Promise<string> {
  server = await startFakeServer({
    turns: [
      { content: [{ type: 'text', text: 'Reading it.' }, { type: 'tool_use', name: 'Read', input: { file_path: join(t.project, 'a.txt') } }] },
      { text: 'The file says alpha.' },
    ],
  });
  const run = await runTandem(['-p', 'what is in a.txt?', '--output-format', 'json'], { cwd: t.project, env: testEnv(server.url, t) });
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { session_id: string }).session_id;
}

const exportRun = (args: string[]) => runTandem(['export', ...args], { cwd: t.project, env: testEnv('http://127.0.0.1:9', t) });

describe('tandem export', () => {
  it('claude format: user/assistant lines chained by parentUuid, with the fields scripts read', async () => {
    const sessionId = await oneSession();
    const run = await exportRun([]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines.map((l) => `${l.type}:${l.message.role}`)).toEqual(['user:user', 'assistant:assistant', 'user:user', 'assistant:assistant']);
    for (const [i, line] of lines.entries()) {
      expect(line).toMatchObject({ sessionId, cwd: t.project, isSidechain: false, userType: 'external' });
      expect(line.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(line.timestamp))).toBe(false);
      expect(line.parentUuid).toBe(i === 0 ? null : lines[i - 1]!.uuid);
    }
    expect(lines[0]!.message.content).toEqual([{ type: 'text', text: 'what is in a.txt?' }]);
    expect(lines[1]!.message).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'tool_use' });
    expect(lines[2]!.message.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: lines[1]!.message.content[1].id });
    expect(lines[2]!.message.content[0].content).toContain('alpha');

    // What a Claude Code Stop hook script does with transcript_path: the last assistant line's text.
    const lastText = lines.filter((l) => l.type === 'assistant').pop()!.message.content.find((b: Line) => b.type === 'text').text;
    expect(lastText).toBe('The file says alpha.');
  });

  it('tandem format writes the log as stored; a session is picked by id prefix', async () => {
    const sessionId = await oneSession();
    const run = await exportRun([sessionId.slice(0, 8), '--format', 'tandem']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines[0]).toMatchObject({ type: 'session_meta', sessionId });
  });

  it('--output writes a new file and never overwrites one', async () => {
    await oneSession();
    const out = join(t.project, 'session.jsonl');
    expect((await exportRun(['--output', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
    writeFileSync(out, 'mine\n');
    const again = await exportRun(['-o', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
  });

  it('says what is wrong: no session, unknown id, bad format', async () => {
    const none = await exportRun([]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('there is no session in this project yet');
    await oneSession();
    expect((await exportRun(['nope'])).stderr).toContain('no session nope in this project');
    const bad = await exportRun(['--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be claude or tandem (got "xml")');
    expect(existsSync(join(t.project, 'xml'))).toBe(false);
  });
});
