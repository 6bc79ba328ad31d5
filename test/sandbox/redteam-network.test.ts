// Red team, network: with one domain allowed, the proxy must not be talked into reaching the host's own loopback by
// URL tricks (userinfo, Host header against request target, numeric and IPv6-mapped addresses, the SOCKS side).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRedWorld, sandboxSkipReason, type RedWorld } from './redteam-support';

const skip = sandboxSkipReason();
if (skip) console.warn(`sandbox red-team network tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)('red team / network through the proxy', () => {
  let w: RedWorld;
  let server: http.Server;
  let port = 0;
  const seen: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.end('HELLO-FROM-HOST');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    w = await makeRedWorld({ raw: { enabled: true, network: { allowedDomains: ['allowed.test'] } } });
    w.startIn('project');
  });
  afterAll(async () => {
    server?.close();
    await w?.close();
  });

  it("cannot reach the host's 127.0.0.1 through the proxy by URL tricks when a domain is allowed", async () => {
    const P = port;
    const c = `curl -sS --noproxy '' --max-time 4`;
    const r = await w.run(
      [
        `${c} http://allowed.test@127.0.0.1:${P}/userinfo`,
        `${c} 'http://allowed.test%2f@127.0.0.1:${P}/encoded'`,
        `${c} -H 'Host: allowed.test' http://127.0.0.1:${P}/host-header`,
        `${c} --request-target 'http://127.0.0.1:${P}/target' http://allowed.test/`,
        `${c} --request-target 'http://allowed.test/t2' -H 'Host: 127.0.0.1:${P}' http://127.0.0.1:${P}/`,
        `${c} -p --connect-to allowed.test:${P}:127.0.0.1:${P} http://allowed.test:${P}/tunnel`,
        `${c} http://2130706433:${P}/decimal`,
        `${c} 'http://[::ffff:127.0.0.1]:${P}/mapped'`,
        `${c} http://0:${P}/zero`,
        `${c} http://localhost:${P}/localhost`,
        `${c} -x "$ALL_PROXY" http://allowed.test@127.0.0.1:${P}/socks`,
        'echo end',
      ].join('; '),
    );
    expect(r.text).toContain('end');
    expect(r.text).not.toContain('HELLO-FROM-HOST');
    expect(seen).toEqual([]);
  });
});
