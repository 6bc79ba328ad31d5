// Model aliases an agent file may name instead of a full model id, and how a spec becomes the id sent to the API.

/** What each alias means today. Settings and `--model` may override an entry (see resolveModel). */
export const MODEL_ALIAS_TARGETS: Readonly<Record<string, string>> = {
  sonnet: 'claude-sonnet-5-5',
  opus: 'claude-opus-5-5',
  haiku: 'claude-haiku-5-5',
  fable: 'claude-fable-5-2',
};

/** Every alias an agent's `model:` may use; `inherit` means "the session's model". */
export const MODEL_ALIASES = ['sonnet', 'opus', 'haiku', 'fable', 'inherit'] as const;
export type ModelAlias = (typeof MODEL_ALIASES)[number];

export const DEFAULT_MODEL_ALIAS = 'sonnet';

export interface ModelContext {
  /** The model the session runs with (an id, or an alias that is resolved too). */
  sessionModel: string;
  /** Alias -> model id, from settings and `--model`; wins over MODEL_ALIAS_TARGETS. */
  overrides?: Record<string, string>;
}

export function isModelAlias(spec: string): spec is ModelAlias {
  return (MODEL_ALIASES as readonly string[]).includes(spec.trim().toLowerCase());
}

/**
 * A single lowercase word that is neither an alias nor an id is almost surely a typo ("sonet") or an alias
 * this version does not know. Anything else (claude-..., ids with digits or dashes) is passed through as an id.
 */
export function isUnknownAlias(spec: string): boolean {
  const s = spec.trim();
  return /^[a-z]+$/.test(s) && !isModelAlias(s);
}

export function unknownAliasMessage(spec: string, fallback: string): string {
  return `unknown model alias "${spec}" (known: ${MODEL_ALIASES.join(', ')}, or a full id like claude-sonnet-5-5); using ${fallback}`;
}

function aliasTarget(alias: string, overrides: Record<string, string> | undefined): string | undefined {
  const key = alias.trim().toLowerCase();
  return overrides?.[key] ?? MODEL_ALIAS_TARGETS[key];
}

/** The session model as an id: `--model opus` may have set it to an alias. */
function sessionModelId(ctx: ModelContext): string {
  return aliasTarget(ctx.sessionModel, ctx.overrides) ?? ctx.sessionModel;
}

export function resolveModel(spec: string | undefined, ctx: ModelContext): { model: string; warning?: string } {
  const s = spec?.trim();
  if (!s || s.toLowerCase() === 'inherit') return { model: sessionModelId(ctx) };
  const target = aliasTarget(s, ctx.overrides);
  if (target) return { model: target };
  if (isUnknownAlias(s)) {
    const fallback = sessionModelId(ctx);
    return { model: fallback, warning: unknownAliasMessage(s, `the session model ${fallback}`) };
  }
  return { model: s };
}
