import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draftAgentsMd, findImports, loadMemory } from '../../src/session/memory';
import { makeTestTempDir } from '../support/temp-dirs';

let tmp: string;
let home: string;
let repo: string;
let userHome: string;
beforeEach(async () => {
  tmp = makeTestTempDir('tandem-memory-');
  home = path.join(tmp, 'tandem-home');
  repo = path.join(tmp, 'repo');
  userHome = path.join(tmp, 'home');
  await mkdir(path.join(repo, 'pkg', 'sub'), { recursive: true });
  await mkdir(home, { recursive: true });
  await mkdir(userHome, { recursive: true });
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const write = async (file: string, text: string) => {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
};

describe('loadMemory', () => {
  it('reads user, then root-to-cwd AGENTS.md, CLAUDE.md, CLAUDE.local.md', async () => {
    await write(path.join(home, 'AGENTS.md'), 'user prefs');
    await write(path.join(repo, 'CLAUDE.md'), 'root claude');
    await write(path.join(repo, 'AGENTS.md'), 'root agents');
    await write(path.join(repo, 'pkg', 'CLAUDE.local.md'), 'pkg local');
    await write(path.join(repo, 'pkg', 'sub', 'AGENTS.md'), 'sub agents');
    await write(path.join(repo, 'other', 'AGENTS.md'), 'not on the path');
    const mem = await loadMemory({ cwd: path.join(repo, 'pkg', 'sub'), projectRoot: repo, tandemHome: home, homeDir: userHome });
    expect(mem.files.map((f) => [path.relative(tmp, f.path), f.scope])).toEqual([
      ['tandem-home/AGENTS.md', 'user'],
      ['repo/AGENTS.md', 'project'],
      ['repo/CLAUDE.md', 'project'],
      ['repo/pkg/CLAUDE.local.md', 'local'],
      ['repo/pkg/sub/AGENTS.md', 'project'],
    ]);
    expect(mem.files[0]!.chars).toBe('user prefs'.length);
    expect(mem.warnings).toEqual([]);
    expect(mem.text.indexOf('user prefs')).toBeLessThan(mem.text.indexOf('root agents'));
    expect(mem.text.indexOf('root agents')).toBeLessThan(mem.text.indexOf('sub agents'));
    expect(mem.text).toContain(`# Memory file: ${path.join(repo, 'pkg', 'CLAUDE.local.md')}`);
    expect(mem.text).not.toContain('not on the path');
  });

  it('follows @imports relative to the importing file and from ~, not inside code', async () => {
    await write(path.join(repo, 'AGENTS.md'), 'See @docs/style.md and @~/notes.md.\nmail me@example.com\n```\n@docs/ignored.md\n```\nand `@docs/inline.md` and @types/node');
    await write(path.join(repo, 'docs', 'style.md'), 'style: tabs\n@../shared/extra.md');
    await write(path.join(repo, 'shared', 'extra.md'), 'extra rules');
    await write(path.join(userHome, 'notes.md'), 'home notes');
    await write(path.join(repo, 'docs', 'ignored.md'), 'IGNORED');
    const mem = await loadMemory({ cwd: repo, projectRoot: repo, tandemHome: home, homeDir: userHome });
    expect(mem.files.map((f) => path.relative(tmp, f.path))).toEqual(['repo/AGENTS.md', 'repo/docs/style.md', 'repo/shared/extra.md', 'home/notes.md']);
    expect(mem.files[1]!.importedFrom).toBe(path.join(repo, 'AGENTS.md'));
    expect(mem.text).toContain('extra rules');
    expect(mem.text).not.toContain('IGNORED');
    expect(mem.warnings).toEqual([]); // @types/node is prose, not a missing file
  });

  it('warns about missing imports, stops cycles and stops after 4 levels', async () => {
    await write(path.join(repo, 'AGENTS.md'), '@a.md\n@missing.md');
    await write(path.join(repo, 'a.md'), 'A @b.md');
    await write(path.join(repo, 'b.md'), 'B @a.md @c.md');
    await write(path.join(repo, 'c.md'), 'C @d.md');
    await write(path.join(repo, 'd.md'), 'D @e.md');
    await write(path.join(repo, 'e.md'), 'E');
    const mem = await loadMemory({ cwd: repo, projectRoot: repo, tandemHome: home, homeDir: userHome });
    // AGENTS.md (0) -> a (1) -> b (2) -> c (3) -> d (4) -> e would be 5
    expect(mem.files.map((f) => path.basename(f.path))).toEqual(['AGENTS.md', 'a.md', 'b.md', 'c.md', 'd.md']);
    expect(mem.warnings.some((w) => /cycle/.test(w))).toBe(true);
    expect(mem.warnings.some((w) => /@e\.md not followed.*4 levels/.test(w))).toBe(true);
    expect(mem.warnings.some((w) => /missing\.md does not exist/.test(w))).toBe(true);
  });

  it('is empty when there are no files', async () => {
    const mem = await loadMemory({ cwd: repo, projectRoot: repo, tandemHome: home, homeDir: userHome });
    expect(mem).toEqual({ files: [], text: '', warnings: [] });
  });

  it('finds import tokens', () => {
    expect(findImports('@./a.md, then (@b/c.txt) x@y.z\n~~~\n@no.md\n~~~\n@yes.md')).toEqual(['./a.md', 'yes.md']);
  });
});

describe('draftAgentsMd', () => {
  it('drafts from package.json, Makefile, README and folders', async () => {
    await write(path.join(repo, 'package.json'), JSON.stringify({ name: 'demo', description: 'A demo tool.', type: 'module', scripts: { build: 'tsc', test: 'vitest run' } }));
    await write(path.join(repo, 'tsconfig.json'), '{}');
    await write(path.join(repo, 'Makefile'), 'VAR := 1\nlint:\n\teslint .\n.PHONY: lint\n');
    await write(path.join(repo, 'README.md'), 'intro\n# Demo Project\ntext');
    await mkdir(path.join(repo, 'node_modules'), { recursive: true });
    await mkdir(path.join(repo, '.git'), { recursive: true });
    const draft = await draftAgentsMd(repo);
    expect(draft).toMatch(/^# Demo Project\n/);
    expect(draft).toContain('A demo tool.');
    expect(draft).toContain('`npm run build`: tsc');
    expect(draft).toContain('`npm test`: vitest run');
    expect(draft).toContain('`make lint`');
    expect(draft).toContain('Run the tests with `npm test`');
    expect(draft).toContain('TypeScript');
    expect(draft).toContain('`pkg/`');
    expect(draft).not.toContain('node_modules');
    expect(draft).not.toContain('.git/');
  });

  it('knows cargo projects', async () => {
    await write(path.join(repo, 'Cargo.toml'), '[package]\nname = "crab"\n');
    const draft = await draftAgentsMd(repo);
    expect(draft).toMatch(/^# crab/);
    expect(draft).toContain('Run the tests with `cargo test`');
  });
});
