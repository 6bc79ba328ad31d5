// Real commands in the real sandbox (bubblewrap): work inside the project runs, and every way out is blocked.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashTool } from '../../src/tools/bash';
import { getBackgroundShell, killAllShells } from '../../src/tools/shell-session';
import type { TestContext } from '../tools/other/context';
import { makeSandboxWorld, sandboxSkipReason, type SandboxWorld } from './support';

const skip = sandboxSkipReason();
if (skip) console.warn(`sandbox escape tests skipped: ${skip}`);

const run = (ctx: TestContext, input: Parameters<typeof bashTool.run>[0]) => bashTool.run(bashTool.inputSchema.parse(input), ctx);
const text = (r: { forModel: unknown }) => String(r.forModel);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== undefined)('sandboxed Bash: the boundary holds', () => {
  let w: SandboxWorld;
  const contexts: TestContext[] = [];
  const ctx = () => {
    const c = w.ctx();
    contexts.push(c);
    return c;
  };
  let server: http.Server;
  let port = 0;

  beforeAll(async () => {
    w = await makeSandboxWorld({ enabled: true }, ['./secret.txt'], ['./vendor/**']);
    fs.writeFileSync(path.join(w.project, 'secret.txt'), 'PROJECT-SECRET\n');
    fs.symlinkSync(w.outside, path.join(w.project, 'link'));
    server = http.createServer((_req, res) => res.end('HELLO-FROM-HOST'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const c of contexts) await killAllShells(c.sessionStore);
    server?.close();
    await w?.controller.close();
  });

  it('runs work inside the project, keeps cd, and gives a writable TMPDIR of its own', async () => {
    const c = ctx();
    const r = await run(c, { command: 'mkdir -p sub && echo hi > sub/a && cat sub/a && echo t > "$TMPDIR/t" && echo "tmp=$TMPDIR" && cd sub' });
    expect(text(r)).toContain('hi');
    expect(text(r)).toContain(`tmp=${w.controller.boundary().tempDir}`);
    expect(r.summary).toMatch(/^exit 0 in .*\(sandboxed\)$/);
    expect(fs.readFileSync(path.join(w.project, 'sub', 'a'), 'utf8')).toBe('hi\n');
    expect(c.cwd).toBe(path.join(w.project, 'sub'));
  });

  it("cannot rewrite or remove its temp dir's owner marker (a forged pid would get a live session's folder swept)", async () => {
    const marker = path.join(w.controller.boundary().tempDir, '.tandem-owner.json');
    const before = fs.readFileSync(marker, 'utf8');
    const r = await run(ctx(), { command: `echo '{"tool":"tandem","pid":999999999}' > "$TMPDIR/.tandem-owner.json"; rm -f "$TMPDIR/.tandem-owner.json"; mv "$TMPDIR/.tandem-owner.json" "$TMPDIR/x"; echo done` });
    expect(text(r)).toContain('done');
    expect(fs.readFileSync(marker, 'utf8')).toBe(before);
  });

  it('blocks a direct write outside and tells the model why', async () => {
    const r = await run(ctx(), { command: `echo x > ${w.outside}/direct` });
    expect(fs.existsSync(path.join(w.outside, 'direct'))).toBe(false);
    expect(text(r)).toMatch(/Read-only file system/);
    expect(text(r)).toContain("tandem's sandbox");
    expect(text(r)).toContain(`writes are allowed only below: ${w.project}`);
    expect(r.display).toContain("tandem's sandbox");
  });

  it('blocks writes through a symlink and through ..', async () => {
    await run(ctx(), { command: 'echo x > link/via-link; mkdir -p d && echo x > d/../../outside/via-dots; echo x > ../outside/via-dots2' });
    expect(fs.readdirSync(w.outside)).toEqual([]);
  });

  it('blocks writes from python3 and node children', async () => {
    const py = `python3 -c "open('${w.outside}/py','w').write('x')"`;
    const node = `node -e "require('fs').writeFileSync('${w.outside}/node','x')"`;
    const r = await run(ctx(), { command: `${py}; ${node}; bash -c 'echo x > ${w.outside}/grandchild'` });
    expect(text(r)).toMatch(/Read-only file system|EROFS/);
    expect(fs.readdirSync(w.outside)).toEqual([]);
  });

  it('leaves no process behind that could write after the call returns', async () => {
    const r = await run(ctx(), {
      command: `(sleep 1; echo late > ${w.project}/late-inside; echo late > ${w.outside}/late) & disown; setsid sh -c 'sleep 1; echo x > ${w.project}/late-setsid' & echo started`,
    });
    expect(text(r)).toContain('started');
    await sleep(2500);
    expect(fs.existsSync(path.join(w.project, 'late-inside'))).toBe(false);
    expect(fs.existsSync(path.join(w.project, 'late-setsid'))).toBe(false);
    expect(fs.existsSync(path.join(w.outside, 'late'))).toBe(false);
  });

  it('keeps run_in_background commands running inside the sandbox until they end', async () => {
    const c = ctx();
    const r = await run(c, { command: `sleep 1; echo done > bg-inside; echo x > ${w.outside}/bg; echo end`, run_in_background: true });
    expect(r.summary).toContain('(sandboxed)');
    const id = (r.details as { shellId: string }).shellId;
    const shell = getBackgroundShell(c.sessionStore, id)!;
    await shell.proc.done;
    expect(fs.readFileSync(path.join(w.project, 'bg-inside'), 'utf8')).toBe('done\n');
    expect(fs.existsSync(path.join(w.outside, 'bg'))).toBe(false);
    expect(shell.proc.output.text()).toMatch(/Read-only file system/);
  });

  it('kills a background sandboxed command and everything it started', async () => {
    const c = ctx();
    const r = await run(c, { command: `sleep 2; echo x > killed-late`, run_in_background: true });
    const shell = getBackgroundShell(c.sessionStore, (r.details as { shellId: string }).shellId)!;
    await sleep(300);
    await shell.proc.kill('killed');
    await sleep(2500);
    expect(fs.existsSync(path.join(w.project, 'killed-late'))).toBe(false);
  });

  it('cannot read deny-read paths: ~/.ssh, tandem home, Read deny rules', async () => {
    const r = await run(ctx(), { command: `cat ${w.home}/.ssh/id_rsa; cat ${w.tandemHome}/settings.json; cat secret.txt; ls ${w.home}/.ssh` });
    expect(text(r)).not.toContain('PRIVATE-KEY-TEXT');
    expect(text(r)).not.toContain('PROJECT-SECRET');
    expect(text(r)).not.toContain('id_rsa\n');
  });

  it('cannot reach a host that is not allowed, 127.0.0.1 included', async () => {
    const direct = `curl -sS --max-time 5 http://127.0.0.1:${port}/`;
    const viaProxy = `curl -sS --max-time 5 --noproxy '' http://127.0.0.1:${port}/`;
    const raw = `python3 -c "import socket; s=socket.create_connection(('127.0.0.1', ${port}), 3); s.send(b'GET / HTTP/1.0\\r\\n\\r\\n'); print(s.recv(100))"`;
    const named = `curl -sS --max-time 5 https://example.com/`;
    const r = await run(ctx(), { command: `${direct}; ${viaProxy}; ${raw}; ${named}; exit 7` });
    expect(text(r)).not.toContain('HELLO-FROM-HOST');
    expect(text(r)).toContain("tandem's sandbox");
    expect(text(r)).toMatch(/network only through the sandbox's proxy/);
  });

  it('cannot write what an Edit deny rule protects, whatever program writes it', async () => {
    const r = await run(ctx(), { command: `echo changed > vendor/lib.js; python3 -c "open('vendor/new.js','w')"; rm -f vendor/lib.js` });
    expect(text(r)).toMatch(/Read-only file system/);
    expect(fs.readFileSync(path.join(w.project, 'vendor', 'lib.js'), 'utf8')).toBe('original\n');
    expect(fs.existsSync(path.join(w.project, 'vendor', 'new.js'))).toBe(false);
  });

  it('asks once about a domain no list decides, and a no refuses it', async () => {
    const asked: string[] = [];
    w.controller.setNetworkAsker(async (host) => {
      asked.push(host);
      return 'no';
    });
    try {
      const get = 'curl -sS --max-time 10 -o /dev/null -w "%{http_code}\\n" http://unlisted.invalid/';
      const r = await run(ctx(), { command: `${get}; ${get}; exit 1` });
      expect(asked).toEqual(['unlisted.invalid']);
      expect(text(r)).toMatch(/403/);
    } finally {
      w.controller.setNetworkAsker(undefined);
    }
  });

  it("cannot rewrite tandem's or the sandbox's settings from inside", async () => {
    fs.mkdirSync(path.join(w.project, '.claude'), { recursive: true });
    fs.writeFileSync(path.join(w.project, '.claude', 'settings.json'), '{"keep":1}\n');
    const before = fs.readFileSync(path.join(w.project, '.claude', 'settings.json'), 'utf8');
    const local = path.join(w.project, '.tandem', 'settings.local.json');
    const r = await run(ctx(), {
      command: [
        `echo '{"sandbox":{"enabled":false}}' > .tandem/settings.local.json`,
        `echo '{}' > .tandem/settings.json`,
        `echo '{}' > .claude/settings.json`,
        `echo '{}' > .claude/settings.local.json`,
        `rm -rf .tandem`,
        `mv .tandem moved`,
        `mv .claude moved2`,
        `echo '{}' > ${w.tandemHome}/settings.json`,
        `echo '{}' > ${w.home}/.claude-settings-probe`,
      ].join('; '),
    });
    expect(text(r)).toMatch(/Read-only file system|Permission denied|busy/);
    expect(fs.existsSync(local)).toBe(false);
    expect(fs.existsSync(path.join(w.project, '.tandem', 'settings.json'))).toBe(false);
    expect(fs.statSync(path.join(w.project, '.tandem')).isDirectory()).toBe(true);
    expect(fs.readFileSync(path.join(w.project, '.claude', 'settings.json'), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(w.project, '.claude', 'settings.local.json'))).toBe(false);
    expect(fs.existsSync(path.join(w.project, 'moved'))).toBe(false);
    expect(fs.existsSync(path.join(w.project, 'moved2'))).toBe(false);
    expect(fs.readFileSync(path.join(w.tandemHome, 'settings.json'), 'utf8')).toBe('{}\n');
    expect(fs.existsSync(path.join(w.home, '.claude-settings-probe'))).toBe(false);
  });
});
