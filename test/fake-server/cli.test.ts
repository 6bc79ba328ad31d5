// The hand-run fake server: a JSON script file, replay paths relative to it, clear errors for bad arguments.
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { runFakeServerCli } from '../../src/fake-server/cli';
import { makeTestTempDir } from '../support/temp-dirs';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

it('serves a JSON script, resolving replay paths next to it', async () => {
  const dir = makeTestTempDir('tandem-fake-cli-');
  await copyFile(path.resolve(__dirname, '../fixtures/anthropic-streams/s01-text-basic.sse'), path.join(dir, 'hello.sse'));
  await writeFile(path.join(dir, 'script.json'), JSON.stringify({ turns: [{ text: 'first' }, { replay: 'hello.sse' }] }));
  const printed: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
  const server = await runFakeServerCli(['--script', path.join(dir, 'script.json')]);
  expect(server).toBeDefined();
  try {
    expect(printed.join('')).toContain(server!.url);
    const ask = (stream: boolean) =>
      fetch(server!.url + '/v1/messages', { method: 'POST', body: JSON.stringify({ model: 'm', max_tokens: 5, messages: [], stream }) });
    expect(((await (await ask(false)).json()) as any).content).toEqual([{ type: 'text', text: 'first' }]);
    expect(await (await ask(true)).text()).toContain('"text":"Hello"');
  } finally {
    await server!.close();
  }
});

it('reports a bad argument on stderr with exit code 2', async () => {
  const errors: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (errors.push(String(chunk)), true));
  expect(await runFakeServerCli(['--port', 'eighty'])).toBeUndefined();
  expect(process.exitCode).toBe(2);
  expect(errors.join('')).toMatch(/--port wants a number/);
});
