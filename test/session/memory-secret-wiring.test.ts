// The memory read guard as a session uses it: bootstrap hands loadMemory the policy's Read rules (settings and
// --disallowedTools) and the sandbox's denyRead, refusals become start notices, and subfolder memory read during
// the session goes through the same guard (a notice event). Nothing of a refused file reaches any request.
import { linkSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { extraCommands } from '../../src/cli/repl-commands';
import { engineRig, type EngineRig } from '../engine/boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  const r = rig;
  rig = undefined;
  await r?.close().catch(async () => {
    await new Promise((done) => setTimeout(done, 500));
    rmSync(join(r.project, '..'), { recursive: true, force: true });
  });
});

function write(file: string, text: string) {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

it('settings deny rules, --disallowedTools, sandbox denyRead and the secret folders keep memory imports out of every request', async () => {
  rig = await engineRig(['--disallowedTools', 'Read(*.pem)'], {
    respond: (_req, i) => (i === 0 ? { content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(rig!.project, 'pkg', 'index.ts') } }] } : { text: 'done' }),
  }, {
    setup: (p) => {
      const home = join(p, '..', 'home');
      write(join(home, '.ssh', 'id_rsa'), 'SECRET-SSH\n');
      write(join(p, '.tandem', 'settings.json'), JSON.stringify({ permissions: { deny: ['Read(./secrets/**)'] }, sandbox: { filesystem: { denyRead: ['./vault'] } } }));
      write(join(p, 'secrets', 't.txt'), 'SECRET-RULE\n');
      write(join(p, 'vault', 'v.txt'), 'SECRET-SANDBOX\n');
      write(join(p, 'k.pem'), 'SECRET-PEM\n');
      write(join(p, 'ok.md'), 'FINE-IMPORT\n');
      write(join(p, 'AGENTS.md'), 'ROOT-RULE\n@secrets/t.txt\n@vault/v.txt\n@k.pem\n@~/.ssh/id_rsa\n@ok.md\n');
      write(join(p, 'pkg', 'index.ts'), 'export {};\n');
      write(join(p, 'pkg', 'AGENTS.md'), 'PKG-RULE\n');
      symlinkSync(join(home, '.ssh', 'id_rsa'), join(p, 'pkg', 'CLAUDE.md'));
      linkSync(join(home, '.ssh', 'id_rsa'), join(p, 'pkg', 'CLAUDE.local.md'));
    },
  });
  await rig.boot.session.send('read the package');
  const sent = rig.server.requests.map((r) => JSON.stringify(r.body)).join('\n');
  expect(sent).toContain('ROOT-RULE');
  expect(sent).toContain('FINE-IMPORT');
  expect(sent).toContain('PKG-RULE');
  expect(sent).not.toMatch(/SECRET-/);
  const startNotes = rig.boot.notices.map((n) => n.message).filter((m) => m.includes('not read'));
  expect(startNotes).toEqual([
    expect.stringContaining('a Read deny rule covers it (Read(./secrets/**))'),
    expect.stringContaining("the sandbox's filesystem.denyRead setting covers it (./vault)"),
    expect.stringContaining('a Read deny rule covers it (Read(*.pem))'),
    expect.stringContaining('a secret folder tandem never reads (~/.ssh)'),
  ]);
  const laterNotes = rig.events.flatMap((e) => (e.type === 'notice' && e.message.includes('not read') ? [e.message] : []));
  expect(laterNotes).toEqual([expect.stringContaining(`${join('pkg', 'CLAUDE.md')} not read`), expect.stringContaining(`${join('pkg', 'CLAUDE.local.md')} not read`)]);
  // /memory lists the same files and says which imports were left out, and why (same limits as at start).
  const listing = String(await extraCommands(rig.boot).find((c) => c.name === 'memory')!.run(''));
  expect(listing).toContain('ok.md');
  expect(listing.split('\n').filter((l) => !l.startsWith('warning') && /t\.txt|v\.txt|k\.pem|id_rsa/.test(l))).toEqual([]);
  expect(listing.split('\n').filter((l) => l.startsWith('warning') && l.includes('not read'))).toHaveLength(4);
  expect(listing).not.toMatch(/SECRET-/);
}, 30_000);
