// The engine knows nothing of Ink (DESIGN.md): the engine side imports no React, Ink or UI module, so the
// headless mode and the REPL are two consumers of the same events.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '../../src');
const ENGINE_SIDE = ['engine', 'tools', 'model', 'agents', 'permissions', 'settings', 'hooks', 'session', 'checkpoints', 'mcp', 'fake-server'];
const FORBIDDEN = /from\s+['"](ink|react|react\/jsx-runtime|ink-testing-library)['"]|from\s+['"][./]*\/ui\//;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('module boundaries', () => {
  it('the engine side imports no Ink, React or UI code', () => {
    const offenders = ENGINE_SIDE.flatMap((dir) => files(join(SRC, dir)))
      .filter((path) => FORBIDDEN.test(readFileSync(path, 'utf8')))
      .map((path) => relative(SRC, path));
    expect(offenders).toEqual([]);
  });
});
