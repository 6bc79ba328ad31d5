// --add-dir end to end: a folder given on the command line counts as inside the project for reading, whether it
// is written absolute or relative to where tandem was started.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer } from '../../src/fake-server/types';
import { runTandem, tempHome, testEnv, type TempHome } from './harness';
import { makeTestTempDir } from '../support/temp-dirs';

let t: TempHome;
let other: string;
let server: FakeServer | undefined;

beforeEach(() => {
  t = tempHome('tandem-e2e-adddir-');
  mkdirSync(join(t.project, '.git'));
  other = makeTestTempDir('tandem-e2e-other-');
  writeFileSync(join(other, 'notes.txt'), 'the other folder says hello\n');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.cleanup();
  rmSync(other, { recursive: true, force: true });
});

async function readThrough(addDir: string): Promise<string> {
  server = await startFakeServer({
    turns: [{ content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(other, 'notes.txt') } }] }, { text: 'ok' }],
  });
  const run = await runTandem(['-p', 'read it', '--add-dir', addDir], { cwd: t.project, env: testEnv(server.url, t) });
  expect(run.code).toBe(0);
  return toolResults(server);
}

/** What the model was sent back for its tool calls (the requests also carry the whole system prompt and tools). */
function toolResults(s: FakeServer): string {
  const messages = s.requests.filter((r) => r.path.startsWith('/v1/messages')).flatMap((r) => r.body.messages as Array<{ content: unknown }>);
  const blocks = messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])) as Array<{ type: string }>;
  return JSON.stringify(blocks.filter((b) => b.type === 'tool_result'));
}

describe('--add-dir', () => {
  it('an absolute folder: a Read there runs without asking', async () => {
    expect(await readThrough(other)).toContain('the other folder says hello');
  });

  it('a relative folder is taken from the working directory', async () => {
    expect(await readThrough(relative(t.project, other))).toContain('the other folder says hello');
  });

  it('without it the same Read is not allowed headless', async () => {
    server = await startFakeServer({
      turns: [{ content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(other, 'notes.txt') } }] }, { text: 'ok' }],
    });
    await runTandem(['-p', 'read it'], { cwd: t.project, env: testEnv(server.url, t) });
    expect(toolResults(server)).not.toContain('the other folder says hello');
  });
});
