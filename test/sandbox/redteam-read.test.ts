// Red team, deny-read: ~/.ssh, $TANDEM_HOME and Read deny rules stay unreadable whatever path the command takes
// to them (a link it makes, /proc/self/root, `..`, a hard link), and a file matching a deny glob is unreadable
// however late it appears.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBackgroundShell } from '../../src/tools/shell-session';
import { makeRedWorld, retryUntilStop, sandboxSkipReason, type RedWorld } from './redteam-support';

const skip = sandboxSkipReason();
if (skip) console.warn(`sandbox red-team deny-read tests skipped: ${skip}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== undefined)('red team / deny-read (started in the project)', () => {
  let w: RedWorld;

  beforeAll(async () => {
    w = await makeRedWorld({ readDeny: ['./**/.env', './secret.txt'] });
    fs.writeFileSync(path.join(w.project, 'secret.txt'), 'OLD-SECRET\n');
    fs.writeFileSync(path.join(w.tandemHome, 'trusted-folders.json'), '{"TANDEM-HOME-TEXT":1}\n');
    w.startIn('project');
  });
  afterAll(async () => w?.close());

  it('cannot read ~/.ssh through a symlink it makes in the project, /proc/self/root, a .. chain or a hard link', async () => {
    const key = `${w.home}/.ssh/id_rsa`;
    const r = await w.run(
      [
        `ln -s '${w.home}/.ssh' sshlink; cat sshlink/id_rsa`,
        `cat /proc/self/root${key}; cat /proc/1/root${key}`,
        `mkdir -p x/y && cat x/y/../../../home/.ssh/id_rsa`,
        `ln '${key}' hard-key; cat hard-key; cp -r '${w.home}/.ssh' copied; cat copied/id_rsa`,
        `tar -C '${w.home}' -cf - .ssh | tar -tvf -; find '${w.home}' -name 'id_*'`,
        `cat '${w.tandemHome}/trusted-folders.json'`,
      ].join('; '),
    );
    expect(r.text).not.toContain('PRIVATE-KEY-TEXT');
    expect(r.text).not.toContain('id_rsa\n');
    expect(r.text).not.toContain('TANDEM-HOME-TEXT');
  });

  it('cannot read a .env (Read deny **/.env) made after the session started, six folders down, nor move it to read it', async () => {
    await w.run('true');
    const deep = path.join(w.project, 'a', 'b', 'c', 'd', 'e', 'f');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(deep, '.env'), 'DEEP-SECRET\n');
    fs.writeFileSync(path.join(w.project, '.env'), 'ROOT-SECRET\n');
    const r = await w.run('cat a/b/c/d/e/f/.env .env; mv .env moved && cat moved; mv a a2 && cat a2/b/c/d/e/f/.env; mv a/b/c a/b/c2 && cat a/b/c2/d/e/f/.env; ln a/b/c/d/e/f/.env hl; cat hl; ln -s a/b/c/d/e/f/.env sl; cat sl');
    expect(r.text).not.toMatch(/DEEP-SECRET|ROOT-SECRET/);
    expect(fs.readFileSync(path.join(w.project, '.env'), 'utf8')).toBe('ROOT-SECRET\n');
  });

  // Known limit (README): a sandbox's read denials are taken when it starts; a background job keeps them while files

  // appear or are replaced by rename. it.fails: red the day it is closed.

  it.fails('a run_in_background job cannot read a .env written while it runs (README: a live sandbox keeps the snapshot of its start)', async () => {
    const stop = path.join(w.project, 'stop-late-env');
    const r = await w.run(`${retryUntilStop('c=$(cat late/.env) && [ -n "$c" ] && echo "READ:$c"', stop)}; echo end`, { background: true });
    const shell = getBackgroundShell(r.ctx.sessionStore, r.shellId!)!;
    await sleep(300);
    fs.mkdirSync(path.join(w.project, 'late'), { recursive: true });
    fs.writeFileSync(path.join(w.project, 'late', '.env'), 'LATE-BG-SECRET\n');
    fs.writeFileSync(stop, '');
    await shell.proc.done;
    expect(shell.proc.output.text()).toContain('end');
    expect(shell.proc.output.text()).not.toContain('LATE-BG-SECRET');
  });

  // Known limit (README): a sandbox's read denials are taken when it starts; a background job keeps them while files

  // appear or are replaced by rename. it.fails: red the day it is closed.

  it.fails("a run_in_background job cannot read a deny-read file once an editor saved it by rename (Read deny ./secret.txt)", async () => {
    const stop = path.join(w.project, 'stop-secret');
    const r = await w.run(`${retryUntilStop('c=$(cat secret.txt) && [ -n "$c" ] && echo "READ:$c"', stop)}; echo end`, { background: true });
    const shell = getBackgroundShell(r.ctx.sessionStore, r.shellId!)!;
    await sleep(500);
    const tmp = path.join(w.project, 'secret.txt.tmp');
    fs.writeFileSync(tmp, 'NEW-SECRET\n');
    fs.renameSync(tmp, path.join(w.project, 'secret.txt'));
    fs.writeFileSync(stop, '');
    await shell.proc.done;
    expect(shell.proc.output.text()).toContain('end');
    expect(shell.proc.output.text()).not.toMatch(/OLD-SECRET|NEW-SECRET/);
  });

  // Known limit (README): a sandbox's read denials are taken when it starts; a background job keeps them while files

  // appear or are replaced by rename. it.fails: red the day it is closed.

  it.fails('a run_in_background job cannot read ~/.aws/credentials made while it runs (~/.aws did not exist when it started)', async () => {
    const aws = path.join(w.home, '.aws');
    const stop = path.join(w.project, 'stop-aws');
    const r = await w.run(`${retryUntilStop(`c=$(cat '${aws}/credentials') && [ -n "$c" ] && echo "READ:$c"`, stop)}; echo end`, { background: true });
    const shell = getBackgroundShell(r.ctx.sessionStore, r.shellId!)!;
    await sleep(500);
    fs.mkdirSync(aws, { recursive: true }); // the user runs `aws configure` meanwhile
    fs.writeFileSync(path.join(aws, 'credentials'), 'AWS-SECRET-KEY\n');
    fs.writeFileSync(stop, '');
    await shell.proc.done;
    expect(shell.proc.output.text()).toContain('end');
    expect(shell.proc.output.text()).not.toContain('AWS-SECRET-KEY');
  });
});
