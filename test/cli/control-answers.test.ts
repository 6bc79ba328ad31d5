// How answers from the controlling program are read: anything unclear denies, nothing allows by accident.
import { describe, expect, it } from 'vitest';
import { decisionFrom } from '../../src/cli/run-stream';
import { applyAnswer } from '../../src/cli/sdk-hooks';
import { parseInputLine, splitUserContent } from '../../src/cli/stream-input';
import { ControlChannel } from '../../src/cli/control-protocol';

const empty = { blocked: false, systemMessages: [], errors: [] };

describe('can_use_tool answers', () => {
  it('allow, allow with a new input, deny with message and interrupt', () => {
    expect(decisionFrom({ behavior: 'allow' })).toEqual({ type: 'once' });
    expect(decisionFrom({ behavior: 'allow', updatedInput: { command: 'ls' } })).toEqual({ type: 'once', updatedInput: { command: 'ls' } });
    expect(decisionFrom({ behavior: 'deny', message: 'no', interrupt: true })).toEqual({ type: 'deny', message: 'no', interrupt: true });
  });

  it('an answer without a readable behavior denies', () => {
    for (const answer of [{}, { behavior: 'ALLOW' }, { behavior: ['allow'] }, { allow: true }]) expect(decisionFrom(answer as never).type).toBe('deny');
  });

  it('an updatedInput that is not an object is not used', () => {
    expect(decisionFrom({ behavior: 'allow', updatedInput: 'rm -rf /' })).toEqual({ type: 'once' });
  });
});

describe('SDK hook answers', () => {
  it('deny blocks with the reason; ask beats allow; a later allow does not undo an ask', () => {
    expect(applyAnswer(empty, { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'nope' } })).toMatchObject({ blocked: true, reason: 'nope' });
    const asked = applyAnswer(empty, { hookSpecificOutput: { permissionDecision: 'ask' } });
    expect(applyAnswer(asked, { hookSpecificOutput: { permissionDecision: 'allow' } }).permissionDecision).toBe('ask');
    expect(applyAnswer(empty, { decision: 'block', reason: 'stop' })).toMatchObject({ blocked: true, reason: 'stop' });
    expect(applyAnswer(empty, { continue: false, stopReason: 'enough' }).stop).toEqual({ reason: 'enough' });
  });
});

describe('stdin lines', () => {
  it('reads user messages, control lines, and reports what it cannot read', () => {
    expect(parseInputLine('{"type":"user","message":{"role":"user","content":"hi"}}')).toMatchObject({ kind: 'user', content: 'hi' });
    expect(parseInputLine('{"type":"control_request","request_id":"1","request":{"subtype":"interrupt"}}')).toMatchObject({ kind: 'control_request', requestId: '1' });
    expect(parseInputLine('{"type":"control_response","response":{"subtype":"error","request_id":"2","error":"x"}}')).toEqual({ kind: 'control_response', requestId: '2', ok: false, error: 'x' });
    expect(parseInputLine('{"type":"keep_alive"}')).toEqual({ kind: 'ignored', type: 'keep_alive' });
    expect(parseInputLine('not json').kind).toBe('invalid');
    expect(parseInputLine('{"type":"user","message":{"content":42}}').kind).toBe('invalid');
    expect(parseInputLine('{"type":"control_request","request":{}}').kind).toBe('invalid');
  });

  it('splits text from other blocks', () => {
    const png = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } };
    expect(splitUserContent([{ type: 'text', text: 'a' }, png, { type: 'image', source: {} }, { type: 'text', text: 'b' }])).toEqual({ text: 'a\n\nb', images: [png], others: [{ type: 'image', source: {} }] });
    // A media type the API does not take is not passed on as an image.
    expect(splitUserContent([{ type: 'image', source: { type: 'base64', media_type: 'text/html', data: 'x' } }]).images).toEqual([]);
  });
});

describe('the control channel', () => {
  it('matches answers by id, ignores unknown ids, and fails open requests when stdin closes', async () => {
    const written: any[] = [];
    const channel = new ControlChannel((v) => written.push(v), () => undefined);
    const first = channel.request({ subtype: 'can_use_tool' });
    const second = channel.request({ subtype: 'hook_callback' });
    expect(channel.answer('no-such-id', { ok: true, response: {} })).toBe(false);
    channel.answer(written[0].request_id, { ok: true, response: { behavior: 'allow' } });
    await expect(first).resolves.toEqual({ behavior: 'allow' });
    channel.close();
    await expect(second).rejects.toThrow(/closed stdin/);
    await expect(channel.request({ subtype: 'x' })).rejects.toThrow(/closed stdin/);
  });

  it('a cancelled request sends control_cancel_request', async () => {
    const written: any[] = [];
    const channel = new ControlChannel((v) => written.push(v), () => undefined);
    const abort = new AbortController();
    const pending = channel.request({ subtype: 'can_use_tool' }, abort.signal);
    abort.abort();
    await expect(pending).rejects.toThrow(/cancelled/);
    expect(written.at(-1)).toEqual({ type: 'control_cancel_request', request_id: written[0].request_id });
  });
});
