// The engine side of `!command` and `@path` (src/engine/user-shell.ts, mentions.ts): the rules they go through and
// what the model is sent.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMentions } from '../../src/engine/mentions';
import { engineRig, type EngineRig } from './boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  const r = rig;
  rig = undefined;
  await r?.close().catch(async () => {
    await new Promise((done) => setTimeout(done, 500));
    rmSync(join(r.project, '..'), { recursive: true, force: true });
  });
});

const lastUserText = (rig: EngineRig) => JSON.stringify(rig.server.requests[rig.server.requests.length - 1]!.body.messages);

describe('@path mentions', () => {
  it('parses plain, quoted and escaped paths; an email address is not a mention', () => {
    expect(parseMentions('see @a.ts, @"b c.md" and @d\\ e.txt (also @f/g). me@x.com').map((m) => m.written)).toEqual(['a.ts,', 'b c.md', 'd e.txt', 'f/g).']);
  });

  it('cuts a huge file as Read does, refuses a binary one as Read does, and only when asked for', async () => {
    rig = await engineRig([], { turns: [{ text: 'one' }, { text: 'two' }] }, {
      interactive: false,
      setup: (p) => {
        writeFileSync(join(p, 'huge.txt'), Array.from({ length: 5000 }, (_, i) => `row ${i}`).join('\n'));
        writeFileSync(join(p, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 0, 7]));
      },
    });
    await rig.boot.session.send('look at @huge.txt and @blob.bin', { attachMentions: true });
    const sent = lastUserText(rig);
    expect(sent).toContain('row 0');
    expect(sent).not.toContain('row 4999'); // Read's default window stops well before
    expect(sent).not.toContain('\\u0000');
    const notices = rig.events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message);
    expect(notices.some((n) => /^@huge\.txt \(\d+ lines/.test(n))).toBe(true);
    expect(notices.some((n) => n.startsWith('@blob.bin'))).toBe(true);
    // Without the turn option (headless prompts, custom commands that attach their own), nothing is read.
    await rig.boot.session.send('and @huge.txt again');
    expect(JSON.stringify(rig.server.requests[1]!.body.messages[rig.server.requests[1]!.body.messages.length - 1])).not.toContain('row 0');
  });

  it('a symlink to a denied file is denied; headless, an outside file that would ask is not read', async () => {
    rig = await engineRig([], { turns: [{ text: 'ok' }] }, {
      interactive: false,
      setup: (p) => {
        mkdirSync(join(p, '.tandem'), { recursive: true });
        writeFileSync(join(p, '.tandem', 'settings.json'), JSON.stringify({ permissions: { deny: ['Read(./.env)'] } }));
        writeFileSync(join(p, '.env'), 'KEY=sekrit\n');
        symlinkSync(join(p, '.env'), join(p, 'harmless'));
        writeFileSync(join(p, '..', 'outside.txt'), 'far away\n');
      },
    });
    await rig.boot.session.send('read @harmless and @../outside.txt please', { attachMentions: true });
    const sent = lastUserText(rig);
    expect(sent).not.toContain('sekrit');
    expect(sent).not.toContain('far away');
  });
});

describe('@path limits', () => {
  it('attaches at most 20 mentions of one prompt and says so', async () => {
    rig = await engineRig([], { turns: [{ text: 'ok' }] }, { interactive: false, setup: (p) => { for (let i = 0; i < 25; i++) writeFileSync(join(p, `f${i}.txt`), `body-${i}\n`); } });
    await rig.boot.session.send(Array.from({ length: 25 }, (_, i) => `@f${i}.txt`).join(' ') + ' go', { attachMentions: true });
    const sent = lastUserText(rig);
    expect(sent).toContain('body-19');
    expect(sent).not.toContain('body-20');
    expect(rig.events.some((e) => e.type === 'notice' && e.message.startsWith('only the first 20 of 25'))).toBe(true);
  });
});

describe('!command', () => {
  it('in plan mode a command that writes is refused, a read-only one runs; neither starts a turn', async () => {
    rig = await engineRig(['--permission-mode', 'plan'], { turns: [{ text: 'seen' }] }, { interactive: false });
    const denied = await rig.boot.session.runUserShell('touch x.txt');
    expect(denied.ran).toBe(false);
    const ok = await rig.boot.session.runUserShell('echo plan-ok');
    expect(ok.ran).toBe(true);
    expect(rig.server.requests.length).toBe(0);
    await rig.boot.session.send('next');
    const sent = lastUserText(rig);
    expect(sent).toContain('plan-ok');
    expect(sent).not.toContain('touch x.txt');
  });

  it('is refused while a turn runs', async () => {
    rig = await engineRig([], { turns: [{ text: 'slow answer here', deltaDelayMs: 100, chunkChars: 2 }] }, { interactive: false });
    const turn = rig.boot.session.send('go');
    await new Promise((r) => setTimeout(r, 50));
    await expect(rig.boot.session.runUserShell('echo hi')).rejects.toThrow(/agent is working/);
    await turn;
  });
});

describe('a resumed session', () => {
  it('shows a !command and an attachment as short lines, not their output or content again', async () => {
    const { resumedItems } = await import('../../src/ui/state/resumed');
    rig = await engineRig([], { turns: [{ text: 'ok' }] }, { interactive: false, setup: (p) => writeFileSync(join(p, 'a.txt'), 'file-body-marker\n') });
    await rig.boot.session.runUserShell('echo shell-output-marker');
    await rig.boot.session.send('look at @a.txt', { attachMentions: true });
    const items = resumedItems(rig.boot.session.messages, rig.project);
    const users = items.filter((i) => i.kind === 'user').map((i) => (i as { text: string }).text).join('\n');
    expect(users).toContain('! echo shell-output-marker');
    expect(users).toContain('look at @a.txt');
    expect(users).toMatch(/\(attached .*a\.txt\)/);
    expect(users).not.toContain('file-body-marker');
    expect(users).not.toMatch(/^shell-output-marker$/m); // the command's output line
  });
});
