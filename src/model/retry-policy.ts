// Which failures are worth another attempt, how long to wait, and what to tell the user when we give up.
// Pure functions over the SDK's error objects (duck-typed, so this file needs no SDK import).

import type { ModelErrorKind } from './types';

export interface FailureVerdict {
  retryable: boolean;
  kind: ModelErrorKind;
  /** Short text for the `retry` event ("overloaded (529)"). */
  reason: string;
  /** What the user reads if this failure is final. */
  message: string;
  /** 529 or a mid-stream overloaded_error: counts toward switching to the fallback model. */
  overloaded: boolean;
  status?: number;
  requestId?: string;
  /** From retry-after-ms / retry-after, when the server said how long to wait. */
  retryAfterMs?: number;
}

/** Raised by the client itself when a stream ends before message_stop. */
export class StreamCutOffError extends Error {
  constructor() {
    super('the response stream ended before message_stop');
    this.name = 'StreamCutOffError';
  }
}

type ApiErrorLike = {
  status?: number;
  headers?: { get(name: string): string | null } | undefined;
  type?: string | null;
  apiMessage?: string | null;
  requestID?: string | null;
  message?: string;
};

const RETRY_AFTER_CAP_MS = 5 * 60_000;

export function retryAfterMs(headers: ApiErrorLike['headers']): number | undefined {
  if (!headers || typeof headers.get !== 'function') return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms != null && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.min(n, RETRY_AFTER_CAP_MS);
  }
  const after = headers.get('retry-after');
  if (after != null && after.trim() !== '') {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, RETRY_AFTER_CAP_MS);
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.min(Math.max(0, date - Date.now()), RETRY_AFTER_CAP_MS);
  }
  return undefined;
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s ... capped at 32 s, each shaved by up to 25% at random. */
export function backoffMs(failedAttempt: number, random: () => number = Math.random): number {
  const base = Math.min(32_000, 1000 * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(base * (1 - 0.25 * random()));
}

export interface ClassifyContext {
  model: string;
  baseURL: string;
  /** Whether err is one of the SDK's APIError family (checked by the caller with the SDK's own classes). */
  isApiError: boolean;
}

/** Decides what one failed attempt means. */
export function classifyFailure(err: unknown, ctx: ClassifyContext): FailureVerdict {
  if (ctx.isApiError) {
    const e = err as ApiErrorLike;
    const status = typeof e.status === 'number' ? e.status : undefined;
    const requestId = e.requestID ?? undefined;
    const detail = e.apiMessage ?? e.message ?? 'no details';
    const base = { status, requestId };
    if (status !== undefined) return classifyStatus(status, detail, e, ctx, base);
    if (e.type) return classifyStreamErrorEvent(e.type, detail, base);
    // An APIError without status or type: the SDK's connection errors.
  }
  return networkFailure(err, ctx);
}

function classifyStatus(
  status: number,
  detail: string,
  e: ApiErrorLike,
  ctx: ClassifyContext,
  base: { status?: number; requestId?: string },
): FailureVerdict {
  const retryAfter = retryAfterMs(e.headers);
  const withWait = retryAfter === undefined ? base : { ...base, retryAfterMs: retryAfter };
  const fail = (kind: ModelErrorKind, message: string): FailureVerdict => ({
    retryable: false,
    kind,
    reason: `${status}`,
    message,
    overloaded: false,
    ...base,
  });
  switch (status) {
    case 401:
      return fail(
        'auth',
        `The API rejected the credentials (401: ${detail}). Check ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN): ` +
          'it may be mistyped, revoked, or meant for another endpoint.',
      );
    case 403:
      return fail(
        'permission',
        `The API key is not allowed to do this (403: ${detail}). Check the key's workspace and its access to ` +
          `model ${ctx.model}.`,
      );
    case 404:
      return fail(
        'not_found',
        `Not found (404: ${detail}). The model id "${ctx.model}" may be wrong or unavailable to this key; ` +
          'check the model in the agent file or --model.',
      );
    case 400:
    case 413:
      if (/prompt is too long/i.test(detail)) {
        return fail(
          'prompt_too_long',
          `The conversation no longer fits the model's context window (${detail}). Compact or clear the ` +
            'conversation, or drop large tool outputs, then try again.',
        );
      }
      return fail(
        'invalid_request',
        `The API rejected the request (${status}: ${detail}). This is usually a bug in how the request was built; ` +
          'please report it with the message above.',
      );
    case 429:
      return {
        retryable: true,
        kind: 'rate_limit',
        reason: 'rate limited (429)',
        message: `Rate limited (429: ${detail}). Wait a minute and try again, or use a key with higher limits.`,
        overloaded: false,
        ...withWait,
      };
    case 529:
      return {
        retryable: true,
        kind: 'overloaded',
        reason: 'API overloaded (529)',
        message: `The API is overloaded (529: ${detail}). Try again in a few minutes, or configure a fallback model.`,
        overloaded: true,
        ...withWait,
      };
    case 408:
      return {
        retryable: true,
        kind: 'network',
        reason: 'request timeout (408)',
        message: `The API timed out (408: ${detail}). Try again shortly.`,
        overloaded: false,
        ...withWait,
      };
    default:
      if (status >= 500) {
        return {
          retryable: true,
          kind: 'server',
          reason: `server error (${status})`,
          message: `The API had a server error (${status}: ${detail}). Try again shortly.`,
          overloaded: false,
          ...withWait,
        };
      }
      return fail('invalid_request', `The API refused the request (${status}: ${detail}).`);
  }
}

/** An `event: error` in the middle of a stream: the SDK raises it as an APIError with a type but no status. */
function classifyStreamErrorEvent(
  type: string,
  detail: string,
  base: { status?: number; requestId?: string },
): FailureVerdict {
  switch (type) {
    case 'overloaded_error':
      return {
        retryable: true,
        kind: 'overloaded',
        reason: 'API overloaded mid-stream (overloaded_error)',
        message: `The API is overloaded (${detail}). Try again in a few minutes, or configure a fallback model.`,
        overloaded: true,
        ...base,
      };
    case 'api_error':
      return {
        retryable: true,
        kind: 'server',
        reason: 'server error mid-stream (api_error)',
        message: `The API had a server error mid-stream (${detail}). Try again shortly.`,
        overloaded: false,
        ...base,
      };
    case 'rate_limit_error':
      return {
        retryable: true,
        kind: 'rate_limit',
        reason: 'rate limited mid-stream',
        message: `Rate limited (${detail}). Wait a minute and try again.`,
        overloaded: false,
        ...base,
      };
    default: {
      const tooLong = /prompt is too long/i.test(detail);
      return {
        retryable: false,
        kind: tooLong ? 'prompt_too_long' : 'invalid_request',
        reason: type,
        message: tooLong
          ? `The conversation no longer fits the model's context window (${detail}). Compact or clear it, then try again.`
          : `The API stopped the answer with an error (${type}: ${detail}).`,
        overloaded: false,
        ...base,
      };
    }
  }
}

function networkFailure(err: unknown, ctx: ClassifyContext): FailureVerdict {
  const cause = (err as { cause?: { message?: string; code?: string } } | undefined)?.cause;
  const what =
    err instanceof StreamCutOffError
      ? 'the connection closed mid-answer'
      : [(err as Error | undefined)?.message, cause?.code ?? cause?.message].filter(Boolean).join(': ') ||
        String(err);
  return {
    retryable: true,
    kind: 'network',
    reason: err instanceof StreamCutOffError ? 'connection dropped mid-stream' : `connection error (${what})`,
    message:
      `Could not get an answer from ${ctx.baseURL} (${what}). Check your network connection` +
      ' and ANTHROPIC_BASE_URL, then try again.',
    overloaded: false,
  };
}
