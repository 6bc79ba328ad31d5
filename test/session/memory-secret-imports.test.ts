// Memory files must not read secrets into the system prompt: a CLAUDE.md a sandboxed command wrote, with
// `@~/.ssh/id_rsa` (or a link, a `..` chain, a nested import...), is refused with a warning that names the file,
// the import and why, and nothing of the secret reaches the text. Each test is an attacker's way around the check.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCaseProbe } from '../../src/permissions/case-fold';
import { RulePolicy } from '../../src/permissions/policy';
import { loadMemory, type MemoryReadLimits } from '../../src/session/memory';
import { FolderMemory } from '../../src/session/folder-memory';
import { MemoryReadGuard, memoryReadLimits } from '../../src/session/memory-read-guard';
import { makeTestTempDir } from '../support/temp-dirs';

const KEY = 'PRIVATE-KEY-TEXT';
let tmp: string;
let repo: string;
let userHome: string;
let tandemHome: string;

beforeEach(() => {
  tmp = makeTestTempDir('tandem-memsecret-');
  repo = path.join(tmp, 'repo');
  userHome = path.join(tmp, 'home');
  tandemHome = path.join(userHome, '.tandem');
  for (const d of [repo, path.join(userHome, '.ssh'), tandemHome]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(userHome, '.ssh', 'id_rsa'), `-----BEGIN ${KEY}-----\n`);
});
afterEach(() => {
  setCaseProbe(undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
});

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const load = (limits?: MemoryReadLimits) => loadMemory({ cwd: repo, projectRoot: repo, tandemHome, homeDir: userHome, ...(limits ? { limits } : {}) });

/** The policy a session builds from settings rules, and the limits bootstrap hands loadMemory. */
function limitsFor(rules: Array<{ rule: string; behavior: 'allow' | 'ask' | 'deny' }>, sandbox: unknown = {}, disallowedTools: string[] = []): MemoryReadLimits {
  const policy = new RulePolicy({ rules: rules.map((r) => ({ ...r, source: 'settings.json' })), disallowedTools, homeDir: userHome });
  return memoryReadLimits(policy, repo, sandbox);
}

describe('memory imports that would read a secret', () => {
  it('@~/.ssh/id_rsa is left out with a one-line warning; the rest of the file and other imports still load', async () => {
    write(path.join(repo, 'CLAUDE.md'), 'Use tabs.\n@~/.ssh/id_rsa\n@docs/style.md\n');
    write(path.join(repo, 'docs', 'style.md'), 'style rules');
    const mem = await load();
    expect(mem.text).not.toContain(KEY);
    expect(mem.text).toContain('Use tabs.');
    expect(mem.text).toContain('style rules');
    expect(mem.files.map((f) => path.relative(repo, f.path))).toEqual(['CLAUDE.md', 'docs/style.md']);
    expect(mem.warnings).toEqual([
      `${path.join(repo, 'CLAUDE.md')}: import @~/.ssh/id_rsa (${path.join(userHome, '.ssh', 'id_rsa')}) not read: it is in a secret folder tandem never reads (~/.ssh).`,
    ]);
    expect(mem.warnings.join('\n')).not.toContain(KEY);
  });

  it('an absolute path and a `..` chain to the key are refused', async () => {
    write(path.join(repo, 'AGENTS.md'), `@${path.join(userHome, '.ssh', 'id_rsa')}\n@../home/./.ssh/../.ssh/id_rsa\n`);
    const mem = await load();
    expect(mem.text).not.toContain(KEY);
    expect(mem.warnings.filter((w) => w.includes('secret folder tandem never reads (~/.ssh)'))).toHaveLength(2);
  });

  it('a symlink to the key inside the project (notes.md -> ~/.ssh/id_rsa) is refused', async () => {
    fs.symlinkSync(path.join(userHome, '.ssh', 'id_rsa'), path.join(repo, 'notes.md'));
    write(path.join(repo, 'AGENTS.md'), '@notes.md\n');
    const mem = await load();
    expect(mem.text).not.toContain(KEY);
    expect(mem.warnings.some((w) => w.includes('@notes.md') && w.includes('secret folder'))).toBe(true);
  });

  it('a folder link (keys -> ~/.ssh) and a chain of links are refused', async () => {
    fs.symlinkSync(path.join(userHome, '.ssh'), path.join(repo, 'keys'));
    fs.symlinkSync(path.join(repo, 'keys', 'id_rsa'), path.join(repo, 'hop1'));
    fs.symlinkSync('hop1', path.join(repo, 'hop2.md'));
    write(path.join(repo, 'AGENTS.md'), '@keys/id_rsa\n@hop2.md\n');
    const mem = await load();
    expect(mem.text).not.toContain(KEY);
    expect(mem.warnings.filter((w) => w.includes('secret folder'))).toHaveLength(2);
  });

  it('a memory file that is itself a link to the key (CLAUDE.md -> ~/.ssh/id_rsa) is refused', async () => {
    fs.symlinkSync(path.join(userHome, '.ssh', 'id_rsa'), path.join(repo, 'CLAUDE.md'));
    write(path.join(repo, 'AGENTS.md'), 'agents');
    const mem = await load();
    expect(mem.text).not.toContain(KEY);
    expect(mem.text).toContain('agents');
    expect(mem.warnings).toEqual([`memory file ${path.join(repo, 'CLAUDE.md')} not read: it is in a secret folder tandem never reads (~/.ssh).`]);
  });

  it('a nested import (project file -> docs/a.md -> the key) is refused at the level it appears', async () => {
    write(path.join(repo, 'AGENTS.md'), '@docs/a.md\n');
    write(path.join(repo, 'docs', 'a.md'), 'A\n@~/.ssh/id_rsa\n');
    const mem = await load();
    expect(mem.text).not.toContain(KEY);
    expect(mem.text).toContain('A');
    expect(mem.warnings).toEqual([expect.stringContaining(`${path.join(repo, 'docs', 'a.md')}: import @~/.ssh/id_rsa`)]);
  });

  it('~/.aws, ~/.gnupg and ~/.config/gcloud are never read either', async () => {
    for (const f of ['.aws/credentials', '.gnupg/secring.txt', '.config/gcloud/token.json']) write(path.join(userHome, f), KEY);
    write(path.join(repo, 'AGENTS.md'), '@~/.aws/credentials\n@~/.gnupg/secring.txt\n@~/.config/gcloud/token.json\n');
    const mem = await load();
    expect(mem.text).not.toContain(KEY);
    expect(mem.warnings).toHaveLength(3);
  });

  it('a case variant of the folder (@~/.SSH/id_rsa) is refused where names fold case', async () => {
    setCaseProbe(() => true);
    write(path.join(repo, 'AGENTS.md'), '@~/.SSH/id_rsa\n');
    const mem = await load();
    expect(mem.warnings).toEqual([expect.stringContaining('secret folder tandem never reads (~/.ssh)')]);
  });

  it('a hard link inside the project to the key is refused (same file, found by device and inode)', async () => {
    fs.linkSync(path.join(userHome, '.ssh', 'id_rsa'), path.join(repo, 'notes.md'));
    write(path.join(repo, 'AGENTS.md'), 'ok\n@notes.md\n');
    const mem = await load();
    expect(mem.text).not.toContain(KEY);
    expect(mem.text).toContain('ok');
    expect(mem.warnings).toEqual([expect.stringContaining('@notes.md')]);
    expect(mem.warnings[0]).toContain('hard link');
  });

  it('$HOME and ~user spellings are not expanded: they name nothing outside the project', async () => {
    write(path.join(repo, 'AGENTS.md'), '@$HOME/.ssh/id_rsa\n@~nobody/.ssh/id_rsa\n');
    const mem = await load();
    expect(mem.text).not.toContain(KEY);
    expect(mem.files.map((f) => f.path)).toEqual([path.join(repo, 'AGENTS.md')]);
  });
});

describe("tandem's own folder", () => {
  it('credentials and sessions under $TANDEM_HOME are refused; its AGENTS.md still loads', async () => {
    write(path.join(tandemHome, 'AGENTS.md'), 'user prefs');
    write(path.join(tandemHome, 'credentials.json'), `{"key":"${KEY}"}`);
    write(path.join(tandemHome, 'sessions', 's.jsonl'), KEY);
    write(path.join(repo, 'AGENTS.md'), '@~/.tandem/credentials.json\n@~/.tandem/sessions/s.jsonl\n@~/.tandem/AGENTS.md\n');
    const mem = await load();
    expect(mem.text).not.toContain(KEY);
    expect(mem.text).toContain('user prefs');
    expect(mem.warnings).toHaveLength(2);
    expect(mem.warnings.every((w) => w.includes("tandem's own folder"))).toBe(true);
  });

  it("$TANDEM_HOME/AGENTS.md as a link to tandem's credentials is refused", async () => {
    write(path.join(tandemHome, 'credentials.json'), KEY);
    fs.symlinkSync('credentials.json', path.join(tandemHome, 'AGENTS.md'));
    const mem = await load();
    expect(mem.text).not.toContain(KEY);
    expect(mem.warnings).toEqual([expect.stringContaining(`memory file ${path.join(tandemHome, 'AGENTS.md')} not read`)]);
  });
});

describe("the user's Read rules and the sandbox's denyRead", () => {
  it('a Read deny rule from settings keeps its files out, named in the warning, via links too', async () => {
    write(path.join(repo, 'secrets', 'token.txt'), KEY);
    fs.symlinkSync(path.join(repo, 'secrets'), path.join(repo, 'innocent'));
    write(path.join(repo, 'AGENTS.md'), 'rules\n@secrets/token.txt\n@innocent/token.txt\n');
    const mem = await load(limitsFor([{ rule: 'Read(./secrets/**)', behavior: 'deny' }]));
    expect(mem.text).not.toContain(KEY);
    expect(mem.text).toContain('rules');
    expect(mem.warnings).toEqual([
      expect.stringContaining('@secrets/token.txt'),
      expect.stringContaining('@innocent/token.txt'),
    ]);
    expect(mem.warnings.every((w) => w.includes('a Read deny rule covers it (Read(./secrets/**))'))).toBe(true);
  });

  it('a home-relative deny rule, a name-anywhere rule and --disallowedTools count', async () => {
    write(path.join(userHome, 'private', 'diary.md'), KEY);
    write(path.join(repo, 'config', '.env'), KEY);
    write(path.join(repo, 'x', 'y.pem'), KEY);
    write(path.join(repo, 'AGENTS.md'), '@~/private/diary.md\n@config/.env\n@x/y.pem\n');
    const mem = await load(limitsFor([{ rule: 'Read(~/private/**)', behavior: 'deny' }, { rule: 'Read(.env)', behavior: 'deny' }], {}, ['Read(*.pem)']));
    expect(mem.text).not.toContain(KEY);
    expect(mem.warnings).toHaveLength(3);
  });

  it('a Read ask rule keeps its files out too (memory cannot ask); allow rules change nothing', async () => {
    write(path.join(repo, 'notes', 'a.md'), KEY);
    write(path.join(repo, 'AGENTS.md'), '@notes/a.md\n');
    const mem = await load(limitsFor([{ rule: 'Read(./notes/**)', behavior: 'ask' }]));
    expect(mem.text).not.toContain(KEY);
    expect(mem.warnings).toEqual([expect.stringContaining('a Read ask rule covers it (Read(./notes/**))')]);
    const allowed = await load(limitsFor([{ rule: 'Read(./notes/**)', behavior: 'allow' }]));
    expect(allowed.text).toContain(KEY);
  });

  it("the sandbox's filesystem.denyRead (a path and a glob) keeps its files out", async () => {
    write(path.join(userHome, 'vault', 'k.txt'), KEY);
    write(path.join(repo, 'data', 'dumps', 'd.sql'), KEY);
    write(path.join(repo, 'AGENTS.md'), '@~/vault/k.txt\n@data/dumps/d.sql\n');
    const mem = await load(limitsFor([], { filesystem: { denyRead: ['~/vault', './data/*/d.sql'] } }));
    expect(mem.text).not.toContain(KEY);
    expect(mem.warnings.filter((w) => w.includes("sandbox's filesystem.denyRead"))).toHaveLength(2);
  });

  it('files outside every limit still load (no false refusals)', async () => {
    write(path.join(repo, 'docs', 'ok.md'), 'fine');
    write(path.join(userHome, 'notes.md'), 'home notes');
    write(path.join(repo, 'AGENTS.md'), '@docs/ok.md\n@~/notes.md\n');
    const mem = await load(limitsFor([{ rule: 'Read(./secrets/**)', behavior: 'deny' }], { filesystem: { denyRead: ['~/vault'] } }));
    expect(mem.warnings).toEqual([]);
    expect(mem.text).toContain('fine');
    expect(mem.text).toContain('home notes');
  });
});

describe('subfolder memory (read with the first file tool call in that folder)', () => {
  it('a subfolder CLAUDE.md that links to the key is refused with a note; its AGENTS.md still arrives', async () => {
    fs.mkdirSync(path.join(repo, 'pkg'));
    fs.symlinkSync(path.join(userHome, '.ssh', 'id_rsa'), path.join(repo, 'pkg', 'CLAUDE.md'));
    write(path.join(repo, 'pkg', 'AGENTS.md'), 'pkg rules');
    const notes: string[] = [];
    const guard = new MemoryReadGuard({ homeDir: userHome, tandemHome, projectRoot: repo });
    const folder = new FolderMemory(repo, [repo], guard, (m) => notes.push(m));
    const text = (await folder.forFile(path.join(repo, 'pkg', 'index.ts'))) ?? '';
    expect(text).not.toContain(KEY);
    expect(text).toContain('pkg rules');
    expect(notes).toEqual([`memory file ${path.join(repo, 'pkg', 'CLAUDE.md')} not read: it is in a secret folder tandem never reads (~/.ssh).`]);
  });

  it('a subfolder CLAUDE.md hard-linked to the key is refused', async () => {
    fs.mkdirSync(path.join(repo, 'pkg'));
    fs.linkSync(path.join(userHome, '.ssh', 'id_rsa'), path.join(repo, 'pkg', 'CLAUDE.md'));
    const notes: string[] = [];
    const folder = new FolderMemory(repo, [repo], new MemoryReadGuard({ homeDir: userHome, tandemHome, projectRoot: repo }), (m) => notes.push(m));
    expect((await folder.forFile(path.join(repo, 'pkg', 'index.ts'))) ?? '').not.toContain(KEY);
    expect(notes).toEqual([expect.stringContaining('hard link')]);
  });
});

describe('a file swapped for a link between the check and the open', () => {
  it('is judged again by where the opened descriptor really is (Linux /proc/self/fd)', async () => {
    if (!fs.existsSync('/proc/self/fd')) return;
    write(path.join(repo, 'secrets', 't.txt'), KEY);
    fs.symlinkSync(path.join(repo, 'secrets', 't.txt'), path.join(repo, 'notes.md'));
    const guard = new MemoryReadGuard({ homeDir: userHome, tandemHome, projectRoot: repo, limits: limitsFor([{ rule: 'Read(./secrets/**)', behavior: 'deny' }]) });
    // The path check ran while notes.md was still a plain file: its first answer is "fine".
    const real = guard.refusal.bind(guard);
    let calls = 0;
    guard.refusal = (p: string) => (calls++ === 0 ? undefined : real(p));
    const read = await guard.read(path.join(repo, 'notes.md'));
    expect(read).toEqual({ kind: 'refused', why: 'a Read deny rule covers it (Read(./secrets/**))' });
  });
});
