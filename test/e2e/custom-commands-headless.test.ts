// `tandem -p "/name args"` runs a custom command as the REPL does: the body is sent (not the slash text), its
// `!` lines ran first, its model is used for the turn and its allowed-tools let the turn's calls run unasked.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer } from '../../src/fake-server/types';
import { runTandem, tempHome, testEnv, type TempHome } from './harness';

let t: TempHome;
let server: FakeServer | undefined;
beforeEach(() => {
  t = tempHome('tandem-e2e-cmd-');
  mkdirSync(join(t.project, '.git'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.cleanup();
});

const REVIEW = `---
description: Review a folder for bugs
argument-hint: [folder]
allowed-tools: Bash(touch reviewed-*), Bash(echo:*)
model: haiku
---
Branch note: !\`echo from-the-bang-line\`
Review the code under $1 and list bugs.
`;

describe('custom commands in headless mode', () => {
  it('expands the command, runs its ! line, uses its model and its allowed-tools for the turn', async () => {
    mkdirSync(join(t.project, '.claude', 'commands'), { recursive: true });
    writeFileSync(join(t.project, '.claude', 'commands', 'review.md'), REVIEW);
    server = await startFakeServer({
      turns: [{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch reviewed-src' } }] }, { text: 'no bugs' }],
    });
    const run = await runTandem(['-p', '/review src', '--output-format', 'stream-json', '--verbose'], { cwd: t.project, env: testEnv(server.url, t) });
    expect(run.stderr).toContain('tandem: ! echo from-the-bang-line: ran (exit 0)');
    const first = server.requests.find((r) => r.path.startsWith('/v1/messages'))!;
    const sent = JSON.stringify(first.body.messages);
    expect(sent).toContain('Branch note: from-the-bang-line');
    expect(sent).toContain('Review the code under src and list bugs.');
    expect(sent).not.toContain('/review src');
    expect(first.body.model).toMatch(/haiku/);
    expect(existsSync(join(t.project, 'reviewed-src'))).toBe(true);
    const init = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((l) => l.type === 'system' && l.subtype === 'init');
    expect(init.slash_commands).toContain('review');
    expect(run.code).toBe(0);
  });

  it('a prompt that only looks like a command is sent as typed', async () => {
    server = await startFakeServer({ turns: [{ text: 'ok' }] });
    const run = await runTandem(['-p', '/etc/hosts has a typo'], { cwd: t.project, env: testEnv(server.url, t) });
    expect(run.code).toBe(0);
    expect(JSON.stringify(server.requests.find((r) => r.path.startsWith('/v1/messages'))!.body.messages)).toContain('/etc/hosts has a typo');
  });
});
