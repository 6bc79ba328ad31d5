import { describe, expect, it } from 'vitest';
import type { Message, ModelRequest } from '../../src/model/types';
import { countBreakpoints, withCacheBreakpoints } from '../../src/session/cache-breakpoints';

const tools = [
  { name: 'Read', description: 'r', input_schema: { type: 'object' } },
  { name: 'Bash', description: 'b', input_schema: { type: 'object' } },
];

/** A scripted agent loop: prompt, tool call, tool result, answer, next prompt... */
function conversation(turns: number): Message[][] {
  const history: Message[] = [];
  const snapshots: Message[][] = [];
  for (let i = 0; i < turns; i++) {
    if (i % 3 === 0) history.push({ role: 'user', content: `prompt ${i}` });
    else history.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i - 1}`, content: `out ${i}` }] });
    snapshots.push(structuredClone(history));
    history.push({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: `think ${i}`, signature: 'sig' },
        { type: 'text', text: `answer ${i}` },
        { type: 'tool_use', id: `t${i}`, name: 'Bash', input: { command: 'ls' } },
      ],
    });
  }
  return snapshots;
}

const request = (messages: Message[]): ModelRequest => ({ model: 'claude-sonnet-5-5', max_tokens: 100, system: 'You are tandem.', tools, messages });

/** Positions of breakpoints in the flattened request: [section, messageIndex, blockIndex]. */
function breakpointPositions(req: ModelRequest): Array<{ message: number; block: number }> {
  const out: Array<{ message: number; block: number }> = [];
  req.messages.forEach((m, mi) => {
    if (typeof m.content !== 'string') m.content.forEach((b, bi) => ('cache_control' in b && b.cache_control ? out.push({ message: mi, block: bi }) : undefined));
  });
  return out;
}

function strip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === 'cache_control' ? undefined : v)));
}

describe('withCacheBreakpoints', () => {
  it('marks last tool, system, newest message and the previous user message, at most 4', () => {
    const req = request(conversation(5)[4]!);
    const out = withCacheBreakpoints(req);
    expect(countBreakpoints(out)).toBe(4);
    expect((out.tools![1] as { cache_control?: unknown }).cache_control).toEqual({ type: 'ephemeral' });
    expect((out.tools![0] as { cache_control?: unknown }).cache_control).toBeUndefined();
    expect(out.system).toEqual([{ type: 'text', text: 'You are tandem.', cache_control: { type: 'ephemeral' } }]);
    const last = out.messages.length - 1;
    expect(breakpointPositions(out)).toEqual([
      { message: last - 2, block: 0 },
      { message: last, block: 0 },
    ]);
  });

  it('does not mutate its input and replaces earlier marks instead of adding to them', () => {
    const req = request(conversation(7)[6]!);
    const before = structuredClone(req);
    const once = withCacheBreakpoints(req);
    expect(req).toEqual(before);
    const twice = withCacheBreakpoints(once);
    expect(countBreakpoints(twice)).toBe(4);
    expect(twice).toEqual(once);
  });

  it('never marks a thinking block: moves to an earlier block of the message', () => {
    const messages: Message[] = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'text', text: 'a' }, { type: 'thinking', thinking: 't', signature: 's' }, { type: 'redacted_thinking', data: 'x' }] },
    ];
    const out = withCacheBreakpoints({ model: 'm', max_tokens: 1, messages });
    expect(out.messages[1]!.content).toEqual([
      { type: 'text', text: 'a', cache_control: { type: 'ephemeral' } },
      { type: 'thinking', thinking: 't', signature: 's' },
      { type: 'redacted_thinking', data: 'x' },
    ]);
    const onlyThinking = withCacheBreakpoints({ model: 'm', max_tokens: 1, messages: [messages[0]!, { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 's' }] }] });
    expect(JSON.stringify(onlyThinking.messages[1])).not.toContain('cache_control');
    expect(countBreakpoints(onlyThinking)).toBe(1); // the user message
  });

  it('keeps prefixes stable: each turn reads what the turn before wrote', () => {
    const snapshots = conversation(12);
    for (let n = 0; n + 1 < snapshots.length; n++) {
      const a = withCacheBreakpoints(request(snapshots[n]!));
      const b = withCacheBreakpoints(request(snapshots[n + 1]!));
      expect(strip(a.tools)).toEqual(strip(b.tools));
      expect(strip(a.system)).toEqual(strip(b.system));
      for (const pos of breakpointPositions(a)) {
        // the content up to every breakpoint of turn n is unchanged in turn n+1 ...
        expect(strip(b.messages.slice(0, pos.message + 1))).toEqual(strip(a.messages.slice(0, pos.message + 1)));
      }
      // ... and turn n's newest breakpoint is also a breakpoint of turn n+1, so it is read, not rewritten.
      const newest = breakpointPositions(a).at(-1)!;
      expect(breakpointPositions(b)).toContainEqual(newest);
    }
  });
});
