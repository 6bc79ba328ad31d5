// Shared by the red-team tests (redteam-*.test.ts): a sandbox world whose process can be "started" in the project,
// in a subfolder or elsewhere (the runtime protects some files only below process.cwd()), git on the host with a
// payload marker, and the Bash tool run for real. Each attack asserts the SAFE outcome: a test that fails is a way
// out of the sandbox that works today.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bashTool } from '../../src/tools/bash';
import { killAllShells } from '../../src/tools/shell-session';
import type { TestContext } from '../tools/other/context';
import { makeSandboxWorld, type SandboxWorld, type WorldSetup } from './support';

export { sandboxSkipReason } from './support';

/** Where tandem (the process) was started: the runtime guards the dangerous files only below this folder. */
export type StartedIn = 'project' | 'subfolder' | 'elsewhere';

export interface RedWorld extends SandboxWorld {
  /** Runs a command with the real Bash tool; `cwd` is relative to the project or absolute. */
  run(command: string, opts?: { cwd?: string; background?: boolean }): Promise<{ text: string; summary: string; shellId?: string; ctx: TestContext }>;
  /** Makes process.cwd() the project, `project/started-here`, or the repository running the tests. */
  startIn(where: StartedIn): void;
  /** A marker file outside every writable root: a payload touches it when code runs on the host. */
  marker(name: string): string;
  /** Git on the host (as the user would run it later), with a fixed identity; never throws. */
  hostGit(cwd: string, ...args: string[]): { status: number | null; out: string };
  close(): Promise<void>;
}

const originalCwd = process.cwd();

export async function makeRedWorld(opts: { readDeny?: string[]; addDirs?: string[]; raw?: unknown } & WorldSetup = {}): Promise<RedWorld> {
  const base = await makeSandboxWorld(opts.raw ?? { enabled: true }, opts.readDeny ?? [], [], opts.addDirs ?? ['extra'], { prepare: opts.prepare, pluginDirs: opts.pluginDirs });
  const contexts: TestContext[] = [];
  const markers = path.join(base.root, 'markers');
  fs.mkdirSync(markers);
  fs.mkdirSync(path.join(base.project, 'started-here'));
  const world: RedWorld = {
    ...base,
    async run(command, o = {}) {
      const ctx = base.ctx();
      contexts.push(ctx);
      if (o.cwd) ctx.setCwd(path.isAbsolute(o.cwd) ? o.cwd : path.join(base.project, o.cwd));
      const r = await bashTool.run(bashTool.inputSchema.parse({ command, run_in_background: o.background ?? false }), ctx);
      const details = r.details as { shellId?: string } | undefined;
      return { text: String(r.forModel), summary: r.summary ?? '', shellId: details?.shellId, ctx };
    },
    startIn(where) {
      process.chdir(where === 'project' ? base.project : where === 'subfolder' ? path.join(base.project, 'started-here') : originalCwd);
    },
    marker(name) {
      return path.join(markers, name);
    },
    hostGit(cwd, ...args) {
      const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'protocol.file.allow=always', ...args], { cwd, encoding: 'utf8', timeout: 10_000 });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    },
    async close() {
      process.chdir(originalCwd);
      for (const c of contexts) await killAllShells(c.sessionStore);
      await base.controller.close();
      fs.rmSync(base.root, { recursive: true, force: true });
    },
  };
  return world;
}

/** `git init` plus one commit, on the host. */
export function hostRepo(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const g = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, stdio: 'ignore' });
  g('init', '-q');
  fs.writeFileSync(path.join(dir, 'README'), 'r\n');
  g('add', 'README');
  g('commit', '-qm', 'init');
}

/** Shell text that writes an executable script touching `marker` to `file`: what an attacker plants. */
export function plantScript(file: string, marker: string): string {
  return `printf '#!/bin/sh\\ntouch %s\\n' '${marker}' > '${file}' && chmod +x '${file}'`;
}

export function readOr(p: string, fallback = '<absent>'): string {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return fallback;
  }
}

/**
 * Shell text for a background job: try `attempt` every 0.1 s until it succeeds; once the host has made `stopFile`
 * (after its own action) try one last time and stop. Deterministic under load and quick once the hole is closed.
 */
export function retryUntilStop(attempt: string, stopFile: string): string {
  return `for i in $(seq 300); do { ${attempt}; } 2>/dev/null && break; if [ -e '${stopFile}' ]; then { ${attempt}; } 2>/dev/null; break; fi; sleep 0.1; done`;
}
