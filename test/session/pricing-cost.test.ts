import { describe, expect, it } from 'vitest';
import { CostTracker } from '../../src/session/cost-tracker';
import { contextWindow, costUsd, priceFor } from '../../src/session/pricing';

const million = { input_tokens: 1_000_000, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

describe('pricing', () => {
  it('prices model ids by family, older ids included', () => {
    expect(costUsd('claude-sonnet-5-5', million)).toBeCloseTo(3);
    expect(costUsd('claude-3-5-sonnet-20241022', million)).toBeCloseTo(3);
    expect(costUsd('claude-sonnet-4-20250514', million)).toBeCloseTo(3);
    expect(costUsd('claude-opus-5-5', million)).toBeCloseTo(5);
    expect(costUsd('claude-opus-4-1-20250805', million)).toBeCloseTo(15);
    expect(costUsd('claude-3-opus-20240229', million)).toBeCloseTo(15);
    expect(costUsd('claude-haiku-4-5', million)).toBeCloseTo(1);
    expect(costUsd('claude-haiku-5-5', million)).toBeCloseTo(1);
    expect(costUsd('claude-3-5-haiku-20241022', million)).toBeCloseTo(0.8);
    expect(priceFor('claude-fable-5-2').family).toBe('fable');
  });

  it('prices each kind of token separately', () => {
    const usage = { input_tokens: 1000, output_tokens: 2000, cache_creation_input_tokens: 4000, cache_read_input_tokens: 100_000 };
    // 1000*3 + 2000*15 + 4000*3.75 + 100000*0.3 = 3000 + 30000 + 15000 + 30000 per million
    expect(costUsd('claude-sonnet-5-5', usage)).toBeCloseTo(0.078, 6);
  });

  it('takes overrides by exact id first, then the longest family key', () => {
    const overrides = { sonnet: { input: 10 }, 'claude-sonnet-5-5': { input: 20, output: 1 }, 'sonnet-4': { input: 7 } };
    expect(costUsd('claude-sonnet-5-5', million, overrides)).toBeCloseTo(20);
    expect(costUsd('claude-sonnet-4-20250514', million, overrides)).toBeCloseTo(7);
    expect(costUsd('claude-3-5-sonnet-latest', million, overrides)).toBeCloseTo(10);
    // fields not overridden keep the table's value; nonsense is ignored
    expect(priceFor('claude-sonnet-4-0', { sonnet: { input: -1 } }).price.input).toBe(3);
    expect(priceFor('claude-sonnet-5-5', overrides).price.cacheRead).toBeCloseTo(0.3);
  });

  it('knows context windows', () => {
    expect(contextWindow('claude-sonnet-5-5')).toBe(200_000);
    expect(contextWindow('claude-sonnet-4-5[1m]')).toBe(1_000_000);
    expect(contextWindow('claude-fable-5-2', { fable: 500_000 })).toBe(500_000);
  });
});

describe('CostTracker', () => {
  it('splits usage and dollars by model and by agent', () => {
    const t = new CostTracker();
    const u = (i: number, o: number, w = 0, r = 0) => ({ input_tokens: i, output_tokens: o, cache_creation_input_tokens: w, cache_read_input_tokens: r });
    t.add('claude-sonnet-5-5', 'main', u(1_000_000, 0));
    t.add('claude-opus-5-5', 'main', u(0, 1_000_000));
    t.add('claude-sonnet-5-5', 'reviewer', u(0, 0, 0, 1_000_000));
    const total = t.total();
    expect(total.costUsd).toBeCloseTo(3 + 25 + 0.3);
    expect(total.usage).toMatchObject({ input_tokens: 1_000_000, output_tokens: 1_000_000, cache_read_input_tokens: 1_000_000 });
    expect(t.byModel()['claude-sonnet-5-5']).toMatchObject({ costUsd: expect.closeTo(3.3, 5), requests: 2 });
    expect(t.byAgent().main!.costUsd).toBeCloseTo(28);
    expect(t.byAgent().reviewer!.costUsd).toBeCloseTo(0.3);
    const text = t.summary();
    expect(text).toContain('$28.30');
    expect(text).toMatch(/By model:[\s\S]*claude-opus-5-5: \$25\.00/);
    expect(text).toMatch(/By agent:[\s\S]*reviewer: \$0\.30 \(0 in, 0 out, 0 cache write, 1\.0M cache read\)/);
  });

  it('says so when nothing was spent', () => {
    expect(new CostTracker().summary()).toMatch(/\$0\.00/);
  });
});
