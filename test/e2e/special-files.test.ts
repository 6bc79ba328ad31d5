// Issue #13: reading a FIFO used to hang tandem beyond Esc, ctrl+c and SIGTERM (a blocked open in a libuv thread).
// The built binary, headless: the Read fails at once with a message and the run finishes.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer } from '../../src/fake-server/types';
import { jsonLines, runTandem, tempHome, testEnv, type TempHome } from './harness';

let t: TempHome;
let server: FakeServer | undefined;
beforeAll(() => {
  t = tempHome();
});
afterAll(() => t.cleanup());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

it('tandem -p: Read of a FIFO is an error result at once and the run ends', async () => {
  execFileSync('mkfifo', [join(t.project, 'pipe')]);
  server = await startFakeServer({
    turns: [{ content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'pipe' } }] }, { text: 'It is a pipe.' }],
  });
  const started = Date.now();
  const run = await runTandem(['-p', 'read pipe', '--allowedTools', 'Read', '--output-format', 'stream-json', '--verbose'], { cwd: t.project, env: testEnv(server.url, t), timeoutMs: 30_000 });
  expect(Date.now() - started).toBeLessThan(30_000);
  const lines = jsonLines(run.stdout) as Array<Record<string, any>>;
  const toolResult = lines.flatMap((l) => (l.type === 'user' ? l.message.content : [])).find((b: any) => b.type === 'tool_result');
  expect(toolResult.is_error).toBe(true);
  expect(JSON.stringify(toolResult.content)).toMatch(/named pipe \(FIFO\)/);
  expect(lines[lines.length - 1]).toMatchObject({ type: 'result', result: 'It is a pipe.' });
}, 60_000);
