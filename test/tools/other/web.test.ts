import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantBlock, ModelRequest } from '../../../src/model/types';
import { normaliseUrl, webFetchTool } from '../../../src/tools/web-fetch';
import { webSearchTool } from '../../../src/tools/web-search';
import { fakeModel, makeContext, makeTempDir } from './context';

let server: http.Server;
let base: string;
const hits: Record<string, number> = {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits[req.url ?? ''] = (hits[req.url ?? ''] ?? 0) + 1;
    switch (req.url) {
      case '/page':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          '<html><head><title>Test Page</title><style>body{color:red}</style></head><body>' +
            '<h1>Release notes</h1><script>var secret = "do not show";</script>' +
            '<p>Version <b>2.0</b> adds <a href="/docs">docs</a>.</p><noscript>enable js</noscript></body></html>',
        );
        return;
      case '/moved':
        res.writeHead(301, { location: '/page' });
        res.end();
        return;
      case '/away':
        res.writeHead(302, { location: 'https://elsewhere.example/target' });
        res.end();
        return;
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        res.end();
        return;
      case '/text':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('plain words');
        return;
      case '/image':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.alloc(10));
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('nope');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function pageOf(req: ModelRequest): string {
  const m = req.messages[0]!;
  return typeof m.content === 'string' ? m.content : '';
}

function fetchCtx(reply: (req: ModelRequest) => AssistantBlock[] | Error = () => [{ type: 'text', text: 'It adds docs.' }]) {
  const model = fakeModel(reply);
  return { ctx: makeContext(makeTempDir(), { model }), model };
}

describe('WebFetch', () => {
  it('converts HTML to markdown without scripts and asks the small model the prompt', async () => {
    const { ctx, model } = fetchCtx();
    const res = await webFetchTool.run({ url: `${base}/page`, prompt: 'What is new?' }, ctx);
    expect(res.forModel).toBe('It adds docs.');
    expect(model.requests).toHaveLength(1);
    const req = model.requests[0]!;
    expect(req.model).toBe('claude-haiku-test');
    expect(req.max_tokens).toBe(1024);
    const page = pageOf(req);
    expect(page).toContain('# Test Page');
    expect(page).toContain('# Release notes');
    expect(page).toContain(`Version **2.0** adds [docs](${base}/docs).`);
    expect(page).not.toContain('do not show');
    expect(page).not.toContain('enable js');
    expect(page).not.toContain('color:red');
    expect(page).toContain('What is new?');
  });

  it('follows a redirect on the same host', async () => {
    const { ctx, model } = fetchCtx();
    const res = await webFetchTool.run({ url: `${base}/moved`, prompt: 'p' }, ctx);
    expect(res.forModel).toBe('It adds docs.');
    expect(pageOf(model.requests[0]!)).toContain(`Page: ${base}/page`);
  });

  it('reports a redirect to another host instead of following it', async () => {
    const { ctx, model } = fetchCtx();
    const res = await webFetchTool.run({ url: `${base}/away`, prompt: 'p' }, ctx);
    expect(res.forModel).toContain('https://elsewhere.example/target');
    expect(res.forModel).toMatch(/call WebFetch again/);
    expect(model.requests).toHaveLength(0);
  });

  it('gives up after too many redirects', async () => {
    const { ctx } = fetchCtx();
    await expect(webFetchTool.run({ url: `${base}/loop`, prompt: 'p' }, ctx)).rejects.toThrow(/Too many redirects/);
  });

  it('serves a second call for the same URL from the cache', async () => {
    const { ctx, model } = fetchCtx();
    hits['/text'] = 0;
    await webFetchTool.run({ url: `${base}/text`, prompt: 'a' }, ctx);
    const second = await webFetchTool.run({ url: `${base}/text`, prompt: 'b' }, ctx);
    expect(hits['/text']).toBe(1);
    expect(second.summary).toMatch(/\(cached\)/);
    expect(model.requests).toHaveLength(2);
    expect(pageOf(model.requests[1]!)).toContain('plain words');
  });

  it('turns a non-2xx status into an error', async () => {
    const { ctx } = fetchCtx();
    await expect(webFetchTool.run({ url: `${base}/missing`, prompt: 'p' }, ctx)).rejects.toThrow(/HTTP 404/);
  });

  it('refuses binary content', async () => {
    const { ctx } = fetchCtx();
    await expect(webFetchTool.run({ url: `${base}/image`, prompt: 'p' }, ctx)).rejects.toThrow(/image\/png/);
  });

  it('returns the markdown itself when the small model fails', async () => {
    const { ctx } = fetchCtx(() => new Error('overloaded'));
    const res = await webFetchTool.run({ url: `${base}/page`, prompt: 'p' }, ctx);
    expect(res.forModel).toMatch(/could not be summarised: overloaded/);
    expect(res.forModel).toContain('# Release notes');
  });

  it('upgrades http to https except on loopback hosts', () => {
    expect(normaliseUrl('http://example.com/a').href).toBe('https://example.com/a');
    expect(normaliseUrl('http://localhost:3000/').protocol).toBe('http:');
    expect(normaliseUrl('http://127.0.0.5/').protocol).toBe('http:');
    expect(normaliseUrl('http://[::1]:80/').protocol).toBe('http:');
    expect(() => normaliseUrl('ftp://x/')).toThrow(/Only http and https/);
    expect(() => normaliseUrl('not a url')).toThrow(/Not a valid URL/);
  });

  it('previews the URL for the permission layer', async () => {
    const { ctx } = fetchCtx();
    expect(await webFetchTool.preview({ url: 'http://example.com/x', prompt: 'q' }, ctx)).toEqual({
      kind: 'info',
      title: 'Fetch https://example.com/x',
      detail: 'q',
    });
  });
});

describe('WebSearch', () => {
  const blocks: AssistantBlock[] = [
    { type: 'server_tool_use', id: 'srv_1', name: 'web_search', input: { query: 'node 22 release' } },
    {
      type: 'web_search_tool_result',
      tool_use_id: 'srv_1',
      content: [
        { type: 'web_search_result', title: 'Node.js 22 released', url: 'https://nodejs.org/blog/22', encrypted_content: 'x', page_age: '1 day ago' },
        { type: 'web_search_result', title: 'Changelog', url: 'https://github.com/nodejs/node/changelog', encrypted_content: 'y' },
      ],
    },
    { type: 'text', text: 'Node 22 was released in April.', citations: [{ type: 'web_search_result_location', url: 'https://nodejs.org/blog/22', title: 'Node.js 22 released', cited_text: '...', encrypted_index: 'z' }] },
    { type: 'text', text: ' It ships V8 12.4.', citations: null },
  ];

  it('sends the server tool and returns titles, URLs and a cited answer', async () => {
    const model = fakeModel(() => blocks);
    const ctx = makeContext(makeTempDir(), { model });
    const res = await webSearchTool.run(webSearchTool.inputSchema.parse({ query: 'node 22 release', allowed_domains: ['nodejs.org'] }), ctx);
    const tools = model.requests[0]!.tools!;
    expect(tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 5, allowed_domains: ['nodejs.org'] }]);
    expect(pageOf(model.requests[0]!)).toContain('node 22 release');
    expect(res.forModel).toBe(
      [
        'Web search results for "node 22 release":',
        '',
        '1. Node.js 22 released\n   https://nodejs.org/blog/22 (1 day ago)',
        '2. Changelog\n   https://github.com/nodejs/node/changelog',
        '',
        'Answer:',
        'Node 22 was released in April.[1] It ships V8 12.4.',
        '',
        'Sources:',
        '[1] Node.js 22 released - https://nodejs.org/blog/22',
      ].join('\n'),
    );
    expect(res.summary).toMatch(/^2 results/);
  });

  it('rejects a one-letter query and both domain lists at once', () => {
    expect(webSearchTool.inputSchema.safeParse({ query: 'a' }).success).toBe(false);
    const both = webSearchTool.inputSchema.safeParse({ query: 'abc', allowed_domains: ['a.com'], blocked_domains: ['b.com'] });
    expect(both.success).toBe(false);
    expect(JSON.stringify(both.error)).toContain('not both');
  });

  it('turns a failed side request into a tool error', async () => {
    const ctx = makeContext(makeTempDir(), { model: fakeModel(() => new Error('rate limited')) });
    await expect(webSearchTool.run({ query: 'abc' }, ctx)).rejects.toThrow(/Web search failed: rate limited/);
  });
});
