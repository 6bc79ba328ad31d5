// What tandem prints in stream-json, checked against what Claude Code prints for the same fake-server answers
// (observed with shared/tools/reference-claude): when each line goes out, status and compaction lines, API errors.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer, ScriptedTurn } from '../../src/fake-server/types';
import { BIN, tempHome, testEnv, type TempHome } from './harness';

let t: TempHome;
let server: FakeServer | undefined;
beforeAll(() => {
  t = tempHome('tandem-stream-out-');
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

const STREAM_IN = ['--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose'];
const user = (text: string) => JSON.stringify({ type: 'user', message: { role: 'user', content: text }, parent_tool_use_id: null, session_id: '' });

interface TimedLine {
  at: number;
  line: any;
}

/** Runs tandem and notes when each stdout line arrived (ms since start). */
function runTimed(args: string[], input: string[] | null, env: Record<string, string>): Promise<{ code: number | null; lines: TimedLine[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: t.project, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const lines: TimedLine[] = [];
    let partial = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      const at = Date.now() - started;
      partial += d.toString();
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) if (text.trim()) lines.push({ at, line: JSON.parse(text) });
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out\n${JSON.stringify(lines)}\n${stderr}`));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, lines, stderr });
    });
    child.stdin.end(input ? input.map((l) => `${l}\n`).join('') : '');
  });
}

describe('lines on time', () => {
  it('a finished block\'s assistant line and its stream events go out before the pause that follows it ends', async () => {
    const pause = 2500;
    const s = await serve([{ content: [{ type: 'thinking', thinking: 'first, think' }, { type: 'text', text: 'then answer' }], blockDelayMs: pause }]);
    const run = await runTimed(['-p', 'hi', '--output-format', 'stream-json', '--verbose', '--include-partial-messages'], null, testEnv(s.url, t));
    expect(run.code).toBe(0);
    const firstBlock = run.lines.find((l) => l.line.type === 'assistant' && l.line.message.content[0].type === 'thinking')!;
    const firstStop = run.lines.find((l) => l.line.type === 'stream_event' && l.line.event.type === 'content_block_stop' && l.line.event.index === 0)!;
    const secondStart = run.lines.find((l) => l.line.type === 'stream_event' && l.line.event.type === 'content_block_start' && l.line.event.index === 1)!;
    expect(firstBlock && firstStop && secondStart).toBeTruthy();
    // The server sends block 1 only after the pause: block 0's lines must not have waited for it.
    expect(secondStart.at - firstBlock.at).toBeGreaterThan(pause / 2);
    expect(secondStart.at - firstStop.at).toBeGreaterThan(pause / 2);
    // Claude Code's order: the block's assistant line, then the raw content_block_stop.
    expect(run.lines.indexOf(firstBlock)).toBeLessThan(run.lines.indexOf(firstStop));
    // Each block line carries a null stop_reason (the message's comes after its last block); the result has it.
    const assistants = run.lines.filter((l) => l.line.type === 'assistant').map((l) => l.line);
    expect(assistants.map((a) => a.message.stop_reason)).toEqual([null, null]);
    expect(run.lines.at(-1)!.line).toMatchObject({ type: 'result', stop_reason: 'end_turn' });
    // With partial messages, a request in flight is announced as system/status "requesting".
    expect(run.lines.some((l) => l.line.type === 'system' && l.line.subtype === 'status' && l.line.status === 'requesting')).toBe(true);
  }, 60_000);

  it('without --include-partial-messages there is no "requesting" status and no stream_event', async () => {
    const s = await serve([{ text: 'plain' }]);
    const run = await runTimed(['-p', 'hi', '--output-format', 'stream-json', '--verbose'], null, testEnv(s.url, t));
    expect(run.lines.map((l) => l.line.type)).toEqual(['system', 'assistant', 'result']);
  });
});

describe('compaction', () => {
  it('/compact in stream-json input: status compacting, status null with compact_result, compact_boundary, a local_command result', async () => {
    const s = await serve([{ text: 'hello there' }, { text: '<summary>we said hello</summary>' }, { text: 'after the summary' }]);
    const run = await runTimed(STREAM_IN, [user('hi'), user('/compact keep the greeting'), user('again')], testEnv(s.url, t));
    expect(run.code).toBe(0);
    const lines = run.lines.map((l) => l.line).filter((l) => !(l.type === 'system' && l.subtype === 'init'));
    const kinds = lines.map((l) => (l.type === 'system' ? `system/${l.subtype}` : l.type));
    expect(kinds).toEqual(['assistant', 'result', 'system/status', 'system/status', 'system/compact_boundary', 'result', 'assistant', 'result']);
    expect(lines[2]).toMatchObject({ status: 'compacting', session_id: expect.any(String), uuid: expect.any(String) });
    expect(lines[3]).toMatchObject({ status: null, compact_result: 'success' });
    const boundary = lines[4];
    expect(boundary.compact_metadata.trigger).toBe('manual');
    // The size of the context before: what the last request measured (its input and output tokens).
    expect(boundary.compact_metadata.pre_tokens).toBeGreaterThan(100);
    expect(boundary.compact_metadata.post_tokens).toBeLessThan(boundary.compact_metadata.pre_tokens);
    expect(lines[5]).toMatchObject({ type: 'result', subtype: 'success', is_error: false, num_turns: 0, local_command: 'compact', result: '' });
    // /compact ran locally: the model was asked for a summary (with the focus), not sent "/compact" as a prompt.
    const summaryRequest = JSON.stringify(s.requests[1]!.body.messages);
    expect(summaryRequest).toContain('keep the greeting');
    expect(JSON.stringify(s.requests[2]!.body.messages)).toContain('we said hello');
    expect(JSON.stringify(s.requests[2]!.body.messages)).not.toContain('hello there');
  }, 60_000);

  it('automatic compaction near the context limit says so: status lines and a compact_boundary with trigger auto', async () => {
    const s = await serve([{ text: 'hello there' }, { text: '<summary>a greeting</summary>' }, { text: 'second answer' }]);
    // A threshold of a tiny fraction of the window: the first turn's context is over it, so the next prompt compacts.
    const run = await runTimed([...STREAM_IN, '--settings', JSON.stringify({ compactThreshold: 0.0001 })], [user('hi'), user('go on')], testEnv(s.url, t));
    const lines = run.lines.map((l) => l.line).filter((l) => !(l.type === 'system' && l.subtype === 'init'));
    const kinds = lines.map((l) => (l.type === 'system' ? `system/${l.subtype}` : l.type));
    expect(kinds).toEqual(['assistant', 'result', 'system/status', 'system/status', 'system/compact_boundary', 'assistant', 'result']);
    expect(lines[4].compact_metadata).toMatchObject({ trigger: 'auto', pre_tokens: expect.any(Number) });
    expect(lines[5].message.content[0].text).toBe('second answer');
  }, 60_000);

  it('/compact with nothing to compact is an error result that says why, and the session goes on', async () => {
    const s = await serve([{ text: 'still here' }]);
    const run = await runTimed(STREAM_IN, [user('/compact'), user('hi')], testEnv(s.url, t));
    const results = run.lines.map((l) => l.line).filter((l) => l.type === 'result');
    expect(results[0]).toMatchObject({ is_error: true, local_command: 'compact', errors: [expect.stringMatching(/send a message first/)] });
    expect(results[1]).toMatchObject({ is_error: false, result: 'still here' });
    expect(run.code).toBe(0);
  }, 60_000);
});

describe('API errors in Claude Code\'s form', () => {
  for (const [status, error, type] of [
    [400, 'unknown', 'invalid_request_error'],
    [401, 'authentication_failed', 'authentication_error'],
    [429, 'rate_limit', 'rate_limit_error'],
    [529, 'server_error', 'overloaded_error'],
  ] as const) {
    it(`${status}: a synthetic assistant message, then a result with is_error and api_error_status ${status}`, async () => {
      // Retried statuses fail on every attempt (retry-after 0 keeps the test fast).
      server = await startFakeServer({ respond: () => ({ fault: { type: 'status', status, retryAfterMs: 0 } }) });
      const run = await runTimed(['-p', 'hi', '--output-format', 'stream-json', '--verbose'], null, testEnv(server.url, t));
      expect(run.code).toBe(1);
      const lines = run.lines.map((l) => l.line);
      const retries = lines.filter((l) => l.type === 'system' && l.subtype === 'api_retry');
      if (status === 429 || status === 529) {
        expect(retries.length).toBeGreaterThan(0);
        expect(retries[0]).toMatchObject({ attempt: 1, error_status: status, error, retry_delay_ms: expect.any(Number), max_retries: expect.any(Number) });
      } else expect(retries).toHaveLength(0);
      const [assistant, result] = lines.slice(-2);
      expect(assistant).toMatchObject({
        type: 'assistant',
        message: { model: '<synthetic>', role: 'assistant', type: 'message', stop_reason: 'stop_sequence', content: [{ type: 'text', text: expect.stringMatching(new RegExp(`^API Error: ${status} `)) }] },
        parent_tool_use_id: null,
        error,
        api_error_status: status,
        api_error_type: type,
        is_api_error_message: true,
      });
      expect(result).toMatchObject({
        type: 'result',
        subtype: 'success',
        is_error: true,
        num_turns: 1,
        api_error_status: status,
        result: assistant.message.content[0].text,
        stop_reason: 'stop_sequence',
      });
      expect(result.errors).toBeUndefined();
    }, 60_000);
  }

  it('a successful result says api_error_status null', async () => {
    const s = await serve([{ text: 'fine' }]);
    const run = await runTimed(['-p', 'hi', '--output-format', 'stream-json', '--verbose'], null, testEnv(s.url, t));
    expect(run.lines.at(-1)!.line).toMatchObject({ type: 'result', subtype: 'success', is_error: false, api_error_status: null });
  });
});

describe('the result line: num_turns, denials, usage, tool results', () => {
  const result = (lines: TimedLine[]) => lines.at(-1)!.line;
  const streamed = (env: Record<string, string>, extra: string[] = []) => runTimed(['-p', 'go', '--output-format', 'stream-json', '--verbose', ...extra], null, env);

  it('num_turns counts the prompt and each tool result, as Claude Code does', async () => {
    writeFileSync(join(t.project, 'a.txt'), 'A\n');
    writeFileSync(join(t.project, 'b.txt'), 'B');
    const read = (file: string) => ({ type: 'tool_use', name: 'Read', input: { file_path: join(t.project, file) } }) as const;
    const cases: Array<[string, ScriptedTurn[], string[], number]> = [
      ['a plain answer', [{ text: 'hi' }], [], 1],
      ['one tool call', [{ content: [read('a.txt')] }, { text: 'done' }], [], 2],
      ['two tool calls in one message', [{ content: [{ type: 'text', text: 'reading' }, read('a.txt'), read('b.txt')] }, { text: 'done' }], [], 3],
      ['a subagent (its own turns are not counted)', [
        { content: [{ type: 'tool_use', name: 'Task', input: { description: 'look', prompt: 'read a.txt', subagent_type: 'general-purpose' } }] },
        { content: [read('a.txt')] },
        { text: 'the subagent is done' },
        { text: 'done' },
      ], ['--allowedTools', 'Task,Read'], 2],
    ];
    for (const [what, turns, extra, expected] of cases) {
      const s = await serve(turns);
      const run = await streamed(testEnv(s.url, t), extra);
      expect({ what, num_turns: result(run.lines).num_turns, subtype: result(run.lines).subtype }).toEqual({ what, num_turns: expected, subtype: 'success' });
      await s.close();
      server = undefined;
    }
  }, 120_000);

  it('--max-turns 1 after a tool call: error_max_turns, num_turns 2, errors say why', async () => {
    writeFileSync(join(t.project, 'a.txt'), 'A\n');
    const s = await serve([{ content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(t.project, 'a.txt') } }] }, { text: 'never sent' }]);
    const run = await streamed(testEnv(s.url, t), ['--max-turns', '1']);
    expect(result(run.lines)).toMatchObject({ subtype: 'error_max_turns', is_error: true, num_turns: 2, errors: [expect.stringContaining('--max-turns 1')] });
    expect(s.requests).toHaveLength(1);
  });

  it('a refused call: a permission_denied line before its result, and an entry in permission_denials', async () => {
    const s = await serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch made.txt', description: 'make a file' } }] }, { text: 'ok' }]);
    const run = await streamed(testEnv(s.url, t));
    const lines = run.lines.map((l) => l.line);
    const denial = lines.findIndex((l) => l.type === 'system' && l.subtype === 'permission_denied');
    const user = lines.findIndex((l) => l.type === 'user');
    expect(denial).toBeGreaterThan(0);
    expect(denial).toBe(user - 1);
    const callId = lines[user].message.content[0].tool_use_id;
    expect(lines[denial]).toMatchObject({ tool_name: 'Bash', tool_use_id: callId, message: lines[user].message.content[0].content });
    expect(lines[user].message.content[0].is_error).toBe(true);
    expect(result(run.lines).permission_denials).toEqual([{ tool_name: 'Bash', tool_use_id: callId, tool_input: { command: 'touch made.txt', description: 'make a file' } }]);
    expect(result(run.lines).num_turns).toBe(2);
  });

  it('Read: N<tab> lines, no is_error on success; Bash: is_error false; modelUsage and duration_api_ms as the SDK declares', async () => {
    writeFileSync(join(t.project, 'notes.txt'), 'alpha\nbeta\n\tgamma\n');
    const s = await serve([
      { content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(t.project, 'notes.txt') } }], deltaDelayMs: 20 },
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo fine', description: 'say fine' } }] },
      { text: 'done' },
    ]);
    const run = await streamed(testEnv(s.url, t), ['--allowedTools', 'Read,Bash']);
    const users = run.lines.map((l) => l.line).filter((l) => l.type === 'user');
    const readResult = users[0].message.content[0];
    // Claude Code's model-facing form: the number, a tab, the line; the final line break leaves an empty line 4.
    expect(readResult.content).toBe('1\talpha\n2\tbeta\n3\t\tgamma\n4\t');
    expect('is_error' in readResult).toBe(false);
    expect(users[0].tool_use_result).toEqual({ type: 'text', file: { filePath: join(t.project, 'notes.txt'), content: 'alpha\nbeta\n\tgamma\n', numLines: 4, startLine: 1, totalLines: 4 } });
    // The model saw the same text.
    expect(JSON.stringify(s.requests[1]!.body.messages)).toContain(JSON.stringify('1\talpha\n2\tbeta\n3\t\tgamma\n4\t'));
    expect(users[1].message.content[0].is_error).toBe(false);
    expect(users[1].tool_use_result).toMatchObject({ stdout: expect.stringContaining('fine'), stderr: '', interrupted: false });
    const final = result(run.lines);
    expect(final.num_turns).toBe(3);
    expect(final.duration_api_ms).toBeGreaterThan(0);
    expect(final.duration_api_ms).toBeLessThanOrEqual(final.duration_ms);
    const usage = Object.values(final.modelUsage)[0] as Record<string, unknown>;
    for (const key of ['inputTokens', 'outputTokens', 'cacheReadInputTokens', 'cacheCreationInputTokens', 'webSearchRequests', 'costUSD', 'contextWindow', 'maxOutputTokens']) {
      expect(typeof usage[key], key).toBe('number');
    }
  });

  it('in a stream-json session each result carries the running total cost', async () => {
    const s = await serve([{ text: 'one' }, { text: 'two' }]);
    const run = await runTimed(STREAM_IN, [user('first'), user('second')], testEnv(s.url, t));
    const results = run.lines.map((l) => l.line).filter((l) => l.type === 'result');
    expect(results).toHaveLength(2);
    expect(results[0].total_cost_usd).toBeGreaterThan(0);
    expect(results[1].total_cost_usd).toBeGreaterThan(results[0].total_cost_usd);
    // modelUsage is the session's too: the second result's tokens include the first turn's.
    const first = Object.values(results[0].modelUsage)[0] as { outputTokens: number };
    const second = Object.values(results[1].modelUsage)[0] as { outputTokens: number };
    expect(second.outputTokens).toBeGreaterThan(first.outputTokens);
  });
});
