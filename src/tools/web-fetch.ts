// WebFetch: fetch a page, turn it into markdown, and let a small fast model answer the agent's question about it,
// so a long page costs the main conversation a paragraph instead of its full text.
import { z } from 'zod';
import type { ModelEvent, TextBlock } from '../model/types';
import { htmlToMarkdown, htmlTitle } from './html-to-markdown';
import { defineTool, ToolError, type ToolContext } from './types';

export const FETCH_TIMEOUT_MS = 30_000;
export const MAX_FETCH_BYTES = 5 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
export const CACHE_TTL_MS = 15 * 60 * 1000;
/** Markdown handed to the small model; the rest of a very long page is cut. */
export const MAX_MARKDOWN_FOR_MODEL = 100_000;
/** Markdown returned as is when the small model cannot be asked. */
const MAX_MARKDOWN_FALLBACK = 40_000;

const inputSchema = z
  .object({
    url: z.string().min(1).describe('The full URL to fetch (http is upgraded to https).'),
    prompt: z.string().min(1).describe('What to find out from the page ("list the breaking changes in 5.0").'),
  })
  .strict();

interface CachedPage {
  at: number;
  finalUrl: string;
  status: number;
  contentType: string;
  bytes: number;
  truncated: boolean;
  /** Markdown for HTML, the text itself for other text types. */
  content: string;
}

const CACHE_KEY = 'webfetch-cache';

function pageCache(store: Map<string, unknown>): Map<string, CachedPage> {
  let cache = store.get(CACHE_KEY) as Map<string, CachedPage> | undefined;
  if (!cache) {
    cache = new Map();
    store.set(CACHE_KEY, cache);
  }
  return cache;
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The URL to request: validated, http upgraded to https except on this machine (local servers rarely have TLS). */
export function normaliseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ToolError(`Not a valid URL: "${raw}". Pass a full URL such as https://example.com/page.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ToolError(`Only http and https URLs can be fetched, not ${url.protocol}`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) url.protocol = 'https:';
  url.hash = '';
  return url;
}

/** "www.example.com" and "example.com" count as one host for redirects. */
function sameHost(a: URL, b: URL): boolean {
  const strip = (h: string) => h.toLowerCase().replace(/^www\./, '');
  return strip(a.hostname) === strip(b.hostname) && a.port === b.port;
}

type FetchOutcome = { kind: 'page'; page: CachedPage } | { kind: 'redirect'; from: string; to: string; status: number };

async function readCapped(res: Response, max: number): Promise<{ buf: Buffer; truncated: boolean }> {
  if (!res.body) return { buf: Buffer.alloc(0), truncated: false };
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.length > max) {
      parts.push(value.subarray(0, max - size));
      size = max;
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
    parts.push(value);
    size += value.length;
  }
  return { buf: Buffer.concat(parts), truncated };
}

function isTextual(contentType: string): boolean {
  return (
    contentType === '' ||
    contentType.startsWith('text/') ||
    /json|xml|javascript|ecmascript|yaml|toml|csv|markdown/.test(contentType)
  );
}

async function fetchPage(start: URL, signal: AbortSignal): Promise<FetchOutcome> {
  let url = start;
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': 'tandem-webfetch/0.1', accept: 'text/html, text/markdown, text/plain, */*;q=0.8' },
      });
    } catch (err) {
      if (signal.aborted) throw err;
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      throw new ToolError(`Could not fetch ${url.href}: ${cause ?? (err as Error).message}`);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
      await res.body?.cancel().catch(() => {});
      const next = new URL(res.headers.get('location') as string, url);
      if (!sameHost(url, next)) return { kind: 'redirect', from: url.href, to: next.href, status: res.status };
      if (hop >= MAX_REDIRECTS) throw new ToolError(`Too many redirects (more than ${MAX_REDIRECTS}) starting at ${start.href}.`);
      url = next;
      continue;
    }
    if (res.status < 200 || res.status >= 300) {
      await res.body?.cancel().catch(() => {});
      throw new ToolError(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} for ${url.href}.`);
    }
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!isTextual(contentType)) {
      await res.body?.cancel().catch(() => {});
      throw new ToolError(`${url.href} is ${contentType}, not text or HTML; WebFetch can only read pages and text files.`);
    }
    const { buf, truncated } = await readCapped(res, MAX_FETCH_BYTES);
    const text = buf.toString('utf8');
    const isHtml = contentType.includes('html') || (contentType === '' && /^\s*<(!doctype html|html)/i.test(text));
    let content = isHtml ? await htmlToMarkdown(text, url.href) : text;
    const title = isHtml ? htmlTitle(text) : undefined;
    if (title) content = `# ${title}\n\n${content}`;
    return {
      kind: 'page',
      page: { at: Date.now(), finalUrl: url.href, status: res.status, contentType, bytes: buf.length, truncated, content },
    };
  }
}

const SYSTEM_PROMPT = [
  'You read one web page for a coding agent and answer its request about the page.',
  'Use only the page content given. Be concise and specific: give the facts, names, versions, code or commands',
  'asked for. Quote short passages exactly when wording matters; do not reproduce long stretches of the page.',
  'If the page does not contain the answer, say so plainly.',
].join(' ');

async function askSmallModel(ctx: ToolContext, page: CachedPage, prompt: string): Promise<string> {
  const content =
    page.content.length > MAX_MARKDOWN_FOR_MODEL
      ? page.content.slice(0, MAX_MARKDOWN_FOR_MODEL) + '\n\n[... page cut here ...]'
      : page.content;
  const events: AsyncIterable<ModelEvent> = ctx.model.stream(
    {
      model: ctx.resolveModel('haiku'),
      max_tokens: 1024,
      system: SYSTEM_PROMPT,
      messages: [
        {
          role: 'user',
          content: `Page: ${page.finalUrl}\n\n<page>\n${content}\n</page>\n\nRequest: ${prompt}`,
        },
      ],
    },
    ctx.signal,
  );
  let answer: string | undefined;
  for await (const ev of events) {
    if (ev.type === 'message_done') {
      answer = ev.message.content
        .filter((b): b is TextBlock => b.type === 'text')
        .map((b) => b.text)
        .join('')
        .trim();
    }
  }
  if (!answer) throw new Error('the model returned no text');
  return answer;
}

function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
}

export const webFetchTool = defineTool({
  name: 'WebFetch',
  description: [
    'Fetch a web page (or text file) by URL and have a small model answer `prompt` about it; HTML is converted to',
    'markdown first. Returns that answer, not the raw page, so ask for exactly what you need. http is upgraded to',
    'https. A redirect to another host is not followed: you are told the new URL and may fetch it. Results are',
    'cached for 15 minutes. Cannot log in or read pages behind authentication; read-only.',
  ].join(' '),
  inputSchema,
  kind: 'web',
  isReadOnly: () => true,
  async preview(input) {
    let shown = input.url;
    try {
      shown = normaliseUrl(input.url).href;
    } catch {
      /* run() reports the bad URL */
    }
    return { kind: 'info', title: `Fetch ${shown}`, detail: input.prompt };
  },
  async run(input, ctx) {
    const url = normaliseUrl(input.url);
    const cache = pageCache(ctx.sessionStore);
    let page = cache.get(url.href);
    const cached = page !== undefined && Date.now() - page.at < CACHE_TTL_MS;
    if (!cached) {
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]);
      let outcome: FetchOutcome;
      try {
        outcome = await fetchPage(url, signal);
      } catch (err) {
        if (err instanceof ToolError) throw err;
        if (ctx.signal.aborted) throw new ToolError('The fetch was interrupted by the user.');
        if (signal.aborted) throw new ToolError(`Fetching ${url.href} took longer than ${FETCH_TIMEOUT_MS / 1000} s and was stopped.`);
        throw new ToolError(`Could not fetch ${url.href}: ${(err as Error).message}`);
      }
      if (outcome.kind === 'redirect') {
        const text =
          `${outcome.from} redirected (HTTP ${outcome.status}) to a different host: ${outcome.to}\n` +
          `To read it, call WebFetch again with url "${outcome.to}" and the same prompt.`;
        return { forModel: text, summary: `Redirected to ${new URL(outcome.to).host}`, details: { redirect: outcome.to } };
      }
      page = outcome.page;
      cache.set(url.href, page);
    }
    const p = page!;
    const note = p.truncated ? ` (cut at ${kb(MAX_FETCH_BYTES)})` : '';
    const summary = `Fetched ${kb(p.bytes)}${note} from ${new URL(p.finalUrl).host}${cached ? ' (cached)' : ''}`;
    try {
      const answer = await askSmallModel(ctx, p, input.prompt);
      return { forModel: answer, summary, details: { url: p.finalUrl, bytes: p.bytes, status: p.status, cached } };
    } catch (err) {
      if (ctx.signal.aborted) throw new ToolError('The fetch was interrupted by the user.');
      const body =
        p.content.length > MAX_MARKDOWN_FALLBACK
          ? `${p.content.slice(0, MAX_MARKDOWN_FALLBACK)}\n[... ${(p.content.length - MAX_MARKDOWN_FALLBACK).toLocaleString('en-US')} more characters cut ...]`
          : p.content;
      const text =
        `(The page could not be summarised: ${(err as Error).message}. Its content as markdown follows; ` +
        `answer the request from it yourself.)\n\n${body}`;
      return { forModel: text, summary: `${summary}; summary failed`, details: { url: p.finalUrl, bytes: p.bytes, cached, modelError: true } };
    }
  },
});
