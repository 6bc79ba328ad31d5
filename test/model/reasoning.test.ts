// What thinking and effort become for each model family (the families Claude Code treats differently).
import { describe, expect, it } from 'vitest';
import { ReasoningControl, modelReasoning, reasoningFor } from '../../src/model/reasoning';
import type { ModelRequest } from '../../src/model/types';

describe('modelReasoning', () => {
  it.each([
    ['claude-sonnet-5-5', 'adaptive-only', true],
    ['claude-fable-5-2', 'adaptive-only', true],
    ['claude-opus-4-6', 'adaptive', true],
    ['claude-sonnet-4-6', 'adaptive', true],
    ['claude-opus-4-5', 'budget', true],
    ['claude-opus-4-5-20251101', 'budget', true],
    ['claude-sonnet-4-5', 'budget', false],
    ['claude-haiku-4-5', 'budget', false],
    ['claude-sonnet-4', 'budget', false],
    ['claude-3-7-sonnet-20250219', 'budget', false],
    ['claude-3-5-haiku-20241022', 'none', false],
    ['my-proxy-model', 'unknown', true],
  ] as const)('%s: thinking %s, effort %s', (model, thinking, effort) => {
    expect(modelReasoning(model)).toEqual({ thinking, effort });
  });
});

describe('reasoningFor', () => {
  it('a budget stays below max_tokens and at least 1024', () => {
    expect(reasoningFor('claude-sonnet-4-5', { thinking: { type: 'budget', tokens: 50_000 } }, 16_384).thinking).toEqual({ type: 'enabled', budget_tokens: 16_383 });
    expect(reasoningFor('claude-sonnet-4-5', { thinking: { type: 'adaptive' } }, 16_384).thinking).toEqual({ type: 'enabled', budget_tokens: 16_383 });
    expect(reasoningFor('claude-sonnet-4-5', { thinking: { type: 'budget', tokens: 1 } }, 16_384).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
  });

  it('a budget on an adaptive model asks for adaptive thinking', () => {
    expect(reasoningFor('claude-opus-4-6', { thinking: { type: 'budget', tokens: 5000 } }, 16_384).thinking).toEqual({ type: 'adaptive' });
  });

  it('a model that does not think gets no thinking and a warning', () => {
    const shape = reasoningFor('claude-3-5-haiku-20241022', { thinking: { type: 'adaptive' }, effort: 'low' }, 8192);
    expect(shape.thinking).toBeUndefined();
    expect(shape.effort).toBeUndefined();
    expect(shape.warnings).toHaveLength(2);
  });
});

describe('ReasoningControl', () => {
  const request = (model: string): ModelRequest => ({ model, messages: [], max_tokens: 16_384 });

  it('leaves a request alone when nothing was asked', () => {
    const control = new ReasoningControl({});
    const r = request('claude-sonnet-4-5');
    expect(control.apply(r)).toBe(r);
  });

  it('warns once per model, and set_max_thinking_tokens changes the next request', () => {
    const warnings: string[] = [];
    const control = new ReasoningControl({ effort: 'high' }, (m) => warnings.push(m));
    control.apply(request('claude-haiku-4-5'));
    control.apply(request('claude-haiku-4-5'));
    expect(warnings).toHaveLength(1);
    control.setMaxThinkingTokens(4096);
    expect(control.apply(request('claude-sonnet-4-5')).thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    control.setMaxThinkingTokens(0);
    expect(control.apply(request('claude-sonnet-4-5')).thinking).toEqual({ type: 'disabled' });
    control.setMaxThinkingTokens(null);
    expect(control.apply(request('claude-sonnet-4-5')).thinking).toBeUndefined();
    expect(control.current()).toEqual({ effort: 'high' });
  });
});
