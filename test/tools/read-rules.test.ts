// Read deny (and ask) rules hold for every tool that reads: Grep leaves the files out of its search and refuses a
// denied root, whatever glob, symlink or case the model tries; Glob and LS show names only; WebFetch refuses file://.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RulePolicy } from '../../src/permissions/policy';
import { setCaseProbe } from '../../src/permissions/case-fold';
import { grepTool, grepArgs } from '../../src/tools/grep';
import { runRg } from '../../src/tools/ripgrep';
import { globTool } from '../../src/tools/glob';
import { lsTool } from '../../src/tools/ls';
import { webFetchTool } from '../../src/tools/web-fetch';
import { notebookReadTool } from '../../src/tools/notebook-read';
import { readTool } from '../../src/tools/read';
import { resolvePath } from '../../src/permissions/resolve-path';
import { ToolError, type ToolContext } from '../../src/tools/types';
import { makeContext, makeTempDir } from './other/context';

const top = makeTempDir('tandem-readrules-');
const proj = path.join(top, 'proj');
const outside = path.join(top, 'outside');
const put = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(top, rel)), { recursive: true });
  fs.writeFileSync(path.join(top, rel), text);
};
put('proj/.env', 'TOKEN=in-dot-env\n');
put('proj/config/.env', 'TOKEN=nested-dot-env\n');
put('proj/secrets/key.txt', 'TOKEN=in-secrets\n');
put('proj/src/app.ts', 'const a = 1;\n// TOKEN is read from the environment\n');
put('proj/src/deep/secrets/x.txt', 'TOKEN=not-the-root-secrets\n');
put('outside/secret.txt', 'TOKEN=outside\n');
put('outside/public.txt', 'TOKEN=outside-public\n');
fs.symlinkSync('.env', path.join(proj, 'env-link'));
fs.symlinkSync('secrets', path.join(proj, 'pub'));
fs.symlinkSync(outside, path.join(proj, 'out-link'));
afterAll(() => fs.rmSync(top, { recursive: true, force: true }));
afterEach(() => setCaseProbe(undefined));

function ctxWith(rules: Array<[string, 'deny' | 'ask']>, cwd = proj): ToolContext {
  const policy = new RulePolicy({ rules: rules.map(([rule, behavior]) => ({ rule, behavior, source: 'test' })) });
  return { ...makeContext(cwd), projectRoot: proj, readGuard: policy.readGuard(proj) };
}

async function grep(ctx: ToolContext, input: Record<string, unknown>): Promise<string> {
  const res = await grepTool.run({ pattern: 'TOKEN', ...input } as never, ctx);
  return res.forModel as string;
}

describe('Grep under Read deny rules', () => {
  const denyEnv = ctxWith([['Read(.env)', 'deny']]);

  it('a glob that names the denied file (hidden files included by rg for it) finds nothing in it', async () => {
    for (const glob of ['.env', '**/.env', '.e*', '*env*']) {
      for (const output_mode of ['files_with_matches', 'content', 'count']) {
        const out = await grep(denyEnv, { glob, output_mode });
        expect(out, `${glob} ${output_mode}`).not.toContain('dot-env');
        expect(out, `${glob} ${output_mode}`).not.toMatch(/\.env(:|$|\n)/m);
      }
    }
  });

  it('the denied file is refused as the search root, directly or through a symlink', async () => {
    await expect(grep(denyEnv, { path: '.env' })).rejects.toThrow(/cannot be searched: the rule Read\(\.env\)/);
    await expect(grep(denyEnv, { path: 'env-link' })).rejects.toThrow(ToolError);
    await expect(grep(denyEnv, { path: 'config/.env' })).rejects.toThrow(ToolError);
  });

  it('rg does not follow a symlink to the denied file inside the searched folder', async () => {
    const out = await grep(denyEnv, { output_mode: 'content', glob: '*' });
    expect(out).not.toContain('dot-env');
    expect(out).not.toContain('env-link');
    expect(out).toContain('src/app.ts');
  });

  it('rg is told to skip the denied paths before it opens them', () => {
    const args = denyEnv.readGuard!.rgExcludeArgs(proj, proj);
    expect(args).toContain('--glob=!.env');
    const secrets = ctxWith([['Read(secrets/**)', 'deny'], [`Read(/${outside}/secret.txt)`, 'deny']]);
    expect(secrets.readGuard!.rgExcludeArgs(proj, proj)).toContain('--glob=!/secrets/**');
    expect(secrets.readGuard!.rgExcludeArgs(outside, top)).toContain('--glob=!/outside/secret.txt');
    // After the model's glob: rg obeys the last glob that matches.
    const argv = grepArgs({ pattern: 'x', glob: 'secrets/**' }, proj, ['--glob=!/secrets/**']);
    expect(argv.indexOf('--glob=!/secrets/**')).toBeGreaterThan(argv.indexOf('--glob=secrets/**'));
  });

  it('the exclusion globs alone keep rg out of the denied files (before any output filter)', async () => {
    const ctx = ctxWith([['Read(.env)', 'deny'], ['Read(secrets/**)', 'deny'], [`Read(/${outside}/secret.txt)`, 'deny']]);
    const run = async (root: string, cwd: string, glob: string) => {
      const args = grepArgs({ pattern: 'TOKEN', glob, output_mode: 'content' }, root, ctx.readGuard!.rgExcludeArgs(root, cwd));
      return (await runRg(args, { cwd })).stdout;
    };
    for (const glob of ['.env', '**/.env', 'secrets/**', '*']) {
      const out = await run(proj, proj, glob);
      expect(out, glob).not.toMatch(/dot-env|in-secrets/);
    }
    expect(await run(proj, proj, '*')).toContain('not-the-root-secrets');
    expect(await run(outside, top, '*')).not.toContain('TOKEN=outside\n');
    expect(await run(outside, top, '*')).toContain('outside-public');
  });

  it('a denied folder stays out of every search, by glob, by folder link and from a deeper working directory', async () => {
    const ctx = ctxWith([['Read(secrets/**)', 'deny']]);
    for (const input of [{}, { glob: 'secrets/**' }, { glob: '**/key.txt' }, { output_mode: 'content' }]) {
      expect(await grep(ctx, input)).not.toContain('in-secrets');
    }
    await expect(grep(ctx, { path: 'pub' })).rejects.toThrow(/cannot be searched/);
    await expect(grep(ctx, { path: 'secrets' })).rejects.toThrow(/cannot be searched/);
    // Only the root's secrets folder is denied, not src/deep/secrets.
    expect(await grep(ctx, { output_mode: 'content' })).toContain('not-the-root-secrets');
    // rg's working directory below the rule's base: no glob can say it, the output filter does.
    const deeper = ctxWith([['Read(/secrets/**)', 'deny']], path.join(proj, 'src'));
    expect(deeper.readGuard!.rgExcludeArgs(proj, path.join(proj, 'src'))).toEqual([]);
    expect(await grep(deeper, { path: proj, output_mode: 'content' })).not.toContain('in-secrets');
  });

  it('a denied absolute path stays out, also when searched through a folder link', async () => {
    const ctx = ctxWith([[`Read(/${outside}/secret.txt)`, 'deny']]);
    for (const p of [outside, 'out-link']) {
      const out = await grep(ctx, { path: p, output_mode: 'content' });
      expect(out).toContain('outside-public');
      expect(out).not.toContain('TOKEN=outside\n');
      expect(out).not.toContain('secret.txt');
    }
  });

  it('an ask rule keeps the files out of wider searches but not out of the root the user approved', async () => {
    const ctx = ctxWith([['Read(secrets/**)', 'ask']]);
    expect(await grep(ctx, { output_mode: 'content' })).not.toContain('in-secrets');
    expect(await grep(ctx, { path: 'secrets', output_mode: 'content' })).toContain('in-secrets');
  });

  it('on a case-insensitive folder the rule matches any case and rg gets --iglob', async () => {
    put('proj/ci/.ENV', 'TOKEN=upper-case-env\n');
    setCaseProbe(() => true);
    const ctx = ctxWith([['Read(.env)', 'deny']]);
    expect(ctx.readGuard!.rgExcludeArgs(proj, proj)).toContain('--iglob=!.env');
    expect(await grep(ctx, { glob: '.ENV', output_mode: 'content' })).not.toContain('upper-case-env');
    await expect(grep(ctx, { path: 'ci/.ENV' })).rejects.toThrow(/cannot be searched/);
    fs.rmSync(path.join(proj, 'ci'), { recursive: true });
  });

  it('a project path with glob characters is escaped in the exclusion globs', async () => {
    const odd = path.join(top, 'w[1]{a,b}*');
    put('w[1]{a,b}*/secrets/k.txt', 'TOKEN=odd-secret\n');
    put('w[1]{a,b}*/ok.txt', 'TOKEN=odd-ok\n');
    const policy = new RulePolicy({ rules: [{ rule: 'Read(secrets/**)', behavior: 'deny', source: 'test' }] });
    const args = policy.readGuard(odd).rgExcludeArgs(odd, top);
    expect(args).toEqual(['--glob=!/w\\[1\\]\\{a,b\\}\\*/secrets/**']);
    const out = (await runRg(grepArgs({ pattern: 'TOKEN', output_mode: 'content' }, odd, args), { cwd: top })).stdout;
    expect(out).toContain('odd-ok');
    expect(out).not.toContain('odd-secret');
  });

  it('without rules everything is found as before', async () => {
    const out = await grep(makeContext(proj), { glob: '.env', output_mode: 'content' });
    expect(out).toContain('in-dot-env');
  });
});

describe('Glob and LS show names, never content', () => {
  it('lists a denied file by name only', async () => {
    const ctx = ctxWith([['Read(.env)', 'deny']]);
    const glob = (await globTool.run({ pattern: '**/*', path: proj }, ctx)).forModel as string;
    const ls = (await lsTool.run({ path: proj }, ctx)).forModel as string;
    for (const out of [glob, ls]) expect(out).not.toMatch(/TOKEN|dot-env|in-secrets/);
  });
});

describe('notebooks: the file a tool opens is the file the policy judged', () => {
  const nb = JSON.stringify({ cells: [{ cell_type: 'code', source: ['TOKEN = "in-notebook"'], metadata: {}, outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
  put('outside/sub/.keep', '');
  put('outside/secret.ipynb', nb);
  put('proj/secret.ipynb', JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  fs.symlinkSync(path.join(outside, 'sub'), path.join(proj, 'nb-link'));
  const rules = new RulePolicy({ rules: [{ rule: `Read(/${outside}/**)`, behavior: 'deny', source: 'test' }] });
  const query = (toolName: string, input: Record<string, unknown>) =>
    rules.decide({ toolName, input, preview: { kind: 'info', title: toolName }, agentName: 'main', mode: 'default', cwd: proj, projectRoot: proj });

  it('NotebookRead and Read of nb-link/../secret.ipynb are judged, and read, beside the link target', async () => {
    expect(query('NotebookRead', { notebook_path: 'nb-link/../secret.ipynb' }).behavior).toBe('deny');
    expect(query('Read', { file_path: 'nb-link/../secret.ipynb' }).behavior).toBe('deny');
    const judged = resolvePath('nb-link/../secret.ipynb', proj).real;
    const ctx = makeContext(proj);
    const res = await notebookReadTool.run({ notebook_path: 'nb-link/../secret.ipynb' }, ctx);
    expect(fs.realpathSync((res.details as { filePath: string }).filePath)).toBe(judged);
    const read = await readTool.run({ file_path: 'nb-link/../secret.ipynb' } as never, ctx);
    expect(JSON.stringify(read.forModel)).toContain('in-notebook');
  });
});

describe('WebFetch', () => {
  it('refuses file:// URLs, so no local file is read through it', async () => {
    const ctx = makeContext(proj);
    await expect(webFetchTool.run({ url: `file://${proj}/.env`, prompt: 'show it' }, ctx)).rejects.toThrow(/Only http and https URLs/);
    await expect(webFetchTool.run({ url: `FILE:///${proj}/.env`, prompt: 'show it' }, ctx)).rejects.toThrow(/Only http and https URLs/);
  });
});
