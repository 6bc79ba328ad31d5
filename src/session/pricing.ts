// The one price table: US dollars per million tokens, per model family. Settings may override any entry
// (`pricing: {"claude-sonnet-5-5": {...}}` or by family `{"sonnet": {...}}`). Model ids are matched by
// family substring so new dated ids price correctly without an edit here.
import type { Usage } from '../model/types';

export interface ModelPrice {
  /** Uncached input. */
  input: number;
  output: number;
  /** Writing to the 5-minute cache (1.25x input). */
  cacheWrite: number;
  /** Reading from the cache (0.1x input). */
  cacheRead: number;
}

export type PricingOverrides = Record<string, Partial<ModelPrice>>;

const price = (input: number, output: number): ModelPrice => ({ input, output, cacheWrite: input * 1.25, cacheRead: input / 10 });

/** First match wins, so the specific (older, differently priced) ids come before the family catch-alls. */
const TABLE: ReadonlyArray<{ family: string; match: RegExp; price: ModelPrice }> = [
  // Opus up to 4.1 kept the old price; 4.5 and later cost a third of it.
  { family: 'opus-legacy', match: /claude-3-opus|opus-4(?:-[01])?(?:-\d{8})?$/, price: price(15, 75) },
  { family: 'opus', match: /opus/, price: price(5, 25) },
  { family: 'haiku-3', match: /claude-3-haiku/, price: { input: 0.25, output: 1.25, cacheWrite: 0.3, cacheRead: 0.03 } },
  { family: 'haiku-3-5', match: /claude-3-5-haiku|haiku-3-5/, price: price(0.8, 4) },
  { family: 'haiku', match: /haiku/, price: price(1, 5) },
  { family: 'sonnet', match: /sonnet/, price: price(3, 15) },
  // No published price we know of: assumed at the sonnet level. Override in settings when it differs.
  { family: 'fable', match: /fable/, price: price(3, 15) },
];

const FALLBACK = { family: 'unknown (priced as sonnet)', price: price(3, 15) };

export function priceFor(model: string, overrides?: PricingOverrides): { family: string; price: ModelPrice } {
  const id = model.toLowerCase();
  const base = TABLE.find((row) => row.match.test(id)) ?? FALLBACK;
  const override = findOverride(id, overrides);
  return override ? { family: base.family, price: { ...base.price, ...cleanOverride(override) } } : { family: base.family, price: base.price };
}

function findOverride(id: string, overrides?: PricingOverrides): Partial<ModelPrice> | undefined {
  if (!overrides) return undefined;
  let best: { key: string; value: Partial<ModelPrice> } | undefined;
  for (const [key, value] of Object.entries(overrides)) {
    const k = key.toLowerCase();
    if (k === id) return value;
    if (k && id.includes(k) && (!best || k.length > best.key.length)) best = { key: k, value };
  }
  return best?.value;
}

function cleanOverride(value: Partial<ModelPrice>): Partial<ModelPrice> {
  const out: Partial<ModelPrice> = {};
  for (const field of ['input', 'output', 'cacheWrite', 'cacheRead'] as const) {
    const v = value[field];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[field] = v;
  }
  return out;
}

export function costUsd(model: string, usage: Partial<Usage>, overrides?: PricingOverrides): number {
  const { price: p } = priceFor(model, overrides);
  return (
    ((usage.input_tokens ?? 0) * p.input +
      (usage.output_tokens ?? 0) * p.output +
      (usage.cache_creation_input_tokens ?? 0) * p.cacheWrite +
      (usage.cache_read_input_tokens ?? 0) * p.cacheRead) /
    1_000_000
  );
}

export const DEFAULT_CONTEXT_WINDOW = 200_000;

/** Tokens the model accepts in one request. `[1m]` marks the long-context variant (as in `claude-sonnet-4-5[1m]`). */
export function contextWindow(model: string, overrides?: Record<string, number>): number {
  const id = model.toLowerCase();
  if (overrides) {
    let best: [string, number] | undefined;
    for (const [key, value] of Object.entries(overrides)) {
      const k = key.toLowerCase();
      if (k && id.includes(k) && value > 0 && (!best || k.length > best[0].length)) best = [k, value];
    }
    if (best) return best[1];
  }
  if (id.endsWith('[1m]')) return 1_000_000;
  return DEFAULT_CONTEXT_WINDOW;
}
