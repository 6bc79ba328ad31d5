// The ModelClient that talks to the Anthropic Messages API through the official SDK.
//
// We own retries (the SDK gets maxRetries: 0) so each one is visible as a `retry` event, and we read the raw
// stream events ourselves (not the SDK's MessageStream helper) so that assembly costs one small object per delta.
//
// Contract for consumers of `retry`: a retry restarts the answer from scratch, so whatever was streamed since the
// last `message_start` (text, thinking, tool input) must be discarded; the next attempt starts with a new
// `message_start`. `retry.attempt` is the number of the attempt about to start (2 for the first retry), and
// `delayMs` is the wait the policy chose (backoff or the server's retry-after) before it begins.

import type { ModelClient, ModelEvent, ModelRequest } from './types';
import { ModelError } from './types';
import { nodeBodyOf, nodeHttpFetch } from './node-fetch';
import { nodeSseEventBatches, sseEventBatches } from './sse-events';
import { StreamAssembler } from './stream-assembler';
import { reshapeForModel } from './reasoning';
import { backoffMs, classifyFailure, StreamCutOffError } from './retry-policy';

type LogFn = (message: string, ...rest: unknown[]) => void;
export interface ModelLogger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
}

export interface AnthropicClientOptions {
  apiKey?: string;
  authToken?: string;
  baseURL?: string;
  /** Retries after the first attempt; default 5 (6 attempts in all). */
  maxRetries?: number;
  /** Model to switch to after 3 consecutive overloads (529 / overloaded_error), or at once when the model is not
   *  found (404): a model this key cannot use will not appear on a retry. */
  fallbackModel?: string;
  /** Maps the chosen delay to the one actually slept; tests use it to observe delays without waiting. */
  onRetryDelay?: (ms: number) => number;
  /** Where the SDK's own log lines go; default stderr (the SDK's default, stdout, would corrupt `-p` output). */
  logger?: ModelLogger;
  /** Yield `{type: 'raw'}` for every API event (default true). Turn off when nothing prints partial messages:
   *  it halves the events a 4,000-delta answer yields. */
  rawEvents?: boolean;
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
const OVERLOADS_BEFORE_FALLBACK = 3;

function stderrLogger(): ModelLogger {
  const write =
    (level: string): LogFn =>
    (message, ...rest) => {
      const extra = rest.length ? ' ' + rest.map((r) => (r instanceof Error ? r.message : String(r))).join(' ') : '';
      process.stderr.write(`[anthropic-sdk ${level}] ${message}${extra}\n`);
    };
  return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug') };
}

type SdkModule = typeof import('@anthropic-ai/sdk');
type SdkClient = InstanceType<SdkModule['default']>;

export function createAnthropicClient(opts: AnthropicClientOptions = {}): ModelClient {
  const maxAttempts = Math.max(0, opts.maxRetries ?? 5) + 1;
  const rawEvents = opts.rawEvents ?? true;
  const baseURL = opts.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? DEFAULT_BASE_URL;
  let loading: Promise<{ sdk: SdkModule; client: SdkClient }> | undefined;
  // Models the API said it does not have: later requests for them go to the fallback model without asking again.
  const notFound = new Set<string>();

  // The SDK takes about 0.2 s to import: not at startup, but on the first request or on warmUp(), which the
  // interactive shell calls once its first frame is out and it waits for the user.
  const load = () =>
    (loading ??= import('@anthropic-ai/sdk').then((sdk) => {
      const credentials = opts.apiKey
        ? { apiKey: opts.apiKey, authToken: null }
        : opts.authToken
          ? { authToken: opts.authToken, apiKey: null }
          : {};
      const client = new sdk.default({
        ...credentials,
        baseURL,
        maxRetries: 0,
        logger: opts.logger ?? stderrLogger(),
        logLevel: 'warn',
        fetch: nodeHttpFetch,
      });
      return { sdk, client };
    }));

  async function* stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    const aborted = () => new ModelError('aborted', 'The request was cancelled.');
    const { sdk, client } = await load();
    let model = opts.fallbackModel && notFound.has(request.model) ? opts.fallbackModel : request.model;
    let consecutiveOverloads = 0;
    let fellBack = model !== request.model;

    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw aborted();
      let failure: unknown;
      try {
        // After a fallback, thinking and effort are shaped again for the model that now answers.
        const { betas, ...fields } = model === request.model ? request : reshapeForModel(request, model);
        const body = { ...fields, model, stream: true } as Parameters<SdkClient['messages']['create']>[0] & {
          stream: true;
        };
        const headers = betas && betas.length > 0 ? { 'anthropic-beta': betas.join(',') } : undefined;
        // The SDK builds and sends the request and turns error statuses into APIErrors; the body is read here.
        const response = await client.messages.create(body, { signal, ...(headers ? { headers } : {}) }).asResponse();
        const nodeBody = nodeBodyOf(response);
        if (!nodeBody && !response.body) throw new StreamCutOffError();
        const streamError = (errorBody: unknown) => {
          const type = (errorBody as { error?: { type?: string } } | null)?.error?.type;
          return new sdk.APIError(undefined, errorBody as object, undefined, response.headers, type as ConstructorParameters<SdkModule['APIError']>[4]);
        };
        const assembler = new StreamAssembler();
        const batches = nodeBody ? nodeSseEventBatches(nodeBody, streamError) : sseEventBatches(response.body!, streamError);
        for await (const batch of batches) {
          for (const event of batch) {
            const out = assembler.push(event as { type: string });
            // A finished block is announced before its content_block_stop passes through, the order Claude Code
            // prints them in (the block's assistant line, then the raw stop event).
            if (out?.type === 'block_done') yield out;
            if (rawEvents) yield { type: 'raw', event };
            if (out !== undefined && out.type !== 'block_done') yield out;
          }
          if (signal.aborted) throw aborted();
        }
        // The SDK ends iteration quietly when the signal aborts, so check before trusting the end.
        if (signal.aborted) throw aborted();
        if (assembler.complete) return;
        failure = new StreamCutOffError();
      } catch (err) {
        if (err instanceof ModelError) throw err;
        if (signal.aborted || err instanceof sdk.APIUserAbortError) throw aborted();
        failure = err;
      }

      const verdict = classifyFailure(failure, { model, baseURL, isApiError: failure instanceof sdk.APIError });
      if (verdict.kind === 'not_found' && opts.fallbackModel && !fellBack && model !== opts.fallbackModel) {
        yield { type: 'fallback', from: model, to: opts.fallbackModel, trigger: 'model_not_found', reason: `${model} is not available (${verdict.message.split('. ')[0]})` };
        notFound.add(model);
        model = opts.fallbackModel;
        fellBack = true;
        continue;
      }
      if (!verdict.retryable) throw new ModelError(verdict.kind, verdict.message, verdict.status, verdict.requestId);
      if (attempt >= maxAttempts) {
        throw new ModelError(
          verdict.kind,
          `${verdict.message} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})`,
          verdict.status,
          verdict.requestId,
        );
      }

      consecutiveOverloads = verdict.overloaded ? consecutiveOverloads + 1 : 0;
      let delayMs = verdict.retryAfterMs ?? backoffMs(attempt);
      if (
        opts.fallbackModel &&
        !fellBack &&
        model !== opts.fallbackModel &&
        consecutiveOverloads >= OVERLOADS_BEFORE_FALLBACK
      ) {
        yield {
          type: 'fallback',
          from: model,
          to: opts.fallbackModel,
          trigger: 'overloaded',
          reason: `${model} was overloaded ${consecutiveOverloads} times in a row`,
        };
        model = opts.fallbackModel;
        fellBack = true;
        consecutiveOverloads = 0;
        delayMs = 0; // another model: its capacity is not the one that was exhausted
      }
      yield { type: 'retry', attempt: attempt + 1, maxAttempts, delayMs, reason: verdict.reason, status: verdict.status, kind: verdict.kind };
      await sleep(opts.onRetryDelay ? opts.onRetryDelay(delayMs) : delayMs, signal, aborted);
    }
  }

  return { stream, warmUp: () => load().then(() => undefined) };
}

/** Waits, but gives up at once (rejecting with `onAbort()`) when the signal fires. */
function sleep(ms: number, signal: AbortSignal, onAbort: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(onAbort());
    const done = () => {
      signal.removeEventListener('abort', cancel);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    function cancel() {
      clearTimeout(timer);
      reject(onAbort());
    }
    signal.addEventListener('abort', cancel, { once: true });
  });
}

/**
 * A client configured from the environment: ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN) and ANTHROPIC_BASE_URL.
 * Throws ModelError('auth') with instructions when no credential is set; callers print its message, not a stack.
 */
export function clientFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  opts: Omit<AnthropicClientOptions, 'apiKey' | 'authToken' | 'baseURL'> = {},
): ModelClient {
  const apiKey = env.ANTHROPIC_API_KEY?.trim() || undefined;
  const authToken = env.ANTHROPIC_AUTH_TOKEN?.trim() || undefined;
  if (!apiKey && !authToken) {
    throw new ModelError(
      'auth',
      'No Anthropic API key found. Set ANTHROPIC_API_KEY (for example `export ANTHROPIC_API_KEY=sk-ant-...`, ' +
        'keys are made at https://console.anthropic.com/settings/keys) or ANTHROPIC_AUTH_TOKEN, then run tandem again.',
    );
  }
  const baseURL = env.ANTHROPIC_BASE_URL?.trim() || DEFAULT_BASE_URL;
  return createAnthropicClient({ ...opts, ...(apiKey ? { apiKey } : { authToken }), baseURL });
}
