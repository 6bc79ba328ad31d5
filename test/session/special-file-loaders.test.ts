// Issue #13, special files beyond the file tools: every loader that reads a path a repository or a memory file
// names (memory `@path` imports, settings, .mcp.json, .gitignore, git config, /init's README) refuses a FIFO at
// once instead of waiting for a writer. A sync read cannot be timed out from inside the process, so each FIFO gets
// a writer that opens and closes it after 1.5 s: the old code returns only then, and the test sees the delay.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readProjectMcpFile } from '../../src/mcp/config';
import { gitConfigRisk } from '../../src/permissions/git-repo-config';
import { loadCustomCommands } from '../../src/session/custom-commands';
import { draftAgentsMd, loadMemory } from '../../src/session/memory';
import { readSettingsFile } from '../../src/settings/read-file';
import { walkTree } from '../../src/tools/ls';
import { makeTestTempDir } from '../support/temp-dirs';

let tmp: string;
beforeEach(() => {
  tmp = makeTestTempDir('tandem-fifo-loaders-');
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A FIFO at `file` that a helper process opens (read-write, so it never blocks) and closes after 1.5 s. */
function fifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('mkfifo', [file]);
  const child = spawn('sh', ['-c', 'sleep 1.5; exec 3<>"$1"; sleep 0.2', 'sh', file], { stdio: 'ignore', detached: true });
  child.unref();
}

async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - start };
}

describe('loaders refuse special files at once', () => {
  it('a memory file importing a FIFO: loads the rest, warns, does not wait', async () => {
    const repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo, { recursive: true });
    fs.writeFileSync(path.join(repo, 'CLAUDE.md'), 'rules\n@./notes.md\n');
    fifo(path.join(repo, 'notes.md'));
    fifo(path.join(repo, 'AGENTS.md'));
    const { value: mem, ms } = await timed(() => loadMemory({ cwd: repo, projectRoot: repo, tandemHome: path.join(tmp, 'home'), homeDir: tmp }));
    expect(ms).toBeLessThan(1000);
    expect(mem.files.map((f) => path.basename(f.path))).toEqual(['CLAUDE.md']);
    expect(mem.warnings.join('\n')).toMatch(/notes\.md is a named pipe \(FIFO\), not a regular file/);
    expect(mem.warnings.join('\n')).toMatch(/AGENTS\.md is a named pipe/);
  });

  it('a settings file, .mcp.json, .gitignore and git config that are FIFOs', async () => {
    const repo = path.join(tmp, 'repo');
    fifo(path.join(repo, '.tandem', 'settings.json'));
    fifo(path.join(repo, '.mcp.json'));
    fifo(path.join(repo, '.gitignore'));
    fifo(path.join(repo, '.git', 'config'));
    fs.writeFileSync(path.join(repo, 'a.txt'), 'a');
    const settings = await timed(() => readSettingsFile(path.join(repo, '.tandem', 'settings.json')));
    expect(settings.ms).toBeLessThan(1000);
    expect(settings.value.kind).toBe('error');
    expect(JSON.stringify(settings.value)).toMatch(/named pipe \(FIFO\)/);
    const mcp = await timed(() => readProjectMcpFile(repo));
    expect(mcp.ms).toBeLessThan(1000);
    expect(mcp.value.errors[0]?.message).toMatch(/named pipe/);
    const tree = await timed(() => walkTree(repo, []));
    expect(tree.ms).toBeLessThan(1000);
    const git = await timed(() => gitConfigRisk(repo));
    expect(git.ms).toBeLessThan(1000);
    // Unreadable config: git could run anything from it, so the answer is "risky" (asks), never "safe".
    expect(git.value).toMatch(/cannot be read/);
  });

  it('/init with a README that is a FIFO; custom commands still load', async () => {
    const repo = path.join(tmp, 'repo');
    fifo(path.join(repo, 'README.md'));
    const draft = await timed(() => draftAgentsMd(repo));
    expect(draft.ms).toBeLessThan(1000);
    const cmds = path.join(repo, '.tandem', 'commands');
    fs.mkdirSync(cmds, { recursive: true });
    fs.writeFileSync(path.join(cmds, 'ok.md'), 'say hi');
    const loaded = await timed(() => loadCustomCommands({ cwd: repo, projectRoot: repo, tandemHome: path.join(tmp, 'home'), homeDir: tmp }));
    expect(loaded.ms).toBeLessThan(1000);
    expect(loaded.value.commands.map((c) => c.name)).toEqual(['ok']);
  });
});
