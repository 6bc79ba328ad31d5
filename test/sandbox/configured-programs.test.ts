// What the configured hooks, MCP servers and plugins run from the writable area: the paths the sandbox keeps
// read-only so a sandboxed command cannot change what tandem later runs outside it without asking.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { computeBoundary } from '../../src/sandbox/boundary';
import { describeSandbox } from '../../src/sandbox/command';
import { configuredProgramPaths, type ConfiguredProgramsInput } from '../../src/sandbox/configured-programs';
import { SandboxController } from '../../src/sandbox/controller';
import { DEFAULT_SANDBOX_SETTINGS } from '../../src/sandbox/settings';
import type { HooksConfig } from '../../src/settings/schema';
import { makeTempDir } from '../tools/other/context';

let root: string;
let project: string;
let outside: string;
const p = (...parts: string[]) => path.join(project, ...parts);

function file(rel: string, text = 'x\n'): string {
  const abs = p(rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
  return abs;
}

function hookConfig(...commands: string[]): HooksConfig {
  return { PostToolUse: [{ matcher: 'Edit', hooks: commands.map((command) => ({ type: 'command' as const, command })) }] };
}

function run(over: Partial<ConfiguredProgramsInput>): string[] {
  return configuredProgramPaths({ projectRoot: project, cwd: project, homeDir: path.join(root, 'home'), writableRoots: [project], hooks: [], servers: [], pluginRoots: [], ...over });
}

const hooks = (...commands: string[]) => run({ hooks: [{ config: hookConfig(...commands) }] });

beforeEach(() => {
  root = fs.realpathSync(makeTempDir('tandem-confprog-'));
  project = path.join(root, 'project');
  outside = path.join(root, 'outside');
  fs.mkdirSync(project);
  fs.mkdirSync(outside);
});

describe('configured programs: hook commands', () => {
  it('expands $CLAUDE_PROJECT_DIR and ${CLAUDE_PROJECT_DIR}, quoted or not', () => {
    const a = file('scripts/a.sh');
    const b = file('scripts/b.sh');
    expect(hooks('"$CLAUDE_PROJECT_DIR"/scripts/a.sh', '${CLAUDE_PROJECT_DIR}/scripts/b.sh --fix')).toEqual([a, b]);
  });

  it("takes the interpreter's script: bash x.sh, node ./x.js, npx tsx x.ts, python3 x.py, deno run x.ts", () => {
    const files = ['scripts/lint.sh', 'tools/check.js', 'tools/t.ts', 'tools/p.py', 'tools/d.ts'].map((f) => file(f));
    expect(hooks('bash scripts/lint.sh', 'node ./tools/check.js', 'npx tsx tools/t.ts', 'python3 -u tools/p.py', 'deno run tools/d.ts')).toEqual([...files].sort());
  });

  it('protects a script that does not exist yet (a command could create it) but not an absent argument', () => {
    expect(hooks('node absent.js later-output.txt', './bin/not-yet.sh')).toEqual([p('absent.js'), p('bin', 'not-yet.sh')].sort());
  });

  it('reads past env assignments, &&, pipes, quotes with spaces, wrappers and sh -c', () => {
    const files = ['x.sh', 'scripts/a b.sh', 'y.ts', 'inner.js', 'w.sh'].map((f) => file(f));
    const got = hooks('FOO=1 BAR="a b" ./x.sh && bash "scripts/a b.sh" | tee /dev/null', 'true || npx tsx y.ts', `sh -c 'node inner.js'`, 'timeout 5 env A=1 ./w.sh');
    expect(got).toEqual([...files].sort());
  });

  it('leaves modules, inline code, programs on PATH and folders given as data alone', () => {
    file('pkg/__init__.py');
    fs.mkdirSync(p('src'));
    expect(hooks('python3 -m pkg', 'node -e "require(1)"', 'bash -c "echo hi"', 'eslint src', 'prettier --write .', 'npm run lint')).toEqual([]);
  });

  it('never returns the project itself or a folder above it (cd "$CLAUDE_PROJECT_DIR" && ...)', () => {
    expect(hooks('cd "$CLAUDE_PROJECT_DIR" && make', 'node "$CLAUDE_PROJECT_DIR"', `ls ${root}`)).toEqual([]);
  });

  it('a script run as a folder (python3 tool/) is protected whole', () => {
    file('tool/__main__.py');
    expect(hooks('python3 tool/')).toEqual([p('tool')]);
  });

  it('a config file given as an argument or --opt=value is protected (eslint configs are code)', () => {
    const a = file('eslint.config.js');
    const b = file('conf/other.js');
    expect(hooks('eslint -c eslint.config.js --fix', 'tool --config=conf/other.js')).toEqual([b, a].sort());
  });

  it('a symlinked script: the link and its target inside the project; only the link when the target is outside', () => {
    const target = file('real/fmt.sh');
    fs.symlinkSync(target, p('fmt.sh'));
    fs.writeFileSync(path.join(outside, 'o.sh'), 'x\n');
    fs.symlinkSync(path.join(outside, 'o.sh'), p('o.sh'));
    expect(hooks('./fmt.sh', './o.sh')).toEqual([p('fmt.sh'), p('o.sh'), target].sort());
  });

  it('a script inside a symlinked folder is named by its real path', () => {
    const target = file('real/dir/s.sh');
    fs.symlinkSync(p('real', 'dir'), p('linked'));
    expect(hooks('bash linked/s.sh')).toEqual([target]);
  });

  it('a symlink on the way: the folder holding the link too (a link name cannot be protected alone)', () => {
    const target = file('real/dir/s.sh');
    fs.mkdirSync(p('a'));
    fs.symlinkSync(p('real', 'dir'), p('a', 'linked'));
    fs.mkdirSync(p('h'));
    fs.symlinkSync(target, p('h', 'fmt.sh'));
    expect(hooks('bash a/linked/s.sh', './h/fmt.sh')).toEqual([p('a'), p('h'), p('h', 'fmt.sh'), target].sort());
  });

  it('a script outside the writable area adds nothing (it is read-only already)', () => {
    fs.writeFileSync(path.join(outside, 'hook.sh'), 'x\n');
    expect(hooks(`${outside}/hook.sh`, `bash ${outside}/hook.sh`, '~/hook.sh')).toEqual([]);
  });

  it('~ is the home folder: protected when the home lies inside a writable root', () => {
    const script = file('home/bin/h.sh');
    const got = configuredProgramPaths({ projectRoot: project, cwd: project, homeDir: p('home'), writableRoots: [project], hooks: [{ config: hookConfig('~/bin/h.sh') }], servers: [], pluginRoots: [] });
    expect(got).toEqual([script]);
  });

  it('${CLAUDE_PLUGIN_ROOT} is the plugin folder of that hook', () => {
    const s = file('plug/scripts/x.sh');
    expect(run({ hooks: [{ config: hookConfig('${CLAUDE_PLUGIN_ROOT}/scripts/x.sh'), pluginRoot: p('plug') }] })).toEqual([s]);
  });

  it('.claude/hooks is protected as a folder when it exists', () => {
    fs.mkdirSync(p('.claude', 'hooks'), { recursive: true });
    expect(run({})).toEqual([p('.claude', 'hooks')]);
  });

  it('an unterminated quote: the lenient reading of the line still counts (fail closed)', () => {
    expect(hooks("bash 'scripts/x.sh")).toEqual([p('scripts', 'x.sh')]);
  });

  it('never throws on shapes it cannot read, and protects nothing extra for them', () => {
    const weird = [
      { PostToolUse: 'x' },
      { PostToolUse: [null, { hooks: 'no' }, { hooks: [null, { type: 'command', command: 7 }, { type: 'command' }] }] },
      hookConfig('$UNKNOWN/x.sh', 'node $(pwd)/x.js', './*.sh', '~other/x.sh', '', ')(&&;|'),
      null,
    ] as unknown as HooksConfig[];
    expect(run({ hooks: weird.map((config) => ({ config })), servers: [{ transport: 'stdio' } as never, { transport: 'stdio', command: 'node', args: [3, null] } as never] })).toEqual([]);
  });
});

describe('configured programs: MCP servers and plugins', () => {
  it("the server's script argument, relative to its cwd (or where tandem started)", () => {
    const a = file('mcp/server.js');
    const b = file('sub/s.js');
    expect(run({ servers: [{ transport: 'stdio', command: 'node', args: ['mcp/server.js'] }, { transport: 'stdio', command: 'node', args: ['s.js'], cwd: 'sub' }] })).toEqual([a, b]);
  });

  it('a server whose command is itself a project file (./bin/server, bin/server), existing or not', () => {
    const a = file('bin/server');
    expect(run({ servers: [{ transport: 'stdio', command: './bin/server', args: [] }, { transport: 'stdio', command: 'tools/absent-server' }] })).toEqual([a, p('tools', 'absent-server')]);
  });

  it('http servers and programs on PATH add nothing', () => {
    expect(run({ servers: [{ transport: 'http' }, { transport: 'stdio', command: 'uvx', args: ['some-server'] }] })).toEqual([]);
  });

  it('a plugin folder inside the project is protected whole; one outside adds nothing', () => {
    fs.mkdirSync(p('tools', 'my-plugin'), { recursive: true });
    expect(run({ pluginRoots: [p('tools', 'my-plugin'), outside, project] })).toEqual([p('tools', 'my-plugin')]);
  });
});

describe('configured programs in the boundary and in /sandbox', () => {
  it('join the read-only list and are shown on a line of their own', async () => {
    const opts = { projectRoot: project, additionalDirectories: [], homeDir: path.join(root, 'home'), tandemHome: path.join(root, 'home', '.tandem'), settings: DEFAULT_SANDBOX_SETTINGS, readDenySpecifiers: [], configuredPrograms: [p('mcp', 'server.js')] };
    expect(computeBoundary({ ...opts, tempDir: outside }).denyWrite).toContain(p('mcp', 'server.js'));
    const controller = new SandboxController(DEFAULT_SANDBOX_SETTINGS, { ...opts, flag: false });
    const text = await describeSandbox(controller);
    expect(text).toContain(`read-only (run by your hooks, MCP servers, plugins): ${p('mcp', 'server.js')}`);
    await controller.close();
  });
});
