// ../../tmp/tbench/client.ts
import Anthropic from "@anthropic-ai/sdk";

// src/model/types.ts
var ModelError = class extends Error {
  constructor(kind, message, status, requestId) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.requestId = requestId;
    this.name = "ModelError";
  }
  kind;
  status;
  requestId;
};

// src/model/stream-assembler.ts
var USAGE_NUMBERS = [
  "input_tokens",
  "output_tokens",
  "cache_creation_input_tokens",
  "cache_read_input_tokens"
];
function usageFrom(raw) {
  const usage = {
    input_tokens: raw?.input_tokens ?? 0,
    output_tokens: raw?.output_tokens ?? 0,
    cache_creation_input_tokens: raw?.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: raw?.cache_read_input_tokens ?? 0
  };
  if (raw?.server_tool_use != null) usage.server_tool_use = raw.server_tool_use;
  return usage;
}
function mergeUsage(into, delta) {
  if (!delta) return;
  for (const key of USAGE_NUMBERS) {
    const value = delta[key];
    if (value != null) into[key] = value;
  }
  if (delta.server_tool_use != null) into.server_tool_use = delta.server_tool_use;
}
var StreamAssembler = class {
  blocks = [];
  /** Partial JSON per block index, for tool_use and server_tool_use inputs. */
  partialJson = [];
  id = "";
  model = "";
  stopReason = null;
  stopSequence = null;
  usage = usageFrom(void 0);
  /** True once message_stop arrived: a stream that ends without it was cut off. */
  complete = false;
  started = false;
  /** Feeds one raw event; returns the ModelEvent it becomes, if any. */
  push(event) {
    switch (event.type) {
      case "content_block_delta":
        return this.delta(event.index, event.delta);
      case "content_block_start":
        return this.start(event.index, event.content_block);
      case "content_block_stop":
        return this.stop(event.index);
      case "message_start": {
        const m = event.message ?? {};
        this.started = true;
        this.id = m.id ?? "";
        this.model = m.model ?? "";
        this.usage = usageFrom(m.usage);
        return { type: "message_start", id: this.id, model: this.model, usage: { ...this.usage } };
      }
      case "message_delta":
        if (event.delta) {
          if (event.delta.stop_reason !== void 0) this.stopReason = event.delta.stop_reason;
          if (event.delta.stop_sequence !== void 0) this.stopSequence = event.delta.stop_sequence;
        }
        mergeUsage(this.usage, event.usage);
        return void 0;
      case "message_stop":
        this.complete = true;
        return { type: "message_done", message: this.message() };
      default:
        return void 0;
    }
  }
  message() {
    return {
      id: this.id,
      model: this.model,
      // Indexes are dense in practice; the filter guards against a gap ever reaching the API as `null`.
      content: this.blocks.filter((b) => b !== void 0),
      stop_reason: this.stopReason,
      stop_sequence: this.stopSequence,
      usage: this.usage
    };
  }
  start(index, raw) {
    const block = { ...raw };
    if (block.type === "text" && typeof block.text !== "string") block.text = "";
    if (block.type === "thinking") {
      if (typeof block.thinking !== "string") block.thinking = "";
      if (typeof block.signature !== "string") block.signature = "";
    }
    this.blocks[index] = block;
    const ev = { type: "block_start", index, blockType: block.type };
    if (typeof block.name === "string") ev.toolName = block.name;
    if (typeof block.id === "string") ev.toolUseId = block.id;
    return ev;
  }
  delta(index, d) {
    const block = this.blocks[index];
    if (!block || !d) return void 0;
    switch (d.type) {
      case "text_delta":
        block.text += d.text;
        return { type: "text_delta", index, text: d.text };
      case "thinking_delta":
        block.thinking += d.thinking;
        return { type: "thinking_delta", index, thinking: d.thinking };
      case "signature_delta":
        block.signature = (block.signature ?? "") + d.signature;
        return void 0;
      case "input_json_delta":
        this.partialJson[index] = (this.partialJson[index] ?? "") + d.partial_json;
        return { type: "tool_input_delta", index, partialJson: d.partial_json };
      case "citations_delta":
        if (Array.isArray(block.citations)) block.citations.push(d.citation);
        else block.citations = [d.citation];
        return void 0;
      default:
        return void 0;
    }
  }
  stop(index) {
    const block = this.blocks[index];
    if (!block) return void 0;
    const json = this.partialJson[index];
    if (json !== void 0) {
      this.partialJson[index] = void 0;
      block.input = parseToolInput(json);
    }
    return { type: "block_done", index, block };
  }
};
function parseToolInput(json) {
  if (json.trim() === "") return {};
  try {
    const value = JSON.parse(json);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

// src/model/retry-policy.ts
var StreamCutOffError = class extends Error {
  constructor() {
    super("the response stream ended before message_stop");
    this.name = "StreamCutOffError";
  }
};
var RETRY_AFTER_CAP_MS = 5 * 6e4;
function retryAfterMs(headers) {
  if (!headers || typeof headers.get !== "function") return void 0;
  const ms = headers.get("retry-after-ms");
  if (ms != null && ms.trim() !== "") {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.min(n, RETRY_AFTER_CAP_MS);
  }
  const after = headers.get("retry-after");
  if (after != null && after.trim() !== "") {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1e3, RETRY_AFTER_CAP_MS);
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.min(Math.max(0, date - Date.now()), RETRY_AFTER_CAP_MS);
  }
  return void 0;
}
function backoffMs(failedAttempt, random = Math.random) {
  const base = Math.min(32e3, 1e3 * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(base * (1 - 0.25 * random()));
}
function classifyFailure(err, ctx) {
  if (ctx.isApiError) {
    const e = err;
    const status = typeof e.status === "number" ? e.status : void 0;
    const requestId = e.requestID ?? void 0;
    const detail = e.apiMessage ?? e.message ?? "no details";
    const base = { status, requestId };
    if (status !== void 0) return classifyStatus(status, detail, e, ctx, base);
    if (e.type) return classifyStreamErrorEvent(e.type, detail, base);
  }
  return networkFailure(err, ctx);
}
function classifyStatus(status, detail, e, ctx, base) {
  const retryAfter = retryAfterMs(e.headers);
  const withWait = retryAfter === void 0 ? base : { ...base, retryAfterMs: retryAfter };
  const fail = (kind, message) => ({
    retryable: false,
    kind,
    reason: `${status}`,
    message,
    overloaded: false,
    ...base
  });
  switch (status) {
    case 401:
      return fail(
        "auth",
        `The API rejected the credentials (401: ${detail}). Check ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN): it may be mistyped, revoked, or meant for another endpoint.`
      );
    case 403:
      return fail(
        "permission",
        `The API key is not allowed to do this (403: ${detail}). Check the key's workspace and its access to model ${ctx.model}.`
      );
    case 404:
      return fail(
        "not_found",
        `Not found (404: ${detail}). The model id "${ctx.model}" may be wrong or unavailable to this key; check the model in the agent file or --model.`
      );
    case 400:
    case 413:
      if (/prompt is too long/i.test(detail)) {
        return fail(
          "prompt_too_long",
          `The conversation no longer fits the model's context window (${detail}). Compact or clear the conversation, or drop large tool outputs, then try again.`
        );
      }
      return fail(
        "invalid_request",
        `The API rejected the request (${status}: ${detail}). This is usually a bug in how the request was built; please report it with the message above.`
      );
    case 429:
      return {
        retryable: true,
        kind: "rate_limit",
        reason: "rate limited (429)",
        message: `Rate limited (429: ${detail}). Wait a minute and try again, or use a key with higher limits.`,
        overloaded: false,
        ...withWait
      };
    case 529:
      return {
        retryable: true,
        kind: "overloaded",
        reason: "API overloaded (529)",
        message: `The API is overloaded (529: ${detail}). Try again in a few minutes, or configure a fallback model.`,
        overloaded: true,
        ...withWait
      };
    case 408:
      return {
        retryable: true,
        kind: "network",
        reason: "request timeout (408)",
        message: `The API timed out (408: ${detail}). Try again shortly.`,
        overloaded: false,
        ...withWait
      };
    default:
      if (status >= 500) {
        return {
          retryable: true,
          kind: "server",
          reason: `server error (${status})`,
          message: `The API had a server error (${status}: ${detail}). Try again shortly.`,
          overloaded: false,
          ...withWait
        };
      }
      return fail("invalid_request", `The API refused the request (${status}: ${detail}).`);
  }
}
function classifyStreamErrorEvent(type, detail, base) {
  switch (type) {
    case "overloaded_error":
      return {
        retryable: true,
        kind: "overloaded",
        reason: "API overloaded mid-stream (overloaded_error)",
        message: `The API is overloaded (${detail}). Try again in a few minutes, or configure a fallback model.`,
        overloaded: true,
        ...base
      };
    case "api_error":
      return {
        retryable: true,
        kind: "server",
        reason: "server error mid-stream (api_error)",
        message: `The API had a server error mid-stream (${detail}). Try again shortly.`,
        overloaded: false,
        ...base
      };
    case "rate_limit_error":
      return {
        retryable: true,
        kind: "rate_limit",
        reason: "rate limited mid-stream",
        message: `Rate limited (${detail}). Wait a minute and try again.`,
        overloaded: false,
        ...base
      };
    default: {
      const tooLong = /prompt is too long/i.test(detail);
      return {
        retryable: false,
        kind: tooLong ? "prompt_too_long" : "invalid_request",
        reason: type,
        message: tooLong ? `The conversation no longer fits the model's context window (${detail}). Compact or clear it, then try again.` : `The API stopped the answer with an error (${type}: ${detail}).`,
        overloaded: false,
        ...base
      };
    }
  }
}
function networkFailure(err, ctx) {
  const cause = err?.cause;
  const what = err instanceof StreamCutOffError ? "the connection closed mid-answer" : [err?.message, cause?.code ?? cause?.message].filter(Boolean).join(": ") || String(err);
  return {
    retryable: true,
    kind: "network",
    reason: err instanceof StreamCutOffError ? "connection dropped mid-stream" : `connection error (${what})`,
    message: `Could not get an answer from ${ctx.baseURL} (${what}). Check your network connection and ANTHROPIC_BASE_URL, then try again.`,
    overloaded: false
  };
}

// src/model/anthropic-client.ts
var DEFAULT_BASE_URL = "https://api.anthropic.com";
var OVERLOADS_BEFORE_FALLBACK = 3;
function stderrLogger() {
  const write = (level) => (message, ...rest) => {
    const extra = rest.length ? " " + rest.map((r) => r instanceof Error ? r.message : String(r)).join(" ") : "";
    process.stderr.write(`[anthropic-sdk ${level}] ${message}${extra}
`);
  };
  return { error: write("error"), warn: write("warn"), info: write("info"), debug: write("debug") };
}
function createAnthropicClient(opts = {}) {
  const maxAttempts = Math.max(0, opts.maxRetries ?? 5) + 1;
  const baseURL = opts.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? DEFAULT_BASE_URL;
  let loading;
  const load = () => loading ??= import("@anthropic-ai/sdk").then((sdk) => {
    const credentials = opts.apiKey ? { apiKey: opts.apiKey, authToken: null } : opts.authToken ? { authToken: opts.authToken, apiKey: null } : {};
    const client = new sdk.default({
      ...credentials,
      baseURL,
      maxRetries: 0,
      logger: opts.logger ?? stderrLogger(),
      logLevel: "warn"
    });
    return { sdk, client };
  });
  async function* stream(request, signal) {
    const aborted = () => new ModelError("aborted", "The request was cancelled.");
    const { sdk, client } = await load();
    let model = request.model;
    let consecutiveOverloads = 0;
    let fellBack = false;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw aborted();
      let failure;
      try {
        const body = { ...request, model, stream: true };
        const events = await client.messages.create(body, { signal });
        const assembler = new StreamAssembler();
        for await (const event of events) {
          yield { type: "raw", event };
          const out = void 0;
          if (out !== void 0) yield out;
        }
        if (signal.aborted) throw aborted();
        if (assembler.complete) return;
        failure = new StreamCutOffError();
      } catch (err) {
        if (err instanceof ModelError) throw err;
        if (signal.aborted || err instanceof sdk.APIUserAbortError) throw aborted();
        failure = err;
      }
      const verdict = classifyFailure(failure, { model, baseURL, isApiError: failure instanceof sdk.APIError });
      if (!verdict.retryable) throw new ModelError(verdict.kind, verdict.message, verdict.status, verdict.requestId);
      if (attempt >= maxAttempts) {
        throw new ModelError(
          verdict.kind,
          `${verdict.message} (gave up after ${attempt} attempt${attempt === 1 ? "" : "s"})`,
          verdict.status,
          verdict.requestId
        );
      }
      consecutiveOverloads = verdict.overloaded ? consecutiveOverloads + 1 : 0;
      let delayMs = verdict.retryAfterMs ?? backoffMs(attempt);
      if (opts.fallbackModel && !fellBack && model !== opts.fallbackModel && consecutiveOverloads >= OVERLOADS_BEFORE_FALLBACK) {
        yield {
          type: "fallback",
          from: model,
          to: opts.fallbackModel,
          reason: `${model} was overloaded ${consecutiveOverloads} times in a row`
        };
        model = opts.fallbackModel;
        fellBack = true;
        consecutiveOverloads = 0;
        delayMs = 0;
      }
      yield { type: "retry", attempt: attempt + 1, maxAttempts, delayMs, reason: verdict.reason };
      await sleep(opts.onRetryDelay ? opts.onRetryDelay(delayMs) : delayMs, signal, aborted);
    }
  }
  return { stream };
}
function sleep(ms, signal, onAbort) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(onAbort());
    const done = () => {
      signal.removeEventListener("abort", cancel);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    function cancel() {
      clearTimeout(timer);
      reject(onAbort());
    }
    signal.addEventListener("abort", cancel, { once: true });
  });
}

// ../../tmp/tbench/client.ts
var url = process.argv[2];
var mode = process.argv[3];
var N = 60;
var req = { model: "m", max_tokens: 10, messages: [{ role: "user", content: "go" }] };
var bare = new Anthropic({ apiKey: "k", baseURL: url, maxRetries: 0 });
var ours = createAnthropicClient({ apiKey: "k", baseURL: url });
async function once() {
  if (mode === "bare") {
    const s = await bare.messages.create({ ...req, stream: true });
    let n2 = 0;
    for await (const e of s) n2++;
    return n2;
  }
  if (mode === "gen2") {
    async function* g() {
      const s = await bare.messages.create({ ...req, stream: true });
      for await (const e of s) {
        yield e;
        yield e;
      }
    }
    let n2 = 0;
    for await (const e of g()) n2++;
    return n2;
  }
  if (mode === "gen1") {
    async function* g() {
      const s = await bare.messages.create({ ...req, stream: true });
      for await (const e of s) {
        yield e;
      }
    }
    let n2 = 0;
    for await (const e of g()) n2++;
    return n2;
  }
  let n = 0;
  for await (const e of ours.stream(req, new AbortController().signal)) n++;
  return n;
}
for (let i = 0; i < 5; i++) await once();
var c0 = process.cpuUsage();
var t0 = performance.now();
for (let i = 0; i < N; i++) await once();
var c = process.cpuUsage(c0);
console.log(mode, "cpu ms/answer", ((c.user + c.system) / 1e3 / N).toFixed(2), "wall", ((performance.now() - t0) / N).toFixed(2));
