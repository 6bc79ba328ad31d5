// Red team, everything else: shared folders (/dev/shm, /tmp, /run), host processes and sockets, write mounts the
// runtime adds on its own, the environment, editor folders below the root, and a home folder given as --add-dir.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostRepo, makeRedWorld, sandboxSkipReason, type RedWorld } from './redteam-support';

const skip = sandboxSkipReason();
if (skip) console.warn(`sandbox red-team misc tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)('red team / shared places, processes, mounts, environment (started in the project)', () => {
  let w: RedWorld;
  const npmLogs = path.join(os.homedir(), '.npm', '_logs');
  const claudeDebug = path.join(os.homedir(), '.claude', 'debug');
  const tmpClaude = '/tmp/claude';
  /** The runtime's own convenience write paths (when they exist): made here if absent, removed after. */
  const conveniences = [npmLogs, claudeDebug, tmpClaude];
  const made: string[] = [];
  const probeName = `tandem-redteam-${process.pid}`;
  const savedKey = process.env.ANTHROPIC_API_KEY;

  beforeAll(async () => {
    // The runtime makes ~/.npm/_logs writable when it exists (its own convenience list): make sure it does.
    for (const dir of conveniences) {
      if (fs.existsSync(dir)) continue;
      // The highest folder made here, so the clean-up removes exactly what this test added.
      let top = dir;
      while (!fs.existsSync(path.dirname(top))) top = path.dirname(top);
      made.push(top);
      fs.mkdirSync(dir, { recursive: true });
    }
    w = await makeRedWorld();
    hostRepo(w.project);
    w.startIn('project');
  });
  afterAll(async () => {
    for (const f of [path.join('/dev/shm', probeName), path.join(os.tmpdir(), probeName), ...conveniences.map((d) => path.join(d, `${probeName}.log`))]) fs.rmSync(f, { force: true });
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
    if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
    else process.env.ANTHROPIC_API_KEY = savedKey;
    await w?.close();
  });

  it('writes to /dev/shm, /tmp outside its temp dir and /run do not reach the host', async () => {
    await w.run(`echo x > /dev/shm/${probeName}; echo x > ${os.tmpdir()}/${probeName}; echo x > /run/${probeName}; mkdir -p /run/user/0 && echo x > /run/user/0/${probeName}`);
    expect([path.join('/dev/shm', probeName), path.join(os.tmpdir(), probeName), path.join('/run', probeName), path.join('/run/user/0', probeName)].filter((f) => fs.existsSync(f))).toEqual([]);
  });

  it('cannot see, signal or ptrace host processes, nor connect to a host unix socket', async () => {
    const sock = path.join(w.outside, 'host.sock');
    const server = spawn('python3', ['-c', `import socket,sys\ns=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1); s.settimeout(8)\ntry:\n  c,_=s.accept(); c.send(b"HOST-SOCKET-REPLY"); c.close()\nexcept Exception: pass`, sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
      const r = await w.run(
        [
          `python3 -c "import socket; s=socket.socket(socket.AF_UNIX); s.connect('${sock}'); print(s.recv(50))"`,
          `kill -0 ${process.pid} && echo SIGNAL-OK-${process.pid}`,
          `ls /proc/${process.pid}/root >/dev/null 2>&1 && echo PROC-VISIBLE`,
          `python3 -c "import ctypes; print('PTRACE', ctypes.CDLL(None).ptrace(16, ${process.pid}, 0, 0))"`,
          `ps -eo pid,args | grep -c node`,
        ].join('; '),
      );
      expect(r.text).not.toContain('HOST-SOCKET-REPLY');
      expect(r.text).not.toContain(`SIGNAL-OK-${process.pid}`);
      expect(r.text).not.toContain('PROC-VISIBLE');
      expect(r.text).not.toMatch(/PTRACE 0\b/);
    } finally {
      server.kill();
    }
  });

  it('has no writable mount outside the project, its additional directories and the temp dir (~/.npm/_logs, ~/.claude/debug, /tmp/claude are today)', async () => {
    const r = await w.run(`${conveniences.map((d) => `echo x > '${d}/${probeName}.log'`).join('; ')}; awk '$9 !~ /^(tmpfs|proc|devpts|mqueue)$/ {print "MOUNT", $5, substr($6, 1, 2)}' /proc/self/mountinfo`);
    const allowed = w.controller.boundary().writable;
    // mountinfo lists mounts in the order they were made: the last one at a mount point is the one in force (a
    // read-only bind over a writable one leaves both listed).
    const top = new Map<string, string>();
    for (const m of r.text.matchAll(/MOUNT (\S+) (rw|ro)/g)) top.set(m[1]!, m[2]!);
    const rw = [...top].filter(([, mode]) => mode === 'rw').map(([m]) => m).filter((m) => !m.startsWith('/dev') && !allowed.some((a) => m === a || m.startsWith(`${a}/`)));
    expect({ rw, written: conveniences.filter((d) => fs.existsSync(path.join(d, `${probeName}.log`))) }).toEqual({ rw: [], written: [] });
  });

  it("does not hand tandem's API key to sandboxed commands (ANTHROPIC_API_KEY in the environment)", async () => {
    process.env.ANTHROPIC_API_KEY = 'sk-ant-redteam-secret';
    const r = await w.run('echo "key=[$ANTHROPIC_API_KEY]"; cat /proc/self/environ | tr "\\0" "\\n" | grep -c sk-ant-redteam');
    expect(r.text).not.toContain('sk-ant-redteam-secret');
  });

  it("cannot hang tandem by turning its cwd marker into a FIFO (the host reads it after the call, outside the sandbox)", async () => {
    // A reader on the host blocks until someone opens the FIFO for writing: a helper process does that after 3 s,
    // so a hang shows up as a slow call instead of a frozen test.
    const temp = w.controller.boundary().tempDir;
    const unblock = spawn('sh', ['-c', `sleep 3; for f in '${temp}'/tandem-bash-*/cwd; do [ -p "$f" ] && echo / > "$f"; done`], { stdio: 'ignore' });
    try {
      const started = Date.now();
      await w.run(`f=$(trap -p EXIT | grep -o "/[^ ']*/cwd"); trap - EXIT; rm -f "$f"; mkfifo "$f"; echo planted`);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      unblock.kill();
    }
  });

  // Known limit: a protected name is kept from being created only at the top of a writable folder (a placeholder
  // there); below it, only what exists is protected. it.fails: red the day it is closed.
  it.fails('cannot write editor task folders below the root (pkg/.vscode/tasks.json, pkg/.idea), read when pkg is opened as a folder', async () => {
    fs.mkdirSync(path.join(w.project, 'pkg'), { recursive: true });
    await w.run(`mkdir -p pkg/.vscode pkg/.idea && echo '{"tasks":[{"runOptions":{"runOn":"folderOpen"},"command":"touch x"}]}' > pkg/.vscode/tasks.json && echo x > pkg/.idea/workspace.xml`);
    expect(['pkg/.vscode/tasks.json', 'pkg/.idea/workspace.xml'].filter((f) => fs.existsSync(path.join(w.project, f)))).toEqual([]);
  });
});

describe.skipIf(skip !== undefined)('red team / a home folder given as an additional directory', () => {
  let w: RedWorld;
  beforeAll(async () => {
    // --add-dir ~ : the fake home of this world becomes writable, its .ssh and .tandem stay denied.
    w = await makeRedWorld({ addDirs: ['home'] });
    // A home with Claude Code installed: ~/.claude exists (else the settings guard covers the whole folder).
    fs.mkdirSync(path.join(w.home, '.claude'), { recursive: true });
    fs.writeFileSync(path.join(w.home, '.claude', 'settings.json'), '{}');
    w.startIn('project');
  });
  afterAll(async () => w?.close());

  it("cannot write the start-up files of the user's shells, git, desktop and services in it", async () => {
    const files = ['.bashrc', '.zshrc', '.zshenv', '.zlogin', '.bash_login', '.bash_logout', '.config/fish/config.fish', '.config/git/config', '.config/autostart/x.desktop', '.config/systemd/user/x.service', '.local/bin/git', '.npmrc', '.claude.json', '.claude/agents/x.md', '.claude/commands/x.md', '.claude/skills/x/SKILL.md', '.claude/hooks/x.sh', '.claude/CLAUDE.md', '.claude/plugins/installed_plugins.json'];
    await w.run(files.map((f) => `mkdir -p "$(dirname '${f}')"; echo evil > '${f}'`).join('; '), { cwd: w.home });
    expect(files.filter((f) => fs.existsSync(path.join(w.home, f)) && fs.statSync(path.join(w.home, f)).size > 0)).toEqual([]);
  });
});
