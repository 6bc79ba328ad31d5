import { describe, expect, it, vi } from 'vitest';
import { initialState, reduce, reduceMany } from '../../src/ui/state/reducer';
import { splitForCommit } from '../../src/ui/state/commit-point';
import { EventBatcher } from '../../src/ui/state/event-batcher';
import type { EngineEvent, Speaker } from '../../src/engine/events';
import type { ScreenState } from '../../src/ui/state/types';
import { mainSpeaker } from './fake-controller';

const delta = (text: string, speaker: Speaker = mainSpeaker): EngineEvent => ({ type: 'text_delta', speaker, text });
const markdownItems = (s: ScreenState) => s.staticItems.filter((i) => i.kind === 'markdown').map((i) => (i.kind === 'markdown' ? i.text : ''));

describe('commit points', () => {
  it('cuts at the last blank line outside a fence', () => {
    expect(splitForCommit('para one\n\npara two\n\npara thr')).toEqual({ head: 'para one\n\npara two', tail: 'para thr' });
  });
  it('never cuts at a blank line inside a code fence', () => {
    expect(splitForCommit('```ts\nconst a = 1;\n\nconst b = 2;\n')).toBeNull();
    const s = splitForCommit('intro\n\n```ts\na\n\nb\n```\nmore');
    expect(s?.head).toBe('intro');
  });
  it('splits a very long fence by closing and reopening it', () => {
    const body = Array.from({ length: 70 }, (_, i) => `line ${i}`).join('\n');
    const s = splitForCommit('```py\n' + body + '\nlast');
    expect(s?.head.endsWith('\n```')).toBe(true);
    expect(s?.tail.startsWith('```py\n')).toBe(true);
  });
});

describe('reducer', () => {
  it('commits streamed text at a blank line and keeps the tail live', () => {
    let s = reduce(initialState(), { type: 'assistant_start', speaker: mainSpeaker, messageId: 'm1' });
    s = reduceMany(s, [delta('# Title\n'), delta('Hello wor')]);
    expect(markdownItems(s)).toEqual([]);
    s = reduceMany(s, [delta('ld\n\nSecond para')]);
    expect(markdownItems(s)).toEqual(['# Title\nHello world']);
    expect(s.streams['main']!.text).toBe('Second para');
  });

  it('keeps a code fence with blank lines live until it closes', () => {
    let s = reduce(initialState(), { type: 'assistant_start', speaker: mainSpeaker, messageId: 'm1' });
    s = reduceMany(s, [delta('```js\nlet a;\n\nlet b;\n\n')]);
    expect(markdownItems(s)).toEqual([]);
    s = reduceMany(s, [delta('```\n\nafter')]);
    expect(markdownItems(s)).toEqual(['```js\nlet a;\n\nlet b;\n\n```']);
  });

  it('a retry discards the partial text', () => {
    let s = reduceMany(initialState(), [{ type: 'assistant_start', speaker: mainSpeaker, messageId: 'm1' }, delta('half an ans')]);
    s = reduce(s, { type: 'retry', speaker: mainSpeaker, attempt: 1, maxAttempts: 3, delayMs: 500, reason: 'overloaded' });
    expect(s.streams['main']!.text).toBe('');
    // The retry is one live line, updated in place: a second retry replaces it, nothing piles up in the transcript.
    expect(s.retry?.text).toBe('overloaded — retrying in 0.5 s, attempt 1 of 3');
    s = reduce(s, { type: 'retry', speaker: mainSpeaker, attempt: 2, maxAttempts: 3, delayMs: 3000, reason: 'overloaded' });
    expect(s.retry?.text).toBe('overloaded — retrying in 3 s, attempt 2 of 3');
    expect(s.staticItems.some((i) => i.kind === 'notice')).toBe(false);
    s = reduceMany(s, [delta('fresh'), { type: 'assistant_block', speaker: mainSpeaker, messageId: 'm1', block: { type: 'text', text: 'fresh' }, message: { id: 'm1', model: 'x', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } } }]);
    expect(markdownItems(s)).toEqual(['fresh']);
    expect(s.retry).toBeNull();
    expect(s.staticItems.filter((i) => i.kind === 'notice').map((i) => (i.kind === 'notice' ? i.text : ''))).toEqual(['overloaded — retried, attempt 2 of 3']);
  });

  it('nests subagent lines under their Task line, labelled with the agent', () => {
    const sub: Speaker = { agent: 'reviewer', color: 'green', model: 'm', parentToolUseId: 'task1', depth: 1 };
    let s = reduceMany(initialState(), [
      { type: 'tool_call', speaker: mainSpeaker, callId: 'task1', name: 'Task', input: { subagent_type: 'reviewer', description: 'review it' } },
      { type: 'tool_state', speaker: mainSpeaker, callId: 'task1', state: 'running' },
      { type: 'assistant_start', speaker: sub, messageId: 's1' },
      delta('Looking at the code.\n\nmore', sub),
    ]);
    const [header, text] = s.staticItems;
    expect(header).toMatchObject({ kind: 'tool', phase: 'header', name: 'Task', depth: 0 });
    expect(text).toMatchObject({ kind: 'markdown', depth: 1, text: 'Looking at the code.', label: { name: 'reviewer', color: 'green' } });
    s = reduceMany(s, [
      { type: 'tool_call', speaker: sub, callId: 'r1', name: 'Read', input: { file_path: '/p/a.ts' } },
      { type: 'tool_result', speaker: sub, callId: 'r1', name: 'Read', summary: 'Read 3 lines', result: { type: 'tool_result', tool_use_id: 'r1', content: 'x' } },
      { type: 'tool_result', speaker: mainSpeaker, callId: 'task1', name: 'Task', summary: 'done', result: { type: 'tool_result', tool_use_id: 'task1', content: 'ok' } },
    ]);
    const tail = s.staticItems.slice(-3);
    expect(tail[0]).toMatchObject({ kind: 'markdown', depth: 1, text: 'more' });
    expect(tail[1]).toMatchObject({ kind: 'tool', depth: 1, name: 'Read', state: 'done' });
    expect(tail[2]).toMatchObject({ kind: 'tool', depth: 0, phase: 'result', name: 'Task' });
    expect(s.tools).toEqual([]);
  });

  it('queues permission prompts in order and drops them when resolved', () => {
    const req = (id: string): EngineEvent => ({
      type: 'permission_request', requestId: id, speaker: mainSpeaker, callId: 'c' + id, toolName: 'Bash', input: {},
      preview: { kind: 'command', command: 'ls', cwd: '/p' }, reason: 'asks', suggestion: { rule: 'Bash(ls:*)', label: 'ls' },
    });
    let s = reduceMany(initialState(), [req('1'), req('2')]);
    expect(s.prompts.map((p) => p.requestId)).toEqual(['1', '2']);
    s = reduce(s, { type: 'permission_resolved', requestId: '1' });
    expect(s.prompts.map((p) => p.requestId)).toEqual(['2']);
  });
});

describe('event batcher', () => {
  it('batches deltas for 30 ms and flushes at once on other events; no timer when idle', () => {
    vi.useFakeTimers();
    try {
      const batches: EngineEvent[][] = [];
      const b = new EventBatcher((e) => batches.push(e), 30);
      b.push(delta('a'));
      b.push(delta('b'));
      expect(batches).toEqual([]);
      expect(b.pending).toBe(true);
      vi.advanceTimersByTime(30);
      expect(batches.length).toBe(1);
      expect(batches[0]!.length).toBe(2);
      expect(b.pending).toBe(false);
      b.push(delta('c'));
      b.push({ type: 'todos', todos: [] });
      expect(batches.length).toBe(2);
      expect(batches[1]!.map((e) => e.type)).toEqual(['text_delta', 'todos']);
      expect(b.pending).toBe(false);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('commit size', () => {
  it('with commitMinLines the tail stays live until it is that long, then its head is printed once per batch', () => {
    let s = reduce(initialState({}, { commitMinLines: 6 }), { type: 'assistant_start', speaker: mainSpeaker, messageId: 'm1' });
    s = reduceMany(s, [delta('one\n\n'), delta('two\n\nthr')]);
    expect(markdownItems(s)).toEqual([]);
    expect(s.streams['main']!.text).toBe('one\n\ntwo\n\nthr');
    s = reduceMany(s, [delta('ee\n\nfour\n\nfi')]);
    expect(markdownItems(s)).toEqual(['one\n\ntwo\n\nthree\n\nfour']);
    expect(s.streams['main']!.text).toBe('fi');
  });
});
