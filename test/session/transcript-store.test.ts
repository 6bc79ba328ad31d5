import { readFile, rm, stat, utimes, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { open } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../src/model/types';
import { scrubSecrets } from '../../src/session/scrub';
import {
  TranscriptWriter,
  latestSession,
  listSessions,
  projectSlug,
  readTranscript,
  rebuildState,
  transcriptPath,
} from '../../src/session/transcript-store';
import type { NewTranscriptEntry, TranscriptEntry } from '../../src/session/transcript-store';
import { makeTestTempDir } from '../support/temp-dirs';

let home: string;
const projectRoot = '/work/main';
beforeEach(async () => {
  home = makeTestTempDir('tandem-transcript-');
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const user = (text: string): Message => ({ role: 'user', content: text });
const msg = (message: Message, parentToolUseId: string | null = null): NewTranscriptEntry => ({
  type: 'message',
  message,
  agent: 'main',
  model: 'claude-sonnet-5-5',
  parentToolUseId,
});
const meta = (sessionId: string, agent = 'main'): NewTranscriptEntry => ({
  type: 'session_meta',
  sessionId,
  cwd: projectRoot,
  projectRoot,
  agent,
  model: 'claude-sonnet-5-5',
  mode: 'default',
  version: '0.1.0',
});

describe('TranscriptWriter', () => {
  it('writes one line per entry under projects/<slug>/<id>.jsonl and reads them back', async () => {
    expect(projectSlug('/work/main')).toBe('-work-main');
    const w = await TranscriptWriter.create({ tandemHome: home, projectRoot, sessionId: 's1', secrets: [] });
    expect(w.path).toBe(path.join(home, 'projects', '-work-main', 's1.jsonl'));
    await w.append(meta('s1'));
    await w.append(msg(user('hello')));
    // Resolved means on disk: a separate read sees it at once.
    const raw = await readFile(w.path, 'utf8');
    expect(raw.split('\n').filter(Boolean)).toHaveLength(2);
    await w.close();
    const { entries, warnings, truncatedAtLine } = await readTranscript(w.path);
    expect(warnings).toEqual([]);
    expect(truncatedAtLine).toBeUndefined();
    expect(entries.map((e) => e.type)).toEqual(['session_meta', 'message']);
    expect(entries[1]!.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(entries[1]!.time)).not.toBeNaN();
    expect((await stat(w.path)).mode & 0o777).toBe(0o600);
  });

  it('fsyncs each line before append resolves', async () => {
    const probe = await open(path.join(home, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    const events: string[] = [];
    const original = proto.sync;
    const spy = vi.spyOn(proto, 'sync').mockImplementation(async function (this: unknown) {
      events.push('sync');
      return original.call(this);
    });
    try {
      const w = await TranscriptWriter.create({ tandemHome: home, projectRoot, sessionId: 'sync', secrets: [] });
      await w.append(msg(user('a'))).then(() => events.push('resolved'));
      await w.append(msg(user('b'))).then(() => events.push('resolved'));
      await w.close();
      expect(events).toEqual(['sync', 'resolved', 'sync', 'resolved']);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps concurrent appends in call order', async () => {
    const w = await TranscriptWriter.create({ tandemHome: home, projectRoot, sessionId: 's2', secrets: [] });
    await Promise.all(Array.from({ length: 50 }, (_, i) => w.append(msg(user(`m${i}`)))));
    await w.close();
    const { entries } = await readTranscript(w.path);
    expect(entries.map((e) => (e.type === 'message' ? e.message.content : ''))).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
  });

  it('rejects session ids that could leave the folder', () => {
    expect(() => transcriptPath({ tandemHome: home, projectRoot, sessionId: '../x' })).toThrow(/not a valid session id/);
  });

  it('never writes the API key', async () => {
    const key = 'sk-ant-api03-abcDEF_123-xyz';
    const custom = 'plain-secret-value-42';
    const w = await TranscriptWriter.create({ tandemHome: home, projectRoot, sessionId: 's3', secrets: [custom] });
    await w.append(msg({ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: `export ANTHROPIC_API_KEY=${key} && echo ${custom}`, env: { ANTHROPIC_API_KEY: 'abc123456789' } } }] }));
    await w.append(msg({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: `key is ${key}\nGITHUB_TOKEN="ghp_secretvalue"` }] }));
    await w.append({ type: 'usage', model: 'm', agent: 'main', usage: { input_tokens: 5, output_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 3 }, costUsd: 0 });
    await w.close();
    const raw = await readFile(w.path, 'utf8');
    expect(raw).not.toContain('sk-ant-');
    expect(raw).not.toContain(custom);
    expect(raw).not.toContain('abc123456789');
    expect(raw).not.toContain('ghp_secretvalue');
    expect(raw).toContain('[redacted]');
    // token counts are not secrets
    expect(raw).toContain('"input_tokens":5');
  });

  it('scrub does not change its input', () => {
    const input = { a: 'sk-ant-xyz', nested: { apiKey: 'k' } };
    const out = scrubSecrets(input);
    expect(input.a).toBe('sk-ant-xyz');
    expect(out).toEqual({ a: '[redacted]', nested: { apiKey: '[redacted]' } });
  });
});

describe('readTranscript', () => {
  it('loads up to a line cut by a crash and says so; a resumed writer starts on a new line', async () => {
    const w = await TranscriptWriter.create({ tandemHome: home, projectRoot, sessionId: 'cut', secrets: [] });
    await w.append(meta('cut'));
    await w.append(msg(user('first')));
    await w.close();
    await appendFile(w.path, '{"type":"message","time":"2025-01-01T00:00:00Z","uuid":"u","message":{"role":"assis');
    const read = await readTranscript(w.path);
    expect(read.entries).toHaveLength(2);
    expect(read.truncatedAtLine).toBe(3);
    expect(read.warnings[0]).toMatch(/skipped 1 line .*line 3: cut short/);

    const again = await TranscriptWriter.create({ tandemHome: home, projectRoot, sessionId: 'cut', secrets: [] });
    await again.append(msg(user('after resume')));
    await again.close();
    const reread = await readTranscript(w.path);
    expect(reread.truncatedAtLine).toBeUndefined();
    expect(reread.entries).toHaveLength(3);
    expect(reread.warnings).toEqual([expect.stringMatching(/skipped 1 line .*line 3: not valid JSON/)]);
  });

  it('skips a bad line in the middle with a warning', async () => {
    const file = path.join(home, 'x.jsonl');
    const good = (n: number) => JSON.stringify({ type: 'todos', time: 't', uuid: `u${n}`, todos: [] });
    await writeFile(file, `${good(1)}\nnot json\n{"type":"nonsense"}\n${good(2)}\n`);
    const read = await readTranscript(file);
    expect(read.entries.map((e) => e.uuid)).toEqual(['u1', 'u2']);
    expect(read.warnings).toEqual([expect.stringMatching(/skipped 2 lines .*line 2: not valid JSON; line 3: unknown entry type "nonsense"/)]);
    expect(read.truncatedAtLine).toBeUndefined();
  });
});

describe('listSessions', () => {
  it('lists newest first with first prompt, agent, size and message count', async () => {
    expect(await listSessions({ tandemHome: home, projectRoot })).toEqual([]);
    const a = await TranscriptWriter.create({ tandemHome: home, projectRoot, sessionId: 'aaa', secrets: [] });
    await a.append(meta('aaa', 'reviewer'));
    await a.append(msg({ role: 'user', content: [{ type: 'text', text: 'review\n  the   diff' }] }));
    await a.append(msg({ role: 'assistant', content: [{ type: 'text', text: 'ok' }] }));
    await a.close();
    const b = await TranscriptWriter.create({ tandemHome: home, projectRoot, sessionId: 'bbb', secrets: [] });
    await b.append(meta('bbb'));
    await b.append(msg(user('subagent prompt'), 'toolu_1'));
    await b.append(msg(user('fix the bug')));
    await b.close();
    await utimes(a.path, new Date(), new Date(Date.now() - 60_000));
    // another project's sessions are not listed
    const other = await TranscriptWriter.create({ tandemHome: home, projectRoot: '/elsewhere', sessionId: 'zzz', secrets: [] });
    await other.close();

    const list = await listSessions({ tandemHome: home, projectRoot });
    expect(list.map((s) => s.sessionId)).toEqual(['bbb', 'aaa']);
    expect(list[0]).toMatchObject({ firstPrompt: 'fix the bug', agent: 'main', messageCount: 2 });
    expect(list[1]).toMatchObject({ firstPrompt: 'review the diff', agent: 'reviewer', messageCount: 2 });
    expect(list[1]!.sizeBytes).toBe((await stat(a.path)).size);
    expect((await latestSession({ tandemHome: home, projectRoot }))?.sessionId).toBe('bbb');
  });
});

describe('rebuildState', () => {
  const stamp = (e: NewTranscriptEntry, i: number): TranscriptEntry => ({ time: 't', uuid: `u${i}`, ...e }) as TranscriptEntry;
  const build = (items: NewTranscriptEntry[]) => rebuildState(items.map(stamp));

  it('restores agent, model, mode, todos, rules, usage and the main conversation only', () => {
    const usage = { input_tokens: 10, output_tokens: 2, cache_creation_input_tokens: 1, cache_read_input_tokens: 100 };
    const state = build([
      meta('s'),
      msg(user('hi')),
      msg(user('sub'), 'toolu_x'),
      msg({ role: 'assistant', content: [{ type: 'text', text: 'hello' }] }),
      { type: 'agent_switch', from: 'main', to: 'reviewer' },
      { type: 'model_change', model: 'claude-opus-5-5' },
      { type: 'mode_change', mode: 'acceptEdits' },
      { type: 'todos', todos: [{ content: 'a', status: 'pending', activeForm: 'A' }] },
      { type: 'session_rule', rule: 'Bash(npm test)', behavior: 'allow' },
      { type: 'usage', model: 'claude-sonnet-5-5', agent: 'main', usage, costUsd: 0.5 },
      { type: 'usage', model: 'claude-sonnet-5-5', agent: 'reviewer', usage, costUsd: 0.25 },
    ]);
    expect(state.messages).toEqual([user('hi'), { role: 'assistant', content: [{ type: 'text', text: 'hello' }] }]);
    expect(state).toMatchObject({ agent: 'reviewer', model: 'claude-opus-5-5', mode: 'acceptEdits', sessionId: 's' });
    expect(state.todos).toHaveLength(1);
    expect(state.sessionRules).toEqual([{ rule: 'Bash(npm test)', behavior: 'allow' }]);
    expect(state.usageByModel['claude-sonnet-5-5']!.usage.cache_read_input_tokens).toBe(200);
    expect(state.usageByModel['claude-sonnet-5-5']!.costUsd).toBeCloseTo(0.75);
    expect(state.usageByAgent.reviewer!.costUsd).toBeCloseTo(0.25);
  });

  it('closes tool_use left without a result by a crash and drops incomplete trailing assistant messages', () => {
    const state = build([
      msg(user('run it')),
      msg({ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: {} }, { type: 'tool_use', id: 't2', name: 'Read', input: {} }] }),
      msg({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'done' }] }),
      msg({ role: 'assistant', content: [{ type: 'text', text: 'partial' }] }),
      { ...msg({ role: 'assistant', content: [{ type: 'text', text: 'cut' }] }), incomplete: true } as NewTranscriptEntry,
      msg({ role: 'assistant', content: [] }),
    ]);
    expect(state.messages).toHaveLength(4);
    const results = state.messages[2]!.content as Array<{ type: string; tool_use_id: string; is_error?: boolean; content: unknown }>;
    expect(results.map((r) => r.tool_use_id)).toEqual(['t1', 't2']);
    expect(results[1]).toMatchObject({ is_error: true, content: expect.stringMatching(/^Interrupted: tandem stopped .*may have run completely or only partly/) });
    expect(state.messages[3]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'partial' }] });

    const crashedInTool = build([msg(user('go')), msg({ role: 'assistant', content: [{ type: 'tool_use', id: 'z', name: 'Bash', input: {} }] })]);
    expect(crashedInTool.messages).toHaveLength(3);
    expect(crashedInTool.messages[2]).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'z', is_error: true }] });
  });

  it('replaces everything before a compaction by its summary and keeps what follows', () => {
    const state = build([
      msg(user('old 1')),
      msg({ role: 'assistant', content: [{ type: 'text', text: 'old 2' }] }),
      { type: 'todos', todos: [{ content: 'ship it', status: 'in_progress', activeForm: 'Shipping' }] },
      { type: 'compaction', summary: 'We fixed src/a.ts.', replacedMessages: 2 },
      msg(user('new question')),
    ]);
    expect(state.compactions).toBe(1);
    expect(state.messages).toHaveLength(2);
    const text = JSON.stringify(state.messages[0]);
    expect(text).toContain('We fixed src/a.ts.');
    expect(text).toContain('ship it');
    expect(text).not.toContain('old 1');
    expect(state.messages[1]).toEqual(user('new question'));
  });
});
