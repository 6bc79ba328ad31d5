// "type": "streamable-http", as Claude Code configurations write it, is the http transport (not a rejected server).
import { describe, expect, it } from 'vitest';
import { resolveServerEntry } from '../../src/mcp/config';

describe('streamable-http', () => {
  it('resolves to an http server with its url and expanded headers', () => {
    const result = resolveServerEntry(
      'tracker',
      { type: 'streamable-http', url: 'https://mcp.tracker.example/mcp', headers: { Authorization: 'Bearer ${TRACKER_TOKEN}' } },
      { file: '/repo/.mcp.json', scope: 'project' },
      { TRACKER_TOKEN: 't0k' },
    );
    expect('server' in result && result.server).toMatchObject({ transport: 'http', url: 'https://mcp.tracker.example/mcp', headers: { Authorization: 'Bearer t0k' } });
  });

  it('another unknown type is still an error naming the field', () => {
    const result = resolveServerEntry('x', { type: 'websocket', url: 'wss://x' }, { file: '/repo/.mcp.json', scope: 'project' }, {});
    expect('errors' in result && result.errors[0]).toMatchObject({ field: 'type' });
  });
});
