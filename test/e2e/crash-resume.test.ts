// Nothing lost across a crash: a run killed mid-batch is resumed with --continue, and the model learns which calls
// finished (with their real output) and which may or may not have run. A damaged log never stops a resume.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectTranscriptDir } from '../../src/session/transcript-store';
import { expectValidHistory } from '../engine/api-validity';
import { BIN, runTandem, testEnv, useWorkspace } from './harness';

const ws = useWorkspace();

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('crash and resume', () => {
  it('after kill -9 between two calls, --continue sends the finished result and marks the other as interrupted', async () => {
    const server = await ws.serve({
      turns: [
        {
          content: [
            { type: 'tool_use', id: 'toolu_done', name: 'Bash', input: { command: "printf 'FIRST-%s' 42 > ran.txt && cat ran.txt" } },
            { type: 'tool_use', id: 'toolu_cut', name: 'Bash', input: { command: 'sleep 15' } },
          ],
        },
        { text: 'Picking up after the crash.' },
      ],
    });
    const env = testEnv(server.url, ws.t);
    const child = spawn(process.execPath, [BIN, '-p', 'run them', '--allowedTools', 'Bash'], { cwd: ws.t.project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const ran = join(ws.t.project, 'ran.txt');
    await waitUntil(() => existsSync(ran), 15_000);
    await new Promise((r) => setTimeout(r, 1000)); // the second call is running now
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));

    const resumed = await runTandem(['--continue', '-p', 'go on', '--output-format', 'json'], { cwd: ws.t.project, env, timeoutMs: 30_000 });
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).result).toBe('Picking up after the crash.');
    const messages = server.requests[1]!.body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    expectValidHistory(messages);
    const results = messages[2]!.content;
    expect(results[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_done' });
    expect(JSON.stringify(results[0])).toContain('FIRST-42');
    expect(results[0]!.is_error).not.toBe(true);
    expect(results[1]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_cut', is_error: true });
    expect(String(results[1]!.content)).toMatch(/may not have run, or may have run completely or only partly/);
    expect(JSON.stringify(messages)).toContain('go on');
  }, 60_000);

  it('--continue on a damaged log loads what it can and says what it skipped', async () => {
    const server = await ws.serve({ turns: [{ text: 'resumed fine' }] });
    const env = testEnv(server.url, ws.t);
    const dir = projectTranscriptDir(join(ws.t.home, '.tandem'), ws.t.project);
    mkdirSync(dir, { recursive: true });
    const line = (o: object) => JSON.stringify({ time: '2026-01-01T00:00:00Z', uuid: 'u', ...o });
    const msg = (role: string, content: unknown) => line({ type: 'message', agent: 'general-purpose', model: 'claude-sonnet-4-5', parentToolUseId: null, message: { role, content } });
    writeFileSync(
      join(dir, 'damaged.jsonl'),
      [
        line({ type: 'session_meta', sessionId: 'damaged', cwd: ws.t.project, projectRoot: ws.t.project, agent: 'general-purpose', model: 'claude-sonnet-4-5', mode: 'default', version: '0' }),
        msg('user', 'remember the word kiwi'),
        '{"type":"message","message":{"role":"assist', // cut in the middle of the file
        msg('assistant', [{ type: 'text', text: 'Noted: kiwi.' }]),
        line({ type: 'from_the_future', stuff: 1 }),
        msg('assistant', 'wrong shape: text instead of blocks'),
        line({ type: 'todos', todos: 'not a list' }),
        line({ type: 'usage', model: 'x' }),
        msg('user', [{ type: 'text', text: 'and the colour green' }]),
        '{"type":"message","time":"t","uuid":"v","message":{"role":"assistant","content":[{"type":"text","text":"cut off',
      ].join('\n'),
    );
    const run = await runTandem(['--continue', '-p', 'what were the words?', '--output-format', 'json'], { cwd: ws.t.project, env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).result).toBe('resumed fine');
    expect(run.stderr).toMatch(/skipped 6 lines/);
    expect(run.stderr).toMatch(/line 3: not valid JSON/);
    expect(run.stderr).toMatch(/line 5: unknown entry type "from_the_future"/);
    const messages = server.requests[0]!.body.messages as Array<{ role: string; content: unknown }>;
    expectValidHistory(messages);
    const sent = JSON.stringify(messages);
    expect(sent).toContain('kiwi');
    expect(sent).toContain('Noted: kiwi.');
    expect(sent).toContain('colour green');
    expect(sent).not.toContain('wrong shape');
    expect(readdirSync(dir)).toContain('damaged.jsonl');
    expect(readFileSync(join(dir, 'damaged.jsonl'), 'utf8')).toContain('from_the_future'); // the log itself is kept
  }, 60_000);
});
