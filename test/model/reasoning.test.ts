// What thinking and effort become for each model family (the families Claude Code treats differently).
import { describe, expect, it } from 'vitest';
import { ReasoningControl, modelReasoning, reasoningFor, reshapeForModel } from '../../src/model/reasoning';
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

describe('reshapeForModel (after a fallback)', () => {
  it('a budget with effort, shaped for a budget model, becomes adaptive thinking with effort on a newer model', () => {
    const control = new ReasoningControl({ thinking: { type: 'budget', tokens: 5000 }, effort: 'high' });
    const forOld = control.apply({ model: 'claude-sonnet-4-5', messages: [], max_tokens: 16_384 });
    expect(forOld.thinking).toEqual({ type: 'enabled', budget_tokens: 5000 });
    expect(forOld.output_config).toBeUndefined();
    // effort was dropped for sonnet-4-5, so only the thinking choice survives in the request
    const forNew = reshapeForModel(forOld, 'claude-sonnet-5-5');
    expect(forNew).toMatchObject({ model: 'claude-sonnet-5-5', thinking: { type: 'adaptive' } });
    expect(forNew.betas).toBeUndefined();
  });

  it('effort and a disabled thinking move to a model that takes neither: both dropped', () => {
    const request: ModelRequest = { model: 'claude-opus-4-6', messages: [], max_tokens: 16_384, thinking: { type: 'disabled' }, output_config: { effort: 'low' }, betas: ['effort-2025-11-24'] };
    const moved = reshapeForModel(request, 'claude-3-5-haiku-20241022');
    expect(moved.thinking).toBeUndefined();
    expect(moved.output_config).toBeUndefined();
    expect(moved.betas).toBeUndefined();
  });

  it('a request without reasoning only changes its model', () => {
    const request: ModelRequest = { model: 'a', messages: [], max_tokens: 10 };
    expect(reshapeForModel(request, 'b')).toEqual({ model: 'b', messages: [], max_tokens: 10 });
  });
});
