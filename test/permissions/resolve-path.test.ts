// The one resolver: paths judged where the OS will really open them, by rules, "inside the project", acceptEdits
// and the tools' own outside-project checks alike.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RulePolicy } from '../../src/permissions/policy';
import { parsePathPattern, pathMatches } from '../../src/permissions/path-rule';
import { insideWorkspace, osPathOf, realPathOf, resolvePath } from '../../src/permissions/resolve-path';
import { isCaseInsensitiveDir, setCaseProbe } from '../../src/permissions/case-fold';
import { expandTilde, homeOfUser } from '../../src/permissions/tilde';
import type { PermissionMode, PermissionQuery } from '../../src/permissions/types';
import { isOutsideProject, resolveToolPath } from '../../src/tools/paths';
import { makeTestTempDir } from '../support/temp-dirs';

const top = makeTestTempDir('tandem-resolve-');
const proj = path.join(top, 'proj');
const outside = path.join(top, 'outside');
const home = path.join(top, 'home');
fs.mkdirSync(path.join(proj, 'secrets'), { recursive: true });
fs.mkdirSync(path.join(outside, 'sub'), { recursive: true });
fs.mkdirSync(home);
fs.writeFileSync(path.join(proj, '.env'), 'TOKEN=1');
fs.writeFileSync(path.join(proj, 'secrets', 'key'), 'k');
fs.writeFileSync(path.join(outside, 'secret'), 's');
fs.symlinkSync(path.join(outside, 'sub'), path.join(proj, 'link')); // link/../secret is outside/secret
fs.symlinkSync(path.join(proj, 'secrets', 'new-key'), path.join(proj, 'dangling-in')); // target missing, denied folder
fs.symlinkSync(path.join(outside, 'new-file'), path.join(proj, 'dangling-out')); // target missing, outside
fs.symlinkSync('dangling-chain-2', path.join(proj, 'dangling-chain-1'));
fs.symlinkSync(path.join(outside, 'chained'), path.join(proj, 'dangling-chain-2'));
fs.symlinkSync('secrets', path.join(proj, 'pub')); // a folder link into a denied folder
fs.symlinkSync('loop-b', path.join(proj, 'loop-a'));
fs.symlinkSync('loop-a', path.join(proj, 'loop-b'));
afterAll(() => fs.rmSync(top, { recursive: true, force: true }));
afterEach(() => setCaseProbe(undefined));

function q(toolName: string, input: Record<string, unknown>, mode: PermissionMode = 'default'): PermissionQuery {
  return { toolName, input, preview: { kind: 'info', title: toolName }, agentName: 'main', mode, cwd: proj, projectRoot: proj };
}
function writeQ(filePath: string, mode: PermissionMode = 'default'): PermissionQuery {
  const abs = resolveToolPath(filePath, { cwd: proj });
  return { toolName: 'Write', input: { file_path: filePath }, preview: { kind: 'diff', path: abs, oldText: null, newText: 'x', outsideProject: false }, agentName: 'main', mode, cwd: proj, projectRoot: proj };
}
const policy = (rules: Array<[string, 'allow' | 'deny' | 'ask']> = []) =>
  new RulePolicy({ homeDir: home, rules: rules.map(([rule, behavior]) => ({ rule, behavior, source: 'test' })) });

describe('the kernel walk', () => {
  it('applies .. after following a symlink: link/../secret is beside the link target', () => {
    const r = resolvePath('link/../secret', proj, home);
    expect(r.real).toBe(path.join(outside, 'secret'));
    expect(r.lexical).toBe(path.join(proj, 'secret'));
    expect(insideWorkspace(r, [proj])).toBe(false);
  });

  it('judges a dangling symlink by its target, through a chain of links', () => {
    expect(resolvePath('dangling-in', proj, home).real).toBe(path.join(proj, 'secrets', 'new-key'));
    expect(resolvePath('dangling-out', proj, home).real).toBe(path.join(outside, 'new-file'));
    expect(resolvePath('dangling-chain-1', proj, home).real).toBe(path.join(outside, 'chained'));
  });

  it('appends the missing tail, and looks folders up again after .. climbs out of a missing one', () => {
    expect(resolvePath('no/such/file', proj, home).real).toBe(path.join(proj, 'no/such/file'));
    expect(resolvePath('no/../link/x', proj, home).real).toBe(path.join(outside, 'sub', 'x'));
  });

  it('marks a symlink loop unresolvable', () => {
    const r = resolvePath('loop-a/x', proj, home);
    expect(r.unresolvable).toMatch(/symbolic links/);
    expect(insideWorkspace(r, [proj])).toBe(false);
  });

  it('gives tools the path the OS opens, keeping names without .. as written', () => {
    expect(osPathOf('link/../secret', proj, home)).toBe(path.join(outside, 'secret'));
    expect(osPathOf('pub/key', proj, home)).toBe(path.join(proj, 'pub', 'key'));
    expect(osPathOf('./a/./b/', proj, home)).toBe(path.join(proj, 'a', 'b'));
    expect(resolveToolPath('link/../secret', { cwd: proj })).toBe(path.join(outside, 'secret'));
  });

  it('tools and the policy agree on what is outside the project', () => {
    const ctx = { projectRoot: proj, additionalDirectories: [] };
    expect(isOutsideProject(`${proj}/link/../secret`, ctx)).toBe(true);
    expect(isOutsideProject(path.join(proj, 'dangling-out'), ctx)).toBe(true);
    expect(isOutsideProject(path.join(proj, 'pub', 'key'), ctx)).toBe(false);
  });

  it('realPathOf on an existing path equals the OS realpath', () => {
    expect(realPathOf(path.join(proj, 'pub', 'key'))).toBe(fs.realpathSync(path.join(proj, 'pub', 'key')));
  });
});

describe('tilde forms', () => {
  const passwd = path.join(top, 'passwd');
  fs.writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n');

  it('expands ~, ~/x, ~user, ~user/x, ~+ and ~- (when known)', () => {
    const ctx = { cwd: proj, homeDir: home, passwdFile: passwd };
    expect(expandTilde('~', ctx)).toEqual({ ok: true, path: home });
    expect(expandTilde('~/x', ctx)).toEqual({ ok: true, path: path.join(home, 'x') });
    expect(expandTilde('~alice/x', ctx)).toEqual({ ok: true, path: '/home/alice/x' });
    expect(expandTilde('~+/.env', ctx)).toEqual({ ok: true, path: path.join(proj, '.env') });
    expect(expandTilde('~-/x', { ...ctx, oldPwd: outside })).toEqual({ ok: true, path: path.join(outside, 'x') });
    expect(expandTilde('~-/x', ctx).ok).toBe(false);
    expect(expandTilde('~nobody-here/x', ctx).ok).toBe(false);
    expect(homeOfUser('alice', passwd)).toBe('/home/alice');
  });

  it('reads ~root from the real passwd database', () => {
    expect(resolvePath('~root/x', proj, home).real).toBe(path.join(realPathOf('/root'), 'x'));
  });

  it('an unknown user or ~- is unresolvable: never inside, never allowed, always asked', () => {
    const p = policy([['Read', 'allow']]);
    for (const file of ['~nosuchuser-tandem/x', '~-/x']) {
      expect(resolvePath(file, proj, home).unresolvable).toBeDefined();
      expect(p.decide(q('Read', { file_path: file })).behavior).toBe('ask');
    }
    for (const mode of ['acceptEdits', 'bypassPermissions'] as const) {
      const d = p.decide(q('Read', { file_path: '~nosuchuser-tandem/x' }, mode));
      expect(d.behavior, mode).toBe('ask');
      expect(d.reason).toMatch(/real place cannot be known \(~nosuchuser-tandem: no user/);
    }
    expect(p.decide(writeQ('loop-a/new', 'bypassPermissions')).behavior).toBe('ask');
    const pattern = parsePathPattern('**', proj, home);
    expect(pathMatches(pattern, resolvePath('~nosuchuser-tandem/x', proj, home), 'real')).toBe(false);
  });
});

describe('the policy judges the real place', () => {
  it('link/../secret outside the project asks (reads) and matches a deny rule on the real path', () => {
    expect(policy().decide(q('Read', { file_path: 'link/../secret' })).behavior).toBe('ask');
    expect(policy([[`Read(/${path.join(outside, 'secret')})`, 'deny']]).decide(q('Read', { file_path: 'link/../secret' })).behavior).toBe('deny');
  });

  it('a dangling link into a denied folder is denied; one pointing outside is not accepted by acceptEdits', () => {
    expect(policy([['Edit(secrets/**)', 'deny']]).decide(writeQ('dangling-in')).behavior).toBe('deny');
    expect(policy().decide(writeQ('dangling-out', 'acceptEdits')).behavior).toBe('ask');
    expect(policy().decide(writeQ('dangling-chain-1', 'acceptEdits')).behavior).toBe('ask');
    expect(policy().decide(writeQ('plain-new-file', 'acceptEdits')).behavior).toBe('allow');
  });

  it('a symlinked folder into a denied folder is denied, for existing and new files', () => {
    const p = policy([['Read(secrets/**)', 'deny'], ['Edit(secrets/**)', 'deny']]);
    expect(p.decide(q('Read', { file_path: 'pub/key' })).behavior).toBe('deny');
    expect(p.decide(writeQ('pub/new')).behavior).toBe('deny');
    expect(p.decide(q('Grep', { pattern: 'x', path: 'pub' })).behavior).toBe('deny');
  });

  it('~+/.env is the project .env; ~root/x is outside', () => {
    expect(policy([['Read(/.env)', 'deny']]).decide(q('Read', { file_path: '~+/.env' })).behavior).toBe('deny');
    expect(policy().decide(q('Read', { file_path: '~root/x' })).behavior).toBe('ask');
  });

  it('"don\'t ask again" suggests a rule for the real place, which the allow check then matches', () => {
    const p = policy();
    const suggestion = p.suggestRule(q('Read', { file_path: 'link/../secret' }));
    expect(suggestion.rule).toBe(`Read(/${path.join(outside, 'secret')})`);
    p.addSessionRule(suggestion.rule, 'allow');
    expect(p.decide(q('Read', { file_path: 'link/../secret' })).behavior).toBe('allow');
    expect(policy().suggestRule(q('Read', { file_path: 'pub/key' })).rule).toBe('Read(secrets/key)');
  });

  it('an allow rule does not reach through a symlink loop', () => {
    expect(policy([['Read(**)', 'allow']]).decide(q('Read', { file_path: 'loop-a/x' })).behavior).toBe('ask');
  });
});

describe('case-insensitive file systems', () => {
  it('the default probe finds this file system case-sensitive', () => {
    expect(isCaseInsensitiveDir(proj)).toBe(false);
  });

  it('with a folding folder, .ENV matches Read(.env) and SECRETS/key matches Read(secrets/**)', () => {
    const p = policy([['Read(.env)', 'deny'], ['Read(secrets/**)', 'deny']]);
    expect(p.decide(q('Read', { file_path: '.ENV' })).behavior).toBe('allow');
    setCaseProbe((dir) => dir.startsWith(top));
    expect(p.decide(q('Read', { file_path: '.ENV' })).behavior).toBe('deny');
    expect(p.decide(q('Read', { file_path: 'SECRETS/key' })).behavior).toBe('deny');
    expect(p.decide(q('Read', { file_path: 'Secrets/Other' })).behavior).toBe('deny');
  });

  it('with a folding folder, composed and decomposed accents match alike', () => {
    const p = policy([['Read(caf\u00e9.txt)', 'deny']]);
    expect(p.decide(q('Read', { file_path: 'cafe\u0301.txt' })).behavior).toBe('allow');
    setCaseProbe((dir) => dir.startsWith(top));
    expect(p.decide(q('Read', { file_path: 'cafe\u0301.txt' })).behavior).toBe('deny');
    expect(p.decide(q('Read', { file_path: 'CAFE\u0301.TXT' })).behavior).toBe('deny');
  });

  it('with a folding folder, inside-the-project compares without case', () => {
    setCaseProbe((dir) => dir.startsWith(top));
    const upper = path.join(top, 'PROJ', 'x');
    expect(insideWorkspace(resolvePath(upper, '/', home), [proj])).toBe(true);
    setCaseProbe(() => false);
    expect(insideWorkspace(resolvePath(upper, '/', home), [proj])).toBe(false);
  });

  it('the default probe: a case-swapped name that is the same file means folding, a different file or none means not', () => {
    // No case-folding file system can be mounted here (no vfat or casefold in this kernel): a hard link under the
    // swapped name looks to the probe exactly like a folding folder does.
    const folding = path.join(top, 'probe-folding');
    const distinct = path.join(top, 'probe-distinct');
    fs.mkdirSync(folding);
    fs.mkdirSync(distinct);
    fs.writeFileSync(path.join(folding, 'Readme'), 'x');
    fs.linkSync(path.join(folding, 'Readme'), path.join(folding, 'rEADME'));
    fs.writeFileSync(path.join(distinct, 'Readme'), 'x');
    fs.writeFileSync(path.join(distinct, 'rEADME'), 'y');
    expect(isCaseInsensitiveDir(folding)).toBe(true);
    expect(isCaseInsensitiveDir(distinct)).toBe(false);
  });

  it('the probe is asked once per folder', () => {
    let calls = 0;
    setCaseProbe(() => {
      calls++;
      return true;
    });
    for (let i = 0; i < 5; i++) isCaseInsensitiveDir(proj);
    expect(calls).toBe(1);
  });
});

describe('odd paths never throw', () => {
  it('a file used as a folder, a too-long name, NUL-free garbage: resolved as written, no exception', () => {
    const p = policy([['Read(.env)', 'deny']]);
    for (const file of ['.env/x', `${'a'.repeat(5000)}/b`, 'secrets/key/../../.env', '~/../../etc/passwd', '//', '']) {
      expect(() => resolvePath(file, proj, home)).not.toThrow();
      expect(() => resolveToolPath(file, { cwd: proj })).not.toThrow();
      expect(() => p.decide(q('Read', { file_path: file }))).not.toThrow();
    }
    // secrets/key is a file: the OS fails there, and what follows is judged as written.
    expect(p.decide(q('Read', { file_path: 'secrets/key/../../.env' })).behavior).toBe('deny');
    expect(p.decide(q('Read', { file_path: '.env/x' })).behavior).toBe('deny');
  });
});
