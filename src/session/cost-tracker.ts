// The session's bill: usage as the API reported it, priced per model, split by model and by agent for /cost
// and the status line.
import { emptyUsage } from '../model/types';
import type { Usage } from '../model/types';
import { costUsd } from './pricing';
import type { PricingOverrides } from './pricing';
import { addUsage } from './usage-math';

export interface CostLine {
  usage: Usage;
  costUsd: number;
  requests: number;
}

export class CostTracker {
  private readonly models = new Map<string, CostLine>();
  private readonly agents = new Map<string, CostLine>();

  constructor(private readonly overrides?: PricingOverrides) {}

  /** Records one response's usage; returns its price. */
  add(model: string, agent: string, usage: Partial<Usage>): number {
    const cost = costUsd(model, usage, this.overrides);
    bump(this.models, model, usage, cost);
    bump(this.agents, agent, usage, cost);
    return cost;
  }

  /** Restores figures from a resumed transcript (already priced when they were recorded). */
  restore(byModel: Record<string, { usage: Usage; costUsd: number }>, byAgent: Record<string, { usage: Usage; costUsd: number }>): void {
    for (const [model, line] of Object.entries(byModel)) bump(this.models, model, line.usage, line.costUsd, 0);
    for (const [agent, line] of Object.entries(byAgent)) bump(this.agents, agent, line.usage, line.costUsd, 0);
  }

  total(): { usage: Usage; costUsd: number } {
    let usage = emptyUsage();
    let cost = 0;
    for (const line of this.models.values()) {
      usage = addUsage(usage, line.usage);
      cost += line.costUsd;
    }
    return { usage, costUsd: cost };
  }

  byModel(): Record<string, CostLine> {
    return snapshot(this.models);
  }

  byAgent(): Record<string, CostLine> {
    return snapshot(this.agents);
  }

  reset(): void {
    this.models.clear();
    this.agents.clear();
  }

  /** The /cost text. */
  summary(): string {
    const total = this.total();
    if (this.models.size === 0) return 'No model requests yet in this session: $0.00.';
    const lines = [`Total cost:  ${formatUsd(total.costUsd)}`, `Tokens:      ${describe(total.usage)}`];
    lines.push('', 'By model:');
    for (const [model, line] of sorted(this.models)) lines.push(`  ${model}: ${formatUsd(line.costUsd)} (${describe(line.usage)})`);
    lines.push('', 'By agent:');
    for (const [agent, line] of sorted(this.agents)) lines.push(`  ${agent}: ${formatUsd(line.costUsd)} (${describe(line.usage)})`);
    return lines.join('\n');
  }
}

function bump(map: Map<string, CostLine>, key: string, usage: Partial<Usage>, cost: number, requests = 1): void {
  const line = map.get(key) ?? { usage: emptyUsage(), costUsd: 0, requests: 0 };
  map.set(key, { usage: addUsage(line.usage, usage), costUsd: line.costUsd + cost, requests: line.requests + requests });
}

function snapshot(map: Map<string, CostLine>): Record<string, CostLine> {
  const out: Record<string, CostLine> = {};
  for (const [key, line] of map) out[key] = { usage: { ...line.usage }, costUsd: line.costUsd, requests: line.requests };
  return out;
}

function sorted(map: Map<string, CostLine>): Array<[string, CostLine]> {
  return [...map].sort((a, b) => b[1].costUsd - a[1].costUsd || a[0].localeCompare(b[0]));
}

/** Claude Code's `modelUsage` (headless result lines): per model, tokens by kind and cost. */
export function modelUsageOf(byModel: Record<string, Pick<CostLine, 'usage' | 'costUsd'>>): Record<string, { inputTokens: number; outputTokens: number; cacheReadInputTokens: number; cacheCreationInputTokens: number; webSearchRequests: number; costUSD: number }> {
  return Object.fromEntries(
    Object.entries(byModel).map(([model, line]) => [
      model,
      {
        inputTokens: line.usage.input_tokens,
        outputTokens: line.usage.output_tokens,
        cacheReadInputTokens: line.usage.cache_read_input_tokens,
        cacheCreationInputTokens: line.usage.cache_creation_input_tokens,
        webSearchRequests: line.usage.server_tool_use?.web_search_requests ?? 0,
        costUSD: line.costUsd,
      },
    ]),
  );
}

export function formatUsd(amount: number): string {
  if (amount > 0 && amount < 0.01) return `$${amount.toFixed(4)}`;
  return `$${amount.toFixed(2)}`;
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1)}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(n >= 10_000 ? 0 : 1)}k`;
  return String(n);
}

function describe(u: Usage): string {
  return `${formatTokens(u.input_tokens)} in, ${formatTokens(u.output_tokens)} out, ${formatTokens(u.cache_creation_input_tokens)} cache write, ${formatTokens(u.cache_read_input_tokens)} cache read`;
}
