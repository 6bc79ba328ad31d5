import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runAgentsCommand } from '../../src/cli/agents-command';
import { makeTestTempDir } from '../support/temp-dirs';

const fixtures = fileURLToPath(new URL('../fixtures/agents/', import.meta.url));
let root: string;

async function run(argv: string[], cwd = root) {
  let stdout = '';
  let stderr = '';
  const code = await runAgentsCommand(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    env: { HOME: join(root, 'home'), TANDEM_HOME: join(root, 'th') },
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  root = makeTestTempDir('tandem-agents-cli-');
  await mkdir(join(root, 'proj/.git'), { recursive: true });
  await mkdir(join(root, 'proj/.tandem/agents'), { recursive: true });
  await mkdir(join(root, 'th/agents'), { recursive: true });
  await writeFile(join(root, 'proj/.tandem/agents/reviewer.md'), '---\nname: reviewer\ndescription: Reviews\ntools: Read, Grep\nmodel: opus\ncolor: green\n---\nReview.\n');
  // Shadowed by the project's reviewer.
  await writeFile(join(root, 'th/agents/reviewer.md'), '---\nname: reviewer\ndescription: Old\n---\nOld.\n');
  await writeFile(join(root, 'proj/.tandem/agents/broken.md'), '---\nname: broken\n---\nNo description.\n');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('tandem agents', () => {
  test('lists agents in columns, then warnings, errors and shadowed ones', async () => {
    const { code, stdout } = await run([], join(root, 'proj'));
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+MODEL\s+TOOLS\s+COLOR\s+SOURCE$/);
    expect(stdout).toMatch(/^reviewer\s+opus\s+2\s+green\s+project: \.tandem\/agents\/reviewer\.md$/m);
    expect(stdout).toMatch(/^general-purpose\s+inherit\s+all\s+blue\s+builtin: /m);
    expect(stdout).toMatch(/^api-engineer\s+sonnet\s+17\s+cyan\s+builtin: /m);
    expect(stdout).toMatch(/^ {4}warning: tool "mcp__context7__resolve-library-id"/m);
    expect(stdout).toMatch(/Errors \(1;.*\n {2}\.tandem\/agents\/broken\.md: description: is missing/);
    expect(stdout).toMatch(/Shadowed \(1;.*\n {2}reviewer: .*th\/agents\/reviewer\.md \(hidden by \.tandem\/agents\/reviewer\.md\)/);
    // Columns line up: SOURCE starts at the same offset on every agent row.
    const col = lines[0]!.indexOf('SOURCE');
    for (const l of lines.slice(1).filter((l) => /^\S/.test(l) && /(builtin|project|user|flag): /.test(l))) {
      expect(l.indexOf(': ') - l.lastIndexOf(' ', l.indexOf(': ')) - 1).toBeGreaterThan(0);
      expect(/(builtin|project|user|flag): /.exec(l)!.index).toBe(col);
    }
  });

  test('--json and --agents-dir', async () => {
    const { code, stdout } = await run(['--json', '--agents-dir', join(fixtures, 'seed')], join(root, 'proj'));
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    const api = data.agents.find((a: { name: string }) => a.name === 'api-engineer');
    expect(api.source.kind).toBe('flag');
    expect(api.tools).toHaveLength(17);
    expect(data.agents.find((a: { name: string }) => a.name === 'general-purpose').tools).toBe('all');
    expect(data.errors).toHaveLength(1);
    expect(data.shadowed.map((s: { name: string }) => s.name).sort()).toEqual(['api-engineer', 'reviewer']);
  });

  test('--help, unknown options and subcommands', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/tandem agents check/);
    expect(help.stdout).toMatch(/NotebookRead/);
    expect((await run(['--bogus'])).code).toBe(2);
    const bad = await run(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown subcommand "frobnicate"/);
    expect((await run(['check'])).code).toBe(2);
  });
});

describe('tandem agents check', () => {
  test('the whole public corpus passes', async () => {
    const { code, stdout } = await run(['check', join(fixtures, 'corpus')]);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/^FAIL/m);
    expect(stdout).toMatch(/^158 agent file\(s\): 146 ok, 12 with warnings, 0 failed; 1 skipped$/m);
    expect(stdout).toMatch(/^skip .*README\.md/m);
    expect(stdout).toMatch(/^ok {3}.*corpus\/ai-engineer\.md {2}\(ai-engineer\)$/m);
  });

  test('broken files fail with path, field and line; exit 1', async () => {
    const { code, stdout } = await run(['check', join(fixtures, 'broken'), join(fixtures, 'seed/api-engineer.md')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL .*broken\/bad-max-turns\.md: maxTurns: must be a whole number.* \(line 5\)$/m);
    expect(stdout).toMatch(/^FAIL .*broken\/missing-name\.md: name: is missing/m);
    expect(stdout).toMatch(/^ok {3}.*broken\/fine\.md {2}\(fine\)$/m);
    expect(stdout).toMatch(/^warn .*seed\/api-engineer\.md: frontmatter is not valid YAML \(line 3/m);
    expect(stdout).toMatch(/^8 agent file\(s\): 2 ok, 1 with warnings, 5 failed; 1 skipped$/m);
  });

  test('--json gives one entry per file', async () => {
    const { code, stdout } = await run(['check', '--json', join(fixtures, 'broken/bad-tools.md'), join(fixtures, 'broken/fine.md')]);
    expect(code).toBe(1);
    const data = JSON.parse(stdout);
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({ ok: false, warnings: [], errors: [{ field: 'tools', line: 4 }] });
    expect(data[1]).toMatchObject({ ok: true, name: 'fine', warnings: [], errors: [] });
  });

  test('a missing path fails', async () => {
    const { code, stdout } = await run(['check', 'does-not-exist.md']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL does-not-exist\.md: no such file or folder$/m);
  });
});
