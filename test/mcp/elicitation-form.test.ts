// The form model: a server's requested schema as fields, and the user's values checked against it.
import { describe, expect, it } from 'vitest';
import { checkContent, checkForm, formFields, initialDraft, type FormField } from '../../src/mcp/elicitation-form';
import { ElicitationBroker } from '../../src/engine/elicitation-broker';
import type { EngineEvent } from '../../src/engine/events';

const schema = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email' },
    count: { type: 'integer', minimum: 1, maximum: 5, default: 2 },
    ratio: { type: 'number' },
    ok: { type: 'boolean', default: true },
    size: { type: 'string', oneOf: [{ const: 's', title: 'Small' }, { const: 'l', title: 'Large' }] },
    tags: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, maxItems: 2 },
    when: { type: 'string', format: 'date' },
  },
  required: ['email', 'size'],
};

function fields(): FormField[] {
  const parsed = formFields(schema);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.fields;
}

describe('formFields', () => {
  it('reads every primitive kind, titled choices and defaults', () => {
    const f = fields();
    expect(f.map((x) => x.kind)).toEqual(['text', 'number', 'number', 'boolean', 'choice', 'multi', 'text']);
    expect(initialDraft(f)).toEqual({ email: '', count: '2', ratio: '', ok: true, size: undefined, tags: [], when: '' });
    expect(f[4]).toMatchObject({ options: [{ value: 's', label: 'Small' }, { value: 'l', label: 'Large' }] });
  });

  it('refuses what a form cannot show (nested objects), so the request is declined', () => {
    expect(formFields({ type: 'object', properties: { deep: { type: 'object' } } })).toEqual({ error: expect.stringContaining('deep') });
    expect(formFields({ type: 'array' })).toEqual({ error: expect.any(String) });
  });
});

describe('checkForm', () => {
  it('accepts good values, converting numbers and leaving out empty optional fields', () => {
    const draft = { ...initialDraft(fields()), email: 'a@b.io', size: 'l', tags: ['a'], ratio: '0.5' };
    expect(checkForm(fields(), draft)).toEqual({ ok: true, content: { email: 'a@b.io', count: 2, ratio: 0.5, ok: true, size: 'l', tags: ['a'] } });
  });

  it('names each bad field', () => {
    const draft = { ...initialDraft(fields()), email: 'not-an-email', count: '2.5', ratio: '1e', tags: ['a', 'b', 'c'], when: '2024-13-45' };
    const r = checkForm(fields(), draft);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      email: expect.stringContaining('email'),
      count: 'must be a whole number',
      ratio: 'must be a number',
      size: 'required: pick one',
      tags: 'pick at most 2',
      when: expect.stringContaining('date'),
    });
    expect(checkForm(fields(), { ...draft, count: '9' })).toMatchObject({ errors: { count: 'must be at most 5' } });
  });

  it('checkContent refuses unknown fields, wrong types and values outside the choices', () => {
    const f = fields();
    expect(checkContent(f, { email: 'a@b.io', size: 'xl' })).toMatchObject({ ok: false, errors: { size: 'not one of the choices' } });
    expect(checkContent(f, { email: 'a@b.io', size: 's', extra: 'x' })).toMatchObject({ ok: false, errors: { extra: expect.any(String) } });
    expect(checkContent(f, { email: 'a@b.io', size: 's', ok: 'yes' })).toMatchObject({ ok: false, errors: { ok: 'must be a boolean' } });
    expect(checkContent(f, { email: 'a@b.io', size: 's', count: 3 })).toEqual({ ok: true, content: { email: 'a@b.io', size: 's', count: 3 } });
  });
});

describe('ElicitationBroker', () => {
  it('asks one form at a time, refuses an answer outside the schema, and cancels on abort', async () => {
    const events: EngineEvent[] = [];
    const broker = new ElicitationBroker((e) => events.push(e));
    const abort = new AbortController();
    const first = broker.ask({ server: 's', message: 'm1', fields: fields() }, abort.signal);
    const second = broker.ask({ server: 's', message: 'm2', fields: fields() }, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 0));
    const asked = events.filter((e): e is Extract<EngineEvent, { type: 'elicitation_request' }> => e.type === 'elicitation_request');
    expect(asked.map((e) => e.message)).toEqual(['m1']);
    expect(broker.respond(asked[0]!.requestId, { action: 'accept', content: { email: 'x', size: 's' } })).toBe(false);
    expect(broker.respond(asked[0]!.requestId, { action: 'accept', content: { email: 'x@y.z', size: 's' } })).toBe(true);
    expect(await first).toEqual({ action: 'accept', content: { email: 'x@y.z', size: 's' } });
    await new Promise((r) => setTimeout(r, 0));
    broker.cancelAll();
    expect(await second).toEqual({ action: 'cancel' });
    abort.abort();
    expect(await broker.ask({ server: 's', message: 'm3', fields: [] }, abort.signal)).toEqual({ action: 'cancel' });
  });
});
