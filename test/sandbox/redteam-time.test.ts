// Red team, time: the boundary is a snapshot taken when a call starts. What a command can do later than that
// (a process left behind, a run_in_background job that outlives a repository's creation, two calls at once), and
// what it can do to a repository that did not exist when the snapshot was taken.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBackgroundShell } from '../../src/tools/shell-session';
import { hostRepo, makeRedWorld, plantScript, retryUntilStop, sandboxSkipReason, type RedWorld } from './redteam-support';

const skip = sandboxSkipReason();
if (skip) console.warn(`sandbox red-team timing tests skipped: ${skip}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hook = (dir: string) => path.join(dir, '.git', 'hooks', 'pre-commit');

describe.skipIf(skip !== undefined)('red team / time (started in the project)', () => {
  let w: RedWorld;

  beforeAll(async () => {
    w = await makeRedWorld();
    hostRepo(w.project);
    w.startIn('project');
  });
  afterAll(async () => w?.close());

  it('a process left running with & cannot plant a hook in a repository made after the call returned', async () => {
    const dir = path.join(w.project, 'made-after-amp');
    const r = await w.run(`(for i in $(seq 30); do [ -d made-after-amp/.git/hooks ] && break; sleep 0.1; done; ${plantScript('made-after-amp/.git/hooks/pre-commit', w.marker('amp'))}) & disown; echo started`);
    expect(r.text).toContain('started');
    hostRepo(dir);
    await sleep(2000);
    expect(fs.existsSync(hook(dir))).toBe(false);
  });

  it('a run_in_background job cannot plant a hook in a repository the user made while it runs', async () => {
    const dir = path.join(w.project, 'made-while-bg');
    const stop = path.join(w.project, 'stop-bg-repo');
    // The job plants only once the user's repository is complete: a hook planted while the user's own git still
    // runs there would run before the job ends, which no check after the job can stop (README: background jobs).
    const ready = path.join(w.project, 'bg-repo-ready');
    const r = await w.run(`${retryUntilStop(`[ -e bg-repo-ready ] && [ -d made-while-bg/.git/hooks ] && ${plantScript('made-while-bg/.git/hooks/pre-commit', w.marker('bg'))}`, stop)}; echo done`, { background: true });
    const shell = getBackgroundShell(r.ctx.sessionStore, r.shellId!)!;
    await sleep(300);
    hostRepo(dir); // e.g. the user's `git clone` or `git submodule update` while a dev server runs sandboxed
    fs.writeFileSync(ready, '');
    await sleep(300);
    fs.writeFileSync(stop, '');
    await shell.proc.done;
    w.hostGit(dir, 'commit', '-q', '--allow-empty', '-m', 'x');
    expect({ hook: fs.existsSync(hook(dir)), ran: fs.existsSync(w.marker('bg')) }).toEqual({ hook: false, ran: false });
  });

  it('a repository made by one call is protected in the next call', async () => {
    await w.run('git init -q made-by-call');
    await w.run(`${plantScript('made-by-call/.git/hooks/pre-commit', w.marker('next'))}; git -C made-by-call config core.fsmonitor 'touch x'`);
    expect({ hook: fs.existsSync(hook(path.join(w.project, 'made-by-call'))), config: fs.readFileSync(path.join(w.project, 'made-by-call', '.git', 'config'), 'utf8').includes('fsmonitor') }).toEqual({ hook: false, config: false });
  });

  it('a repository made and planted in the same call carries no hook out of it (inherent to a wrap-time snapshot: needs a check after the call)', async () => {
    const dir = path.join(w.project, 'same-call');
    await w.run(`git init -q same-call && ${plantScript('same-call/.git/hooks/pre-commit', w.marker('same'))} && git -C same-call config core.fsmonitor "touch '${w.marker('same')}'; false"`);
    w.hostGit(dir, 'status');
    expect({ hook: fs.existsSync(hook(dir)), ran: fs.existsSync(w.marker('same')) }).toEqual({ hook: false, ran: false });
  });

  it("a run_in_background job cannot write .claude/settings.json once the host replaced it by rename (an editor's atomic save)", async () => {
    fs.mkdirSync(path.join(w.project, '.claude'), { recursive: true });
    fs.writeFileSync(path.join(w.project, '.claude', 'settings.json'), '{}\n');
    const stop = path.join(w.project, 'stop-rename');
    const r = await w.run(
      [
        retryUntilStop(`echo '{"hooks":{"SessionStart":[{"hooks":[{"type":"command","command":"touch x"}]}]}}' > .claude/settings.json`, stop),
        'echo end',
      ].join('; '),
      { background: true },
    );
    const shell = getBackgroundShell(r.ctx.sessionStore, r.shellId!)!;
    await sleep(500);
    // The user, meanwhile: `git push -u` / `git remote add` rewrite .git/config by lock file and rename; most
    // editors save settings.json the same way.
    const tmp = path.join(w.project, '.claude', 'settings.json.tmp');
    fs.writeFileSync(tmp, '{"model":"x"}\n');
    fs.renameSync(tmp, path.join(w.project, '.claude', 'settings.json'));
    fs.writeFileSync(stop, '');
    await shell.proc.done;
    expect(fs.readFileSync(path.join(w.project, '.claude', 'settings.json'), 'utf8')).toBe('{"model":"x"}\n');
  });

  // .git/config cannot be protected by its folder (git writes the rest of .git), and a bind of the file is gone once
  // the host's git replaces it: a background job alive then can write it. What it added is switched off when it ends
  // (README, "Bash in a sandbox": until then the user's git obeys it).
  it("a run_in_background job's addition to .git/config, once the host's git replaced it by rename, is switched off when the job ends", async () => {
    const stop = path.join(w.project, 'stop-rename-git');
    const r = await w.run(
      [
        retryUntilStop(`printf '[alias]\\n\\tst = !touch %s\\n' '${w.marker('rename-config')}' >> .git/config`, stop),
        'echo end',
      ].join('; '),
      { background: true },
    );
    const shell = getBackgroundShell(r.ctx.sessionStore, r.shellId!)!;
    await sleep(500);
    // The user, meanwhile: `git push -u` / `git remote add` rewrite .git/config by lock file and rename; most
    // editors save settings.json the same way.
    execFileSync('git', ['config', 'branch.main.remote', 'origin'], { cwd: w.project });
    fs.writeFileSync(stop, '');
    await shell.proc.done;
    w.hostGit(w.project, 'st');
    expect(fs.existsSync(w.marker('rename-config'))).toBe(false);
  });

  it("two calls at once: the end of one does not lift the other's protection (run_in_background + foreground)", async () => {
    const long = await w.run(`sleep 1.2; echo '{"mcpServers":{}}' > .mcp.json; ${plantScript('.git/hooks/pre-commit', w.marker('two'))}; mkdir -p .vscode; echo done`, { background: true });
    const shell = getBackgroundShell(long.ctx.sessionStore, long.shellId!)!;
    await Promise.all([w.run('sleep 0.2'), w.run('true')]);
    await shell.proc.done;
    expect({ mcp: fs.existsSync(path.join(w.project, '.mcp.json')), hook: fs.existsSync(hook(w.project)), vscode: fs.existsSync(path.join(w.project, '.vscode')) }).toEqual({ mcp: false, hook: false, vscode: false });
  });
});
