// Sessions survive: a run killed with SIGKILL mid-stream is resumed with --continue, and the next request
// carries everything that completed before the kill.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runTandem, testEnv, useWorkspace } from './harness';

const ws = useWorkspace();

describe('resume', () => {
  it('after kill -9 mid-stream, --continue sends everything that completed', async () => {
    writeFileSync(join(ws.t.project, 'plan.md'), 'step one\n');
    const server = await ws.serve({
      turns: [
        { content: [{ type: 'text', text: 'Reading the plan.' }, { type: 'tool_use', name: 'Read', input: { file_path: 'plan.md' } }] },
        { text: 'A very long answer that streams slowly and will be cut by SIGKILL. '.repeat(40), chunkChars: 5, deltaDelayMs: 20 },
        { text: 'Continuing where we left off.' },
      ],
    });
    const env = testEnv(server.url, ws.t);
    const child = spawn(process.execPath, [BIN, '-p', 'follow the plan', '--allowedTools', 'Read', '--output-format', 'stream-json', '--verbose'], { cwd: ws.t.project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    // Wait until the second request is streaming, then kill without warning.
    await waitUntil(() => server.requests.length >= 2, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(out).not.toContain('"type":"result"');

    const projects = join(ws.t.home, '.tandem', 'projects');
    const [slug] = readdirSync(projects);
    const logs = readdirSync(join(projects, slug!)).filter((f) => f.endsWith('.jsonl'));
    expect(logs).toHaveLength(1);
    expect(readFileSync(join(projects, slug!, logs[0]!), 'utf8')).not.toContain('sk-ant-test-key-not-real');

    const resumed = await runTandem(['--continue', '-p', 'go on', '--output-format', 'json'], { cwd: ws.t.project, env });
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).result).toBe('Continuing where we left off.');
    const sent = JSON.stringify(server.requests[2]!.body.messages);
    expect(sent).toContain('follow the plan');
    expect(sent).toContain('Reading the plan.');
    expect(sent).toContain('step one'); // the Read result
    expect(sent).toContain('go on');
    expect(sent).not.toContain('cut by SIGKILL');
  });

  it('--resume ID continues that session; an unknown id says what to do', async () => {
    const server = await ws.serve({ turns: [{ text: 'first answer' }, { text: 'second answer' }] });
    const env = testEnv(server.url, ws.t);
    const first = await runTandem(['-p', 'remember the word kiwi', '--output-format', 'json'], { cwd: ws.t.project, env });
    const sessionId = JSON.parse(first.stdout).session_id as string;
    const again = await runTandem(['--resume', sessionId, '-p', 'what was the word?', '--output-format', 'json'], { cwd: ws.t.project, env });
    expect(JSON.parse(again.stdout).session_id).toBe(sessionId);
    expect(JSON.stringify(server.requests[1]!.body.messages)).toContain('kiwi');
    const missing = await runTandem(['--resume', '00000000-0000', '-p', 'x'], { cwd: ws.t.project, env });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no session/);
  });
});

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
