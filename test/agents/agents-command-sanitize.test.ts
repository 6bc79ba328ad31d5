// `tandem agents` prints what agent files say (names, models, paths, warnings, errors) to a terminal: every
// control or invisible character in them shows as a visible escape (the --json output escapes them itself).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runAgentsCommand } from '../../src/cli/agents-command';
import { makeTestTempDir } from '../support/temp-dirs';

let root: string;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\x00-\x09\x0b-\x1f\x7f-\x9f]|\p{Cf}/u;

async function run(argv: string[]) {
  let stdout = '';
  const code = await runAgentsCommand(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stdout += s), cwd: join(root, 'proj'), env: { HOME: join(root, 'home'), TANDEM_HOME: join(root, 'th') } });
  return { code, stdout };
}

beforeAll(async () => {
  root = makeTestTempDir('tandem-agents-san-');
  const dir = join(root, 'proj/.tandem/agents');
  await mkdir(join(root, 'proj/.git'), { recursive: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'evil\x1b[2J.md'), '---\nname: "evil\\u202e\\u001b[31m"\ndescription: Fine\ntools: Read, "Bad\\u001b]52;c;eA==\\u0007"\nmodel: "opus\\r1. Yes"\n---\nBody.\n');
  await writeFile(join(dir, 'broken\u200b.md'), '---\nname: broken\ndescription: "x"\ncolor: "red\\u001b[7m"\nmaxTurns: "\\u009b2J"\n---\n');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

test('the listing and check show escapes, never raw control characters', async () => {
  const list = await run([]);
  expect(list.stdout).toContain('\\x1b[2J.md');
  expect(FORBIDDEN.exec(list.stdout)).toBeNull();
  expect(list.stdout).toMatch(/⟨U\+202E⟩|\\x1b|␍|⟨U\+200B⟩/);
  const check = await run(['check', join(root, 'proj/.tandem/agents')]);
  expect(FORBIDDEN.exec(check.stdout)).toBeNull();
  expect(check.stdout).toContain('broken⟨U+200B⟩.md');
});
