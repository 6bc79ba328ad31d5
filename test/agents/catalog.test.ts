import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadAgentCatalog } from '../../src/agents/catalog';
import { defaultBuiltinDir } from '../../src/agents/discovery';
import { makeTestTempDir } from '../support/temp-dirs';

const fixtures = fileURLToPath(new URL('../fixtures/agents/', import.meta.url));
const agentText = (name: string, extra = '') => `---\nname: ${name}\ndescription: ${name} agent\n${extra}---\nYou are ${name}.\n`;

let root: string;
async function put(rel: string, text: string) {
  const p = join(root, rel);
  await mkdir(dirname(p), { recursive: true });
  await writeFile(p, text);
  return p;
}

beforeAll(async () => {
  root = makeTestTempDir('tandem-agents-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the shipped agents', () => {
  test('the builtin folder is found from the source tree and its agents load cleanly', async () => {
    expect(defaultBuiltinDir()).toBe(fileURLToPath(new URL('../../agents/', import.meta.url)));
    const empty = makeTestTempDir('tandem-empty-');
    const c = await loadAgentCatalog({ cwd: empty, tandemHome: join(empty, 'th'), homeDir: join(empty, 'home') });
    await rm(empty, { recursive: true, force: true });
    expect(c.errors).toEqual([]);
    const gp = c.agents.get('general-purpose');
    expect(gp?.tools).toBeUndefined();
    expect(gp?.warnings).toEqual([]);
    expect(gp?.source.kind).toBe('builtin');
    const api = c.agents.get('api-engineer');
    expect(api?.tools).toHaveLength(17);
    expect(api?.model).toBe('sonnet');
    expect(api?.color).toBe('cyan');
  });
});

describe('precedence', () => {
  test('builtin < ~/.claude < $TANDEM_HOME < project root .. cwd (.claude < .tandem) < --agents-dir', async () => {
    const builtin = join(root, 'p', 'builtin');
    await put('p/builtin/shared.md', agentText('shared'));
    await put('p/builtin/only-builtin.md', agentText('only-builtin'));
    await put('p/home/.claude/agents/shared.md', agentText('shared'));
    await put('p/home/.claude/agents/user-claude.md', agentText('user-claude'));
    await put('p/th/agents/shared.md', agentText('shared'));
    await put('p/th/agents/user-claude.md', agentText('user-claude'));
    await mkdir(join(root, 'p/repo/.git'), { recursive: true });
    await put('p/repo/.claude/agents/shared.md', agentText('shared'));
    await put('p/repo/.tandem/agents/shared.md', agentText('shared'));
    await put('p/repo/.tandem/agents/root-only.md', agentText('root-only'));
    await put('p/repo/pkg/.claude/agents/sub/deep/shared.md', agentText('shared'));
    await put('p/repo/pkg/.claude/agents/root-only.md', agentText('root-only'));
    await put('p/repo/pkg/src/.tandem/agents/shared.md', agentText('shared'));
    await put('p/flag1/shared.md', agentText('shared'));
    await put('p/flag2/nested/shared.md', agentText('shared'));
    // Outside the repository: must not be searched.
    await put('p/.tandem/agents/outside.md', agentText('outside'));

    const base = {
      cwd: join(root, 'p/repo/pkg/src'),
      tandemHome: join(root, 'p/th'),
      homeDir: join(root, 'p/home'),
      builtinDir: builtin,
    };
    const withFlags = await loadAgentCatalog({ ...base, agentsDirs: ['../../../flag1', join(root, 'p/flag2')] });
    expect(withFlags.errors).toEqual([]);
    expect(withFlags.agents.get('shared')?.source).toEqual({ kind: 'flag', path: join(root, 'p/flag2/nested/shared.md') });
    expect(withFlags.agents.get('only-builtin')?.source.kind).toBe('builtin');
    expect(withFlags.agents.get('user-claude')?.source.path).toBe(join(root, 'p/th/agents/user-claude.md'));
    expect(withFlags.agents.get('root-only')?.source.path).toBe(join(root, 'p/repo/pkg/.claude/agents/root-only.md'));
    expect(withFlags.agents.has('outside')).toBe(false);

    const order = [
      'p/builtin/shared.md',
      'p/home/.claude/agents/shared.md',
      'p/th/agents/shared.md',
      'p/repo/.claude/agents/shared.md',
      'p/repo/.tandem/agents/shared.md',
      'p/repo/pkg/.claude/agents/sub/deep/shared.md',
      'p/repo/pkg/src/.tandem/agents/shared.md',
      'p/flag1/shared.md',
      'p/flag2/nested/shared.md',
    ].map((r) => join(root, r));
    const sharedShadows = withFlags.shadowed.filter((s) => s.name === 'shared');
    expect(sharedShadows.map((s) => s.path)).toEqual(order.slice(0, -1));
    expect(sharedShadows.map((s) => s.shadowedBy)).toEqual(order.slice(1));

    const noFlags = await loadAgentCatalog(base);
    expect(noFlags.agents.get('shared')?.source).toEqual({ kind: 'project', path: join(root, 'p/repo/pkg/src/.tandem/agents/shared.md') });
  });

  test('outside a repository only cwd is searched', async () => {
    await put('q/.tandem/agents/parent.md', agentText('parent'));
    await put('q/work/.claude/agents/here.md', agentText('here'));
    const c = await loadAgentCatalog({ cwd: join(root, 'q/work'), tandemHome: join(root, 'q/th'), homeDir: join(root, 'q/h'), builtinDir: join(root, 'none') });
    expect([...c.agents.keys()]).toEqual(['here']);
  });

  test('a folder reached twice (cwd is the home folder) is read once', async () => {
    await put('h2/.claude/agents/mine.md', agentText('mine'));
    const home = join(root, 'h2');
    const c = await loadAgentCatalog({ cwd: home, tandemHome: join(home, '.tandem'), homeDir: home, builtinDir: join(root, 'none') });
    expect(c.agents.get('mine')?.source.kind).toBe('project');
    expect(c.shadowed).toEqual([]);
  });

  test('a missing --agents-dir is an error; missing standard folders are not', async () => {
    const c = await loadAgentCatalog({ cwd: root, tandemHome: join(root, 'nope1'), homeDir: join(root, 'nope2'), builtinDir: join(root, 'nope3'), agentsDirs: ['missing-dir'] });
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]).toMatchObject({ path: join(root, 'missing-dir'), message: expect.stringMatching(/no such folder/) });
  });
});

describe('broken files among good ones', () => {
  test('each broken file is one error with path and field; the good ones (nested too) load', async () => {
    const dir = join(fixtures, 'broken');
    const c = await loadAgentCatalog({ cwd: root, tandemHome: join(root, 'x'), homeDir: join(root, 'y'), builtinDir: join(root, 'z'), agentsDirs: [dir] });
    expect([...c.agents.keys()].sort()).toEqual(['deep-one', 'fine']);
    const byFile = Object.fromEntries(c.errors.map((e) => [e.path.slice(dir.length + 1), e]));
    expect(Object.keys(byFile).sort()).toEqual(['bad-max-turns.md', 'bad-tools.md', 'missing-description.md', 'missing-name.md', 'unparseable.md']);
    expect(byFile['bad-max-turns.md']).toMatchObject({ field: 'maxTurns', line: 5 });
    expect(byFile['bad-tools.md']).toMatchObject({ field: 'tools', line: 4 });
    expect(byFile['missing-name.md']).toMatchObject({ field: 'name' });
    expect(byFile['missing-description.md']).toMatchObject({ field: 'description' });
    expect(byFile['unparseable.md']).toMatchObject({ field: 'name', line: expect.any(Number) });
  });
});

describe('the public corpus', () => {
  test('all 158 files load, and fast enough', async () => {
    const opts = { cwd: root, tandemHome: join(root, 'x'), homeDir: join(root, 'y'), builtinDir: join(root, 'z'), agentsDirs: [join(fixtures, 'corpus')] };
    await loadAgentCatalog(opts); // warm up module code paths
    const t0 = performance.now();
    const c = await loadAgentCatalog(opts);
    const ms = performance.now() - t0;
    console.log(`loaded ${c.agents.size} corpus agents in ${ms.toFixed(1)} ms`);
    expect(c.errors).toEqual([]);
    expect(c.agents.size).toBe(158);
    expect(c.shadowed).toEqual([]);
    const lenient = [...c.agents.values()].filter((a) => a.warnings.some((w) => w.startsWith('frontmatter is not valid YAML')));
    expect(lenient.map((a) => a.name).sort()).toEqual([
      'ab-test-analysis',
      'assumption-mapping',
      'backlog-grooming',
      'cohort-analysis',
      'first-principles-thinking',
      'gdpr-ccpa-compliance',
      'growth-loops',
      'hipaa-compliance',
    ]);
    for (const a of c.agents.values()) {
      expect(a.description.length).toBeGreaterThan(20);
      expect(a.systemPrompt.length).toBeGreaterThan(100);
    }
  });
});
