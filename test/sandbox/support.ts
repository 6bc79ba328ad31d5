// Shared by the sandbox tests: whether bubblewrap can run here, and a sandboxed session context for the Bash tool.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { prepareMcp } from '../../src/mcp/setup';
import { pluginMcpServers } from '../../src/plugins/contributions';
import { loadPlugins } from '../../src/plugins/load';
import { attachSandbox, SandboxController } from '../../src/sandbox/controller';
import { createSessionSandbox, sessionConfigured } from '../../src/sandbox/setup';
import { loadSettings } from '../../src/settings/load';
import { makeContext, makeTempDir, type TestContext } from '../tools/other/context';

function missingPrograms(): string[] {
  return ['bwrap', 'socat'].filter((p) => spawnSync('sh', ['-c', `command -v ${p}`]).status !== 0);
}

/** Why the real-sandbox tests cannot run here, or undefined when they can. */
export function sandboxSkipReason(): string | undefined {
  if (process.platform !== 'linux') return `the sandbox tests need Linux (this is ${process.platform})`;
  const missing = missingPrograms();
  if (missing.length > 0) return `${missing.join(' and ')} not installed (apt-get install -y bubblewrap socat; .ci/run does it as root)`;
  const probe = spawnSync('bwrap', ['--ro-bind', '/', '/', '--unshare-user', '--unshare-pid', '--dev', '/dev', '--proc', '/proc', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) return `bubblewrap cannot create namespaces here: ${probe.stderr.trim()}`;
  return undefined;
}

export interface SandboxWorld {
  /** Parent of everything: the project, a folder beside it, a fake home, tandem's home. */
  root: string;
  project: string;
  /** Additional directories (writable), named by the caller, below root. */
  addDirs: string[];
  outside: string;
  home: string;
  tandemHome: string;
  controller: SandboxController;
  ctx(): TestContext;
}

export interface WorldSetup {
  /** Writes the project's files (settings, .mcp.json, plugins...) before the sandbox is built, as a real start finds them. */
  prepare?: (project: string) => void;
  /** `--plugin-dir`, relative to the project. */
  pluginDirs?: string[];
}

export async function makeSandboxWorld(raw: unknown = { enabled: true }, readDenySpecifiers: string[] = [], editDenySpecifiers: string[] = [], addDirNames: string[] = [], setup: WorldSetup = {}): Promise<SandboxWorld> {
  const root = fs.realpathSync(makeTempDir('tandem-sbx-'));
  const addDirs = addDirNames.map((n) => path.join(root, n));
  for (const d of addDirs) fs.mkdirSync(d, { recursive: true });
  const project = path.join(root, 'project');
  const outside = path.join(root, 'outside');
  const home = path.join(root, 'home');
  const tandemHome = path.join(home, '.tandem');
  for (const d of [project, outside, path.join(home, '.ssh'), tandemHome]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(home, '.ssh', 'id_rsa'), 'PRIVATE-KEY-TEXT\n');
  fs.writeFileSync(path.join(tandemHome, 'settings.json'), '{}\n');
  fs.mkdirSync(path.join(project, 'vendor'));
  fs.writeFileSync(path.join(project, 'vendor', 'lib.js'), 'original\n');
  setup.prepare?.(project);
  // Built the way bootstrap builds it: deny rules, and the hooks, MCP servers and plugins the project configures.
  const loaded = loadSettings({ cwd: project, projectRoot: project, tandemHome, homeDir: home, managedPaths: [] });
  const plugins = loadPlugins({ pluginDirs: setup.pluginDirs ?? [], cwd: project, projectRoot: project, tandemHome, homeDir: home, settingsSources: loaded.sources, trusted: true });
  const mcp = prepareMcp({ projectRoot: project, tandemHome, homeDir: home, cwd: project, env: {}, settingsSources: [], trusted: true });
  const rules = [...readDenySpecifiers.map((s) => `Read(${s})`), ...editDenySpecifiers.map((s) => `Edit(${s})`)].map((rule) => ({ rule, behavior: 'deny' as const, source: 'test' }));
  const { controller } = createSessionSandbox({
    raw, projectRoot: project, additionalDirectories: addDirs, homeDir: home, tandemHome, rules,
    configured: sessionConfigured({ cwd: project, hooks: [loaded.settings.hooks], plugins, mcp, pluginServers: pluginMcpServers(plugins, {}).servers }),
  });
  const problem = await controller.start();
  if (problem) throw new Error(problem);
  return {
    root,
    project,
    addDirs,
    outside,
    home,
    tandemHome,
    controller,
    ctx() {
      const ctx = makeContext(project);
      attachSandbox(ctx.sessionStore, controller);
      return ctx;
    },
  };
}
