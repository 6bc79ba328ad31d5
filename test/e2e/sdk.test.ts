// The real Claude Agent SDK (pinned devDependency) drives tandem as its executable, against the fake API server.
// The same file checks the reference, by hand, inside reference-claude's loopback-only namespace:
//   ../shared/tools/reference-claude --netns-run env SDK_EXECUTABLE=/var/tmp/tandem-reference/node_modules/@anthropic-ai/claude-code/bin/claude.exe npx vitest run test/e2e/sdk.test.ts
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSdkMcpServer, query, tool, type Options, type SDKMessage, type SDKUserMessage } from '@anthropic-ai/claude-agent-sdk';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer, ScriptedTurn } from '../../src/fake-server/types';
import { BIN, tempHome, testEnv, type TempHome } from './harness';

const EXECUTABLE = process.env.SDK_EXECUTABLE ?? BIN;

let t: TempHome;
let server: FakeServer | undefined;
beforeAll(() => {
  t = tempHome('tandem-sdk-');
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

function options(s: FakeServer, extra: Partial<Options> = {}): Options {
  const stderr: string[] = [];
  return {
    pathToClaudeCodeExecutable: EXECUTABLE,
    cwd: t.project,
    // Against the reference (SDK_EXECUTABLE set): its own quiet-mode switches; run inside reference-claude's netns.
    env: testEnv(s.url, t, process.env.SDK_EXECUTABLE ? { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_TELEMETRY: '1', DISABLE_AUTOUPDATER: '1', DISABLE_ERROR_REPORTING: '1' } : {}),
    stderr: (text) => stderr.push(text),
    ...extra,
  };
}

async function collect(messages: AsyncIterable<SDKMessage>): Promise<SDKMessage[]> {
  const out: SDKMessage[] = [];
  for await (const message of messages) out.push(message);
  return out;
}

/**
 * Like collect, for runs that end in an interrupted turn: Claude Code exits non-zero after one, and the SDK then
 * throws once the messages are read. What came before the throw is returned.
 */
async function collectInterrupted(messages: AsyncIterable<SDKMessage>, onMessage?: (m: SDKMessage) => Promise<void>): Promise<{ messages: SDKMessage[]; error?: Error }> {
  const out: SDKMessage[] = [];
  try {
    for await (const message of messages) {
      out.push(message);
      await onMessage?.(message);
    }
    return { messages: out };
  } catch (error) {
    return { messages: out, error: error as Error };
  }
}

function resultOf(messages: SDKMessage[]): any {
  return messages.filter((m) => m.type === 'result').at(-1);
}

/** The tool_result blocks tandem sent back to the model in request `index`. */
function toolResultsSent(s: FakeServer, index: number): any[] {
  const body = s.requests.filter((r) => r.path.startsWith('/v1/messages'))[index]?.body;
  const last = body?.messages?.at(-1);
  return Array.isArray(last?.content) ? last.content.filter((b: any) => b.type === 'tool_result') : [];
}

function textOf(block: any): string {
  return typeof block.content === 'string' ? block.content : block.content.map((c: any) => c.text ?? '').join('');
}

const bash = (command: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'Bash', input: { command, description: 'run it' } }] });

describe('the Claude Agent SDK drives tandem', () => {
  it('a simple query: init, assistant text, result', async () => {
    const s = await serve([{ text: 'hello from the model' }]);
    const messages = await collect(query({ prompt: 'say hello', options: options(s) }));
    const init = messages.find((m) => m.type === 'system' && m.subtype === 'init') as any;
    expect(init).toBeDefined();
    expect(init.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(init.tools).toContain('Bash');
    const assistant = messages.find((m) => m.type === 'assistant') as any;
    expect(assistant.message.content[0].text).toBe('hello from the model');
    const result = resultOf(messages);
    expect(result).toMatchObject({ subtype: 'success', is_error: false, result: 'hello from the model', num_turns: 1 });
    expect(result.session_id).toBe(init.session_id);
  }, 60_000);

  it('canUseTool allows with an updated input: the new command runs', async () => {
    const s = await serve([bash('touch original.txt'), { text: 'done' }]);
    const asked: any[] = [];
    const messages = await collect(
      query({
        prompt: 'run it',
        options: options(s, {
          canUseTool: async (toolName, input) => {
            asked.push({ toolName, input });
            return { behavior: 'allow', updatedInput: { ...input, command: 'touch replaced.txt' } };
          },
        }),
      }),
    );
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ toolName: 'Bash', input: { command: 'touch original.txt' } });
    expect(existsSync(join(t.project, 'replaced.txt'))).toBe(true);
    expect(existsSync(join(t.project, 'original.txt'))).toBe(false);
    expect(toolResultsSent(s, 1)[0].is_error).toBeFalsy();
    expect(resultOf(messages)).toMatchObject({ subtype: 'success', result: 'done' });
  }, 60_000);

  it('canUseTool denies with a message: the model reads that message, the denial is recorded', async () => {
    const s = await serve([bash('touch never.txt'), { text: 'understood' }]);
    const messages = await collect(
      query({ prompt: 'run it', options: options(s, { canUseTool: async () => ({ behavior: 'deny', message: 'not on a Sunday' }) }) }),
    );
    const sent = toolResultsSent(s, 1);
    expect(sent[0].is_error).toBe(true);
    expect(textOf(sent[0])).toContain('not on a Sunday');
    const result = resultOf(messages);
    expect(result.permission_denials).toEqual([expect.objectContaining({ tool_name: 'Bash', tool_input: expect.objectContaining({ command: 'touch never.txt' }) })]);
  }, 60_000);

  it('canUseTool denies with interrupt: the turn stops, no second request', async () => {
    const s = await serve([bash('touch never.txt'), { text: 'should not be asked' }]);
    const run = await collectInterrupted(
      query({ prompt: 'run it', options: options(s, { canUseTool: async () => ({ behavior: 'deny', message: 'stop now', interrupt: true }) }) }),
    );
    expect(s.requests.filter((r) => r.path.startsWith('/v1/messages'))).toHaveLength(1);
    expect(resultOf(run.messages)?.is_error ?? run.error).toBeTruthy();
  }, 60_000);

  it('permissionMode acceptEdits writes a file without asking; plan does not', async () => {
    const file = join(t.project, 'accept.txt');
    const write = (path: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'Write', input: { file_path: path, content: 'written\n' } }] });
    let s = await serve([write(file), { text: 'ok' }]);
    const asked: string[] = [];
    const canUseTool: Options['canUseTool'] = async (name) => {
      asked.push(name);
      return { behavior: 'deny', message: 'no' };
    };
    await collect(query({ prompt: 'write', options: options(s, { permissionMode: 'acceptEdits', canUseTool }) }));
    expect(readFileSync(file, 'utf8')).toBe('written\n');
    expect(asked).toEqual([]);
    await server!.close();

    const planned = join(t.project, 'plan.txt');
    s = await serve([write(planned), { text: 'ok' }]);
    server = s;
    await collect(query({ prompt: 'write', options: options(s, { permissionMode: 'plan', canUseTool }) }));
    expect(existsSync(planned)).toBe(false);
  }, 90_000);

  it('an SDK hook callback sees PreToolUse with the input, and its deny reaches the model', async () => {
    const s = await serve([bash('touch guarded.txt'), { text: 'ok' }]);
    const seen: any[] = [];
    await collect(
      query({
        prompt: 'run it',
        options: options(s, {
          canUseTool: async (_name, input) => ({ behavior: 'allow', updatedInput: input }),
          hooks: {
            PreToolUse: [
              {
                matcher: 'Bash',
                hooks: [
                  async (input) => {
                    seen.push(input);
                    return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'the hook says no' } };
                  },
                ],
              },
            ],
          },
        }),
      }),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'touch guarded.txt' } });
    expect(textOf(toolResultsSent(s, 1)[0])).toContain('the hook says no');
  }, 60_000);

  it('an in-process SDK MCP server: its tool is listed, called by the model, and answers', async () => {
    const s = await serve([{ content: [{ type: 'tool_use', name: 'mcp__calc__add', input: { a: 2, b: 3 } }] }, { text: 'five' }]);
    const calls: Array<{ a: number; b: number }> = [];
    const calc = createSdkMcpServer({
      name: 'calc',
      version: '1.0.0',
      tools: [
        tool('add', 'Adds two numbers', { a: z.number(), b: z.number() }, async (args) => {
          calls.push(args);
          return { content: [{ type: 'text', text: `sum=${args.a + args.b}` }] };
        }),
      ],
    });
    const messages = await collect(
      query({ prompt: 'add', options: options(s, { mcpServers: { calc }, canUseTool: async (_n, input) => ({ behavior: 'allow', updatedInput: input }) }) }),
    );
    const init = messages.find((m) => m.type === 'system' && m.subtype === 'init') as any;
    expect(init.mcp_servers).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'calc', status: 'connected' })]));
    // Claude Code defers MCP tools behind its ToolSearch tool; tandem lists them at once.
    if (!process.env.SDK_EXECUTABLE) expect(init.tools).toContain('mcp__calc__add');
    expect(calls).toEqual([{ a: 2, b: 3 }]);
    expect(textOf(toolResultsSent(s, 1)[0])).toContain('sum=5');
    expect(resultOf(messages).result).toBe('five');
  }, 60_000);

  it('streaming input: two messages in one session, the second sees the first', async () => {
    const s = await serve([{ text: 'first answer' }, { text: 'second answer' }]);
    let release!: () => void;
    const firstDone = new Promise<void>((r) => (release = r));
    const user = (text: string): SDKUserMessage => ({ type: 'user', message: { role: 'user', content: text }, parent_tool_use_id: null, session_id: '' });
    async function* prompts(): AsyncGenerator<SDKUserMessage> {
      yield user('one');
      await firstDone;
      yield user('two');
    }
    const results: any[] = [];
    const q = query({ prompt: prompts(), options: options(s) });
    for await (const m of q) {
      if (m.type === 'result') {
        results.push(m);
        if (results.length === 1) release();
        else break;
      }
    }
    expect(results.map((r) => r.result)).toEqual(['first answer', 'second answer']);
    expect(results[0].session_id).toBe(results[1].session_id);
    const second = s.requests.filter((r) => r.path.startsWith('/v1/messages'))[1]!.body;
    expect(JSON.stringify(second.messages)).toContain('first answer');
  }, 60_000);

  it('interrupt() stops a long answer and the query ends', async () => {
    const s = await serve([{ text: 'x'.repeat(4000), chunkChars: 4, deltaDelayMs: 20 }]);
    const q = query({ prompt: 'talk', options: options(s, { includePartialMessages: true }) });
    const started = Date.now();
    let interrupted = false;
    const run = await collectInterrupted(q, async (m) => {
      if (!interrupted && m.type === 'stream_event') {
        interrupted = true;
        await q.interrupt();
      }
    });
    expect(interrupted).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
    const text = run.messages.filter((m) => m.type === 'assistant').map((m: any) => m.message.content.map((b: any) => b.text ?? '').join('')).join('');
    expect(text.length).toBeLessThan(4000);
    expect(resultOf(run.messages)?.is_error ?? run.error).toBeTruthy();
  }, 60_000);

  it('resume by id continues the conversation', async () => {
    const s = await serve([{ text: 'remember 42' }, { text: 'it was 42' }]);
    const first = await collect(query({ prompt: 'the number is 42', options: options(s) }));
    const id = resultOf(first).session_id;
    const second = await collect(query({ prompt: 'what was it?', options: options(s, { resume: id }) }));
    expect(resultOf(second).result).toBe('it was 42');
    const body = s.requests.filter((r) => r.path.startsWith('/v1/messages'))[1]!.body;
    expect(JSON.stringify(body.messages)).toContain('the number is 42');
  }, 60_000);

  it('resume with forkSession goes on under a new id, with the old conversation', async () => {
    const s = await serve([{ text: 'remember 7' }, { text: 'it was 7' }]);
    const first = await collect(query({ prompt: 'the number is 7', options: options(s) }));
    const id = resultOf(first).session_id;
    const forked = await collect(query({ prompt: 'what was it?', options: options(s, { resume: id, forkSession: true }) }));
    expect(resultOf(forked).session_id).not.toBe(id);
    const body = s.requests.filter((r) => r.path.startsWith('/v1/messages'))[1]!.body;
    expect(JSON.stringify(body.messages)).toContain('the number is 7');
  }, 60_000);
});
