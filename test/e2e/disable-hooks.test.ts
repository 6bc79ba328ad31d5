// `disableAllHooks` is acted on: the user (or an administrator) may switch every hook off; a project file may
// switch hooks off but never back on (a repository's `"disableAllHooks": false` does not undo the user's `true`).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer } from '../../src/fake-server/types';
import { runTandem, tempHome, testEnv, type TempHome } from './harness';

vi.setConfig({ testTimeout: 60_000 });

let t: TempHome;
let server: FakeServer | undefined;

beforeEach(() => {
  t = tempHome('tandem-e2e-nohooks-');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.cleanup();
});

const marker = () => join(t.project, 'hook-ran');
const hookSettings = () => ({ hooks: { SessionStart: [{ hooks: [{ type: 'command', command: `touch '${marker()}'` }] }] } });

function write(file: string, value: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(value));
}

async function run(): Promise<string> {
  server = await startFakeServer({ turns: [{ text: 'Hello.' }] });
  const r = await runTandem(['-p', 'hi'], { cwd: t.project, env: testEnv(server.url, t), timeoutMs: 30_000 });
  expect(r.code).toBe(0);
  return r.stderr;
}

describe('disableAllHooks', () => {
  it('the control: a user hook runs', async () => {
    write(join(t.home, '.tandem', 'settings.json'), hookSettings());
    await run();
    expect(existsSync(marker())).toBe(true);
  });

  it("the user's disableAllHooks: true keeps every hook from running, and a project's false cannot undo it", async () => {
    write(join(t.home, '.tandem', 'settings.json'), { ...hookSettings(), disableAllHooks: true });
    write(join(t.project, '.claude', 'settings.json'), { ...hookSettings(), disableAllHooks: false });
    write(join(t.project, '.tandem', 'settings.local.json'), { disableAllHooks: false });
    const stderr = await run();
    expect(existsSync(marker())).toBe(false);
    expect(stderr).toMatch(/hooks are off.*disableAllHooks/);
  });

  it("a project file may switch the user's hooks off", async () => {
    write(join(t.home, '.tandem', 'settings.json'), hookSettings());
    write(join(t.project, '.claude', 'settings.json'), { disableAllHooks: true });
    await run();
    expect(existsSync(marker())).toBe(false);
  });
});
