// `tandem -p` end to end: the built binary against the fake Anthropic server, through the real SDK.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer, ScriptedTurn } from '../../src/fake-server/types';
import { jsonLines, runTandem, tempHome, testEnv, type TempHome } from './harness';

const RECORDINGS = join(__dirname, '../fixtures/anthropic-streams');
const EXPECT = JSON.parse(readFileSync(join(RECORDINGS, 'EXPECT.json'), 'utf8')) as Array<{
  name: string;
  kind: string;
  final: null | { text: string; stop_reason: string; tool_calls: Array<{ id: string; name: string; input: unknown }>; server_tool_calls: Array<{ id: string; name: string; input: unknown }> };
}>;

let t: TempHome;
let server: FakeServer | undefined;

beforeAll(() => {
  t = tempHome();
});
afterAll(() => t.cleanup());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(turns: ScriptedTurn[]): Promise<FakeServer> {
  server = await startFakeServer({ turns });
  return server;
}

type Line = Record<string, any>;

function assistantBlocks(lines: Line[]): Array<{ block: Line; line: Line }> {
  return lines.filter((l) => l.type === 'assistant').map((line) => ({ block: line.message.content[0], line }));
}

describe('recorded API streams through tandem -p --output-format stream-json', () => {
  const sseCases = EXPECT.filter((c) => c.kind === 'sse');
  it('covers every .sse recording', () => {
    const files = readdirSync(RECORDINGS).filter((f) => f.endsWith('.sse')).map((f) => f.replace(/\.sse$/, ''));
    expect(sseCases.map((c) => c.name).sort()).toEqual(files.sort());
  });

  for (const recording of sseCases) {
    it(`${recording.name}: final text, tool calls and stop reason as recorded`, async () => {
      const s = await serve([{ replay: join(RECORDINGS, `${recording.name}.sse`) }]);
      // One model turn: the recorded message is the whole answer, its tool calls are not followed up.
      const run = await runTandem(['-p', 'replay', '--output-format', 'stream-json', '--verbose', '--max-turns', '1'], { cwd: t.project, env: testEnv(s.url, t) });
      const lines = jsonLines(run.stdout) as Line[];
      const expected = recording.final!;
      expect(lines[0]).toMatchObject({ type: 'system', subtype: 'init' });
      const blocks = assistantBlocks(lines);
      const text = blocks.filter((b) => b.block.type === 'text').map((b) => b.block.text).join('');
      expect(text).toBe(expected.text);
      const toolCalls = blocks.filter((b) => b.block.type === 'tool_use').map((b) => ({ id: b.block.id, name: b.block.name, input: b.block.input }));
      expect(toolCalls).toEqual(expected.tool_calls);
      const serverCalls = blocks.filter((b) => b.block.type === 'server_tool_use').map((b) => ({ id: b.block.id, name: b.block.name, input: b.block.input }));
      expect(serverCalls).toEqual(expected.server_tool_calls.map((c) => ({ id: c.id, name: c.name, input: c.input })));
      // As in Claude Code, each block's line goes out when the block ends, before the message's stop reason is
      // known: it is null there, and the result carries it.
      const last = blocks[blocks.length - 1]!.line;
      expect(last.message.stop_reason).toBeNull();
      const result = lines[lines.length - 1]!;
      expect(result.type).toBe('result');
      expect(result.stop_reason).toBe(expected.stop_reason);
      // Every tool_use the model made got exactly one tool_result line.
      const results = lines.filter((l) => l.type === 'user').map((l) => l.message.content[0].tool_use_id);
      expect(results.sort()).toEqual(expected.tool_calls.map((c) => c.id).sort());
    });
  }

  it('e02: a 401 is not retried and says what to do', async () => {
    const s = await serve([{ replayJson: join(RECORDINGS, 'e02-401-auth-on-stream.response.json'), status: 401 }]);
    const run = await runTandem(['-p', 'hi'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(run.code).not.toBe(0);
    expect(s.requests.filter((r) => r.path.startsWith('/v1/messages'))).toHaveLength(1);
    expect(run.stderr).toMatch(/ANTHROPIC_API_KEY/);
  });

  it('e04: two 529s then success give one copy of the answer', async () => {
    const body = JSON.parse(readFileSync(join(RECORDINGS, 'e04-529-overloaded.response.json'), 'utf8'));
    const s = await serve([
      { fault: { type: 'status', status: 529, body, retryAfterMs: 20 } },
      { fault: { type: 'status', status: 529, body, retryAfterMs: 20 } },
      { text: 'The answer, once.' },
    ]);
    const run = await runTandem(['-p', 'hi', '--output-format', 'stream-json', '--verbose'], { cwd: t.project, env: testEnv(s.url, t) });
    const lines = jsonLines(run.stdout) as Line[];
    const texts = assistantBlocks(lines).map((b) => b.block.text);
    expect(texts).toEqual(['The answer, once.']);
    expect(lines[lines.length - 1]).toMatchObject({ type: 'result', subtype: 'success', result: 'The answer, once.' });
    expect(run.stderr).toMatch(/attempt 2 of/);
    expect(s.requests).toHaveLength(3);
  });

  it('a mid-stream overloaded_error is retried without leaving half a message', async () => {
    const s = await serve([
      { text: 'Partial answer that will be cut and must not be kept. '.repeat(4), fault: { type: 'midstream_error', afterDeltas: 5, errorType: 'overloaded_error' } },
      { text: 'Complete answer.' },
    ]);
    const run = await runTandem(['-p', 'hi', '--output-format', 'json'], { cwd: t.project, env: testEnv(s.url, t) });
    const result = JSON.parse(run.stdout.trim()) as Line;
    expect(result.result).toBe('Complete answer.');
    expect(result.is_error).toBe(false);
    // The retried request carries no trace of the cut message.
    expect(JSON.stringify(s.requests[1]!.body.messages)).not.toContain('Partial answer');
  });
});

describe('a scripted read-edit-answer session', () => {
  const script = (): ScriptedTurn[] => [
    { content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' } }] },
    { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'notes.txt', old_string: 'teh', new_string: 'the' } }] },
    { text: 'Fixed the typo.' },
  ];

  it('runs green with --allowedTools Read,Edit', async () => {
    writeFileSync(join(t.project, 'notes.txt'), 'fix teh typo\n');
    const s = await serve(script());
    const run = await runTandem(['-p', 'fix the typo', '--allowedTools', 'Read,Edit', '--output-format', 'json'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(run.code).toBe(0);
    expect(readFileSync(join(t.project, 'notes.txt'), 'utf8')).toBe('fix the typo\n');
    const result = JSON.parse(run.stdout) as Line;
    expect(result).toMatchObject({ subtype: 'success', result: 'Fixed the typo.', num_turns: 3, permission_denials: [] });
    // Each tool_use was answered by exactly one tool_result in the next request.
    const second = s.requests[1]!.body.messages as Line[];
    expect(second[second.length - 1]!.content.filter((b: Line) => b.type === 'tool_result')).toHaveLength(1);
  });

  it('without the flag the edit is denied, the file is unchanged and the model is told which flag allows it', async () => {
    writeFileSync(join(t.project, 'notes.txt'), 'fix teh typo\n');
    const s = await serve(script());
    const run = await runTandem(['-p', 'fix the typo', '--output-format', 'json'], { cwd: t.project, env: testEnv(s.url, t) });
    expect(readFileSync(join(t.project, 'notes.txt'), 'utf8')).toBe('fix teh typo\n');
    const result = JSON.parse(run.stdout) as Line;
    expect(result.permission_denials.map((d: Line) => d.tool_name)).toEqual(['Edit']);
    const third = s.requests[2]!.body.messages as Line[];
    const denial = third[third.length - 1]!.content.find((b: Line) => b.type === 'tool_result');
    expect(denial.is_error).toBe(true);
    expect(denial.content).toMatch(/--allowedTools|--permission-mode/);
  });

  it('a missing API key is a clear message, not a stack', async () => {
    const env = testEnv('http://127.0.0.1:9', t);
    delete env.ANTHROPIC_API_KEY;
    const run = await runTandem(['-p', 'hi'], { cwd: t.project, env });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/ANTHROPIC_API_KEY/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads the prompt from stdin and prints plain text by default', async () => {
    const s = await serve([{ text: 'From stdin.' }]);
    const run = await runTandem(['-p'], { cwd: t.project, env: testEnv(s.url, t), input: 'say something' });
    expect(run.stdout).toBe('From stdin.\n');
    const sent = s.requests[0]!.body.messages[0].content;
    expect(JSON.stringify(sent)).toContain('say something');
    expect(existsSync(join(t.home, '.tandem', 'projects'))).toBe(true);
  });
});

describe('a reader that stops reading', () => {
  it('`tandem -p ... | head -1`: tandem exits quietly, no EPIPE stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('./harness');
    const s = await serve([{ text: 'hello there' }]);
    // head takes the first line and leaves; tandem's later lines then meet a closed pipe.
    const script = `"${process.execPath}" "${BIN}" -p hi --output-format stream-json --verbose </dev/null 2>stderr.txt | head -1 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`;
    // Not spawnSync: the fake server answers from this process.
    const child = spawn('bash', ['-c', script], { cwd: t.project, env: testEnv(s.url, t) });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    expect(out.trim()).toBe('exit=0');
    expect(readFileSync(join(t.project, 'stderr.txt'), 'utf8')).not.toMatch(/EPIPE|Unhandled 'error' event/);
  });
});
