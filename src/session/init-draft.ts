// /init: a first AGENTS.md drafted from what the project already says about itself (manifests, Makefile,
// README, folders). No model call: the user edits the draft, or asks the agent to improve it.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readRegularText } from '../tools/regular-file';

async function readText(file: string): Promise<string | null> {
  try {
    return await readRegularText(file);
  } catch {
    return null;
  }
}

async function exists(dir: string, name: string): Promise<boolean> {
  return (await readText(path.join(dir, name))) !== null;
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'target', 'coverage', 'vendor', '__pycache__', 'venv']);

export async function draftAgentsMd(projectRoot: string): Promise<string> {
  const root = path.resolve(projectRoot);
  const commands: Array<[string, string]> = [];
  let testCommand: string | undefined;
  let title = path.basename(root);
  let description: string | undefined;
  const stack: string[] = [];

  const readme = (await readText(path.join(root, 'README.md'))) ?? (await readText(path.join(root, 'readme.md')));
  const readmeTitle = readme ? /^#\s+(.+)$/m.exec(readme)?.[1]?.trim() : undefined;
  if (readmeTitle) title = readmeTitle;

  const pkgText = await readText(path.join(root, 'package.json'));
  if (pkgText) {
    try {
      const pkg = JSON.parse(pkgText) as { name?: string; description?: string; scripts?: Record<string, string>; type?: string };
      if (!readmeTitle && pkg.name) title = pkg.name;
      description ??= pkg.description;
      const runner = (await exists(root, 'pnpm-lock.yaml')) ? 'pnpm' : (await exists(root, 'yarn.lock')) ? 'yarn' : (await exists(root, 'bun.lockb')) ? 'bun' : 'npm';
      stack.push(`Node.js (${runner}${pkg.type === 'module' ? ', ES modules' : ''})`);
      if (await exists(root, 'tsconfig.json')) stack.push('TypeScript');
      for (const [name, script] of Object.entries(pkg.scripts ?? {})) {
        const cmd = runner === 'npm' && (name === 'test' || name === 'start') ? `npm ${name}` : `${runner} run ${name}`;
        commands.push([cmd, script]);
        if (name === 'test') testCommand ??= cmd;
      }
    } catch {
      commands.push(['(package.json)', 'could not be parsed as JSON']);
    }
  }

  const makefile = (await readText(path.join(root, 'Makefile'))) ?? (await readText(path.join(root, 'makefile')));
  if (makefile) {
    for (const m of makefile.matchAll(/^([A-Za-z0-9][A-Za-z0-9_.-]*)\s*:(?!=)/gm)) {
      const target = m[1]!;
      if (target.startsWith('.') || commands.some(([c]) => c === `make ${target}`)) continue;
      commands.push([`make ${target}`, 'Makefile target']);
      if (target === 'test' || target === 'check') testCommand ??= `make ${target}`;
    }
  }

  const pyproject = await readText(path.join(root, 'pyproject.toml'));
  if (pyproject) {
    stack.push('Python');
    const name = /^\s*name\s*=\s*["']([^"']+)["']/m.exec(pyproject)?.[1];
    if (name && !readmeTitle && !pkgText) title = name;
    if (/\[tool\.pytest|pytest/.test(pyproject) || (await exists(root, 'pytest.ini'))) testCommand ??= 'pytest';
  }

  const cargo = await readText(path.join(root, 'Cargo.toml'));
  if (cargo) {
    stack.push('Rust (cargo)');
    const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(cargo)?.[1];
    if (name && !readmeTitle && !pkgText) title = name;
    commands.push(['cargo build', 'build'], ['cargo test', 'tests'], ['cargo clippy', 'lints']);
    testCommand ??= 'cargo test';
  }

  const gomod = await readText(path.join(root, 'go.mod'));
  if (gomod) {
    stack.push('Go');
    commands.push(['go build ./...', 'build'], ['go test ./...', 'tests']);
    testCommand ??= 'go test ./...';
  }

  let folders: string[] = [];
  try {
    folders = (await readdir(root, { withFileTypes: true }))
      .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !SKIP_DIRS.has(d.name))
      .map((d) => d.name)
      .sort();
  } catch {
    folders = [];
  }

  const out: string[] = [`# ${title}`, ''];
  out.push(description ? description : 'TODO: one paragraph on what this project is and who uses it.', '');
  if (stack.length) out.push('## Stack', '', ...stack.map((s) => `- ${s}`), '');
  out.push('## Commands', '');
  if (commands.length) for (const [cmd, what] of commands) out.push(`- \`${cmd}\`: ${what}`);
  else out.push('- TODO: how to build, run and test the project.');
  out.push('', `Run the tests with \`${testCommand ?? 'TODO: the test command'}\` before calling a change done.`, '');
  if (folders.length) out.push('## Layout', '', ...folders.map((f) => `- \`${f}/\`: TODO`), '');
  out.push('## Conventions', '', '- TODO: code style, naming, what not to touch, how commits are written.', '');
  return out.join('\n');
}
