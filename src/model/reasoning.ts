// Thinking and effort: what `--thinking`, `--max-thinking-tokens` and `--effort` (and the SDK's
// set_max_thinking_tokens) become in a request, for the model the request goes to. Models differ: the newest
// always think adaptively, some can think adaptively or not, older ones take a fixed token budget, and only some
// take an effort level. The table below follows what Claude Code sends for each family; a model id it does not
// recognise gets what was asked for, unchanged (the API is the judge of a model we do not know).
import type { ModelRequest } from './types';

export const EFFORT_LEVELS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
export type EffortLevel = (typeof EFFORT_LEVELS)[number];

/** What the user asked for. `budget`: a number of thinking tokens (from --max-thinking-tokens). */
export type ThinkingChoice = { type: 'adaptive' } | { type: 'disabled' } | { type: 'budget'; tokens: number };

export interface ReasoningChoice {
  thinking?: ThinkingChoice;
  effort?: EffortLevel;
}

/** How a model family thinks: `adaptive-only` cannot be switched off; `none` does not think at all. */
export type ThinkingSupport = 'adaptive-only' | 'adaptive' | 'budget' | 'none' | 'unknown';

export interface ModelReasoning {
  thinking: ThinkingSupport;
  effort: boolean;
}

/** The API's smallest thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

export const EFFORT_BETA = 'effort-2025-11-24';
export const INTERLEAVED_THINKING_BETA = 'interleaved-thinking-2025-05-14';

export function modelReasoning(model: string): ModelReasoning {
  const id = model.trim().toLowerCase();
  // claude-<family>-<major>-<minor>[-date]
  const modern = /^claude-(opus|sonnet|haiku|fable)-(\d+)(?:-(\d{1,2}))?(?:-\d{8})?$/.exec(id);
  if (modern) {
    const family = modern[1]!;
    const major = Number(modern[2]);
    const minor = modern[3] === undefined ? 0 : Number(modern[3]);
    if (major >= 5) return { thinking: 'adaptive-only', effort: true };
    if (major === 4 && minor >= 6) return { thinking: 'adaptive', effort: true };
    if (major === 4) return { thinking: 'budget', effort: family === 'opus' && minor === 5 };
    return { thinking: 'none', effort: false };
  }
  if (/^claude-3-7-sonnet/.test(id)) return { thinking: 'budget', effort: false };
  if (/^claude-(3|2|instant)/.test(id)) return { thinking: 'none', effort: false };
  return { thinking: 'unknown', effort: true };
}

/** The `thinking` and `output_config` a request carries, or why part of the choice cannot apply to this model. */
export interface ReasoningShape {
  thinking?: NonNullable<ModelRequest['thinking']>;
  effort?: EffortLevel;
  betas: string[];
  warnings: string[];
}

export function reasoningFor(model: string, choice: ReasoningChoice, maxTokens: number): ReasoningShape {
  const support = modelReasoning(model);
  const shape: ReasoningShape = { betas: [], warnings: [] };
  const asked = choice.thinking;
  if (asked) {
    switch (support.thinking) {
      case 'adaptive-only':
        if (asked.type === 'disabled') shape.warnings.push(`${model} always thinks adaptively; thinking cannot be turned off for it`);
        else shape.thinking = { type: 'adaptive' };
        break;
      case 'adaptive':
        // A budget on these models only says "think": they decide how much themselves.
        shape.thinking = asked.type === 'disabled' ? { type: 'disabled' } : { type: 'adaptive' };
        break;
      case 'budget':
        shape.thinking = asked.type === 'disabled' ? { type: 'disabled' } : { type: 'enabled', budget_tokens: budgetTokens(asked, maxTokens) };
        if (shape.thinking.type === 'enabled') shape.betas.push(INTERLEAVED_THINKING_BETA);
        break;
      case 'none':
        if (asked.type !== 'disabled') shape.warnings.push(`${model} does not think; the thinking setting is ignored for it`);
        break;
      case 'unknown':
        shape.thinking = asked.type === 'disabled' ? { type: 'disabled' } : asked.type === 'adaptive' ? { type: 'adaptive' } : { type: 'enabled', budget_tokens: budgetTokens(asked, maxTokens) };
        break;
      default: {
        const never: never = support.thinking;
        throw new Error(`unknown thinking support ${String(never)}`);
      }
    }
  }
  if (choice.effort) {
    if (support.effort) {
      shape.effort = choice.effort;
      shape.betas.push(EFFORT_BETA);
    } else shape.warnings.push(`${model} does not take an effort level; --effort ${choice.effort} is ignored for it`);
  }
  return shape;
}

/** A budget the API takes: at least its minimum, and below max_tokens (the answer needs room after the thinking). */
function budgetTokens(asked: ThinkingChoice, maxTokens: number): number {
  const ceiling = Math.max(MIN_THINKING_BUDGET, maxTokens - 1);
  const wanted = asked.type === 'budget' ? asked.tokens : ceiling;
  return Math.min(ceiling, Math.max(MIN_THINKING_BUDGET, wanted));
}

/**
 * The session's reasoning choice, changeable while it runs (the SDK's set_max_thinking_tokens), applied to each
 * request as it is sent. Each warning is given once per model.
 */
export class ReasoningControl {
  private readonly warned = new Set<string>();

  constructor(
    private choice: ReasoningChoice,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  current(): ReasoningChoice {
    return { ...this.choice };
  }

  /** set_max_thinking_tokens: a number as --max-thinking-tokens takes it (0: off); null: back to the model's default. */
  setMaxThinkingTokens(tokens: number | null): void {
    const { thinking: _dropped, ...rest } = this.choice;
    this.choice = tokens === null ? rest : { ...rest, thinking: thinkingFromTokens(tokens) };
  }

  apply(request: ModelRequest): ModelRequest {
    if (!this.choice.thinking && !this.choice.effort) return request;
    const shape = reasoningFor(request.model, this.choice, request.max_tokens);
    for (const message of shape.warnings) {
      if (this.warned.has(message)) continue;
      this.warned.add(message);
      this.warn(message);
    }
    const out: ModelRequest = { ...request };
    if (shape.thinking) out.thinking = shape.thinking;
    if (shape.effort) out.output_config = { ...request.output_config, effort: shape.effort };
    if (shape.betas.length > 0) out.betas = [...new Set([...(request.betas ?? []), ...shape.betas])];
    return out;
  }
}

export function thinkingFromTokens(tokens: number): ThinkingChoice {
  return tokens === 0 ? { type: 'disabled' } : { type: 'budget', tokens };
}

/** `--thinking VALUE` as the SDK sends it (adaptive, disabled) plus `enabled`; null when the value is unknown. */
export function thinkingFromFlag(value: string): ThinkingChoice | null {
  switch (value.trim().toLowerCase()) {
    case 'adaptive':
    case 'enabled':
      return { type: 'adaptive' };
    case 'disabled':
      return { type: 'disabled' };
    default:
      return null;
  }
}

/**
 * The same reasoning, shaped for another model: the request was shaped for its own model, and the fallback model
 * (--fallback-model) may take thinking or effort differently. The choice is read back from the request's fields.
 */
export function reshapeForModel(request: ModelRequest, model: string): ModelRequest {
  const { thinking, output_config: config, betas, ...rest } = request;
  const out: ModelRequest = { ...rest, model };
  if (!thinking && !config?.effort) {
    if (config) out.output_config = config;
    if (betas) out.betas = betas;
    return out;
  }
  const choice: ReasoningChoice = {};
  if (thinking) choice.thinking = thinking.type === 'enabled' ? { type: 'budget', tokens: thinking.budget_tokens } : { type: thinking.type };
  const effort = config?.effort;
  if (effort && (EFFORT_LEVELS as readonly string[]).includes(effort)) choice.effort = effort as EffortLevel;
  const shape = reasoningFor(model, choice, request.max_tokens);
  if (shape.thinking) out.thinking = shape.thinking;
  const { effort: _effort, ...otherConfig } = config ?? {};
  if (shape.effort || Object.keys(otherConfig).length > 0) out.output_config = { ...otherConfig, ...(shape.effort ? { effort: shape.effort } : {}) };
  const kept = (betas ?? []).filter((b) => b !== EFFORT_BETA && b !== INTERLEAVED_THINKING_BETA);
  const all = [...new Set([...kept, ...shape.betas])];
  if (all.length > 0) out.betas = all;
  return out;
}
