// A fake Anthropic Messages API on 127.0.0.1, for tests, benchmarks and `--demo`. It speaks the real SSE protocol,
// answers from a script of turns, can replay recordings, inject faults (error statuses, mid-stream errors,
// dropped connections) and reports usage with a model of prompt caching. node:http only.

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { buildAnswer, errorBody, errorEvent } from './answer-builder';
import { PromptCache, promptPieces } from './prompt-cache';
import type { FakeServer, FakeServerOptions, LoggedRequest, ScriptedTurn } from './types';

export type { FakeServer, FakeServerOptions, LoggedRequest, ScriptedTurn, ScriptedBlock, Fault } from './types';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function systemText(body: any): string {
  if (typeof body?.system === 'string') return body.system;
  if (Array.isArray(body?.system)) return body.system.map((b: { text?: string }) => b?.text ?? '').join('\n');
  return '';
}

/** A turn with no condition takes any request; `match` and `matchSystem` narrow it. */
function turnMatches(turn: ScriptedTurn, req: LoggedRequest): boolean {
  if (turn.matchSystem !== undefined && !systemText(req.body).includes(turn.matchSystem)) return false;
  return turn.match ? turn.match(req) : true;
}

export async function startFakeServer(opts: FakeServerOptions = {}): Promise<FakeServer> {
  const pending: ScriptedTurn[] = [...(opts.turns ?? [])];
  const requests: LoggedRequest[] = [];
  const cache = new PromptCache();
  const sockets = new Set<Socket>();
  let messageCount = 0;

  async function pickTurn(req: LoggedRequest, index: number): Promise<ScriptedTurn | undefined> {
    if (opts.respond) return opts.respond(req, index);
    const at = pending.findIndex((t) => turnMatches(t, req));
    return at < 0 ? undefined : pending.splice(at, 1)[0];
  }

  async function handleMessages(logged: LoggedRequest, res: http.ServerResponse) {
    const index = messageCount++;
    const requestId = `req_fake${index}`;
    const turn = await pickTurn(logged, index);
    if (!turn) {
      return sendJson(
        res,
        500,
        errorBody(500, `fake server: no scripted turn left for request ${index + 1}`, requestId),
        { 'request-id': requestId, 'x-should-retry': 'false' },
      );
    }
    if (turn.replay !== undefined) {
      const bytes = await readFile(turn.replay);
      res.writeHead(turn.status ?? 200, { ...SSE_HEADERS, 'request-id': requestId });
      return res.end(bytes);
    }
    if (turn.replayJson !== undefined) {
      const bytes = await readFile(turn.replayJson);
      res.writeHead(turn.status ?? 200, { 'content-type': 'application/json', 'request-id': requestId });
      return res.end(bytes);
    }
    const fault = turn.fault;
    if (fault?.type === 'status') {
      const headers: Record<string, string> = { 'request-id': requestId };
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
      if (fault.status === 429 || fault.status >= 500) headers['x-should-retry'] = 'true';
      return sendJson(res, fault.status, fault.body ?? errorBody(fault.status, fault.message, requestId), headers);
    }

    const body = logged.body ?? {};
    const answer = buildAnswer(turn, String(body.model ?? 'claude-fake'), cache.account(body));
    if (body.stream !== true) return sendJson(res, 200, answer.message, { 'request-id': requestId });

    res.writeHead(200, { ...SSE_HEADERS, 'request-id': requestId });
    const delay = turn.deltaDelayMs ?? 0;
    const blockDelay = turn.blockDelayMs ?? 0;
    const stopAfter =
      fault?.type === 'midstream_error' || fault?.type === 'drop' ? Math.max(0, fault.afterDeltas) : Infinity;
    let closed = false;
    res.on('close', () => (closed = true));

    if (delay <= 0 && blockDelay <= 0 && stopAfter === Infinity) {
      // Fast path (benchmarks stream thousands of deltas): one write.
      return res.end(answer.events.map((e) => e.wire).join(''));
    }
    let deltas = 0;
    let buffered = '';
    for (const event of answer.events) {
      if (closed) return;
      if (event.isDelta) {
        if (deltas >= stopAfter) break;
        deltas++;
        if (delay > 0) {
          res.write(buffered + event.wire);
          buffered = '';
          await wait(delay);
          continue;
        }
      }
      buffered += event.wire;
      if (event.endsBlock && blockDelay > 0) {
        res.write(buffered);
        buffered = '';
        await wait(blockDelay);
      }
    }
    if (closed) return;
    if (fault?.type === 'midstream_error') {
      return res.end(buffered + errorEvent(fault.errorType ?? 'overloaded_error', fault.message));
    }
    if (fault?.type === 'drop') {
      // Let the partial answer reach the client first, so it really sees a stream cut off mid-answer.
      res.write(buffered);
      await wait(20);
      res.socket?.destroy();
      return;
    }
    res.end(buffered);
  }

  const server = http.createServer(async (req, res) => {
    try {
      const raw = await readBody(req);
      let parsed: any;
      try {
        parsed = raw ? JSON.parse(raw) : undefined;
      } catch {
        parsed = undefined;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const logged: LoggedRequest = { path, method: req.method ?? 'GET', body: parsed, headers: req.headers, time: Date.now() };
      requests.push(logged);

      if (req.method === 'POST' && path === '/v1/messages') {
        if (raw && parsed === undefined) return sendJson(res, 400, errorBody(400, 'fake server: the body is not valid JSON'));
        return await handleMessages(logged, res);
      }
      if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
        const tokens = promptPieces(parsed ?? {}).reduce((n, p) => n + p.tokens, 0);
        return sendJson(res, 200, { input_tokens: tokens });
      }
      return sendJson(res, 404, errorBody(404, `fake server: no route for ${req.method} ${path}`));
    } catch (err) {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, `fake server error: ${(err as Error).message}`));
      else res.destroy();
    }
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (!opts.keepAlive) socket.unref();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  if (!opts.keepAlive) server.unref();
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    push: (...turns) => void pending.push(...turns),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
