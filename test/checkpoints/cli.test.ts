import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../../src/checkpoints';
import { runCheckpointsCommand } from '../../src/cli/checkpoints-command';
import { makeProject, writeFile, type TempProject } from './project-fixture';
import { makeTestTempDir } from '../support/temp-dirs';

let project: TempProject | null = null;
afterEach(() => {
  project?.cleanup();
  project = null;
});

interface Run {
  code: number;
  out: string;
  err: string;
  asked: string[];
}

async function run(argv: string[], opts: { cwd?: string; answer?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  let out = '';
  let err = '';
  const asked: string[] = [];
  const code = await runCheckpointsCommand(argv, {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    cwd: opts.cwd ?? project!.root,
    env: opts.env ?? { ...process.env, TANDEM_HOME: project!.tandemHome },
    confirm: async (q) => {
      asked.push(q);
      return opts.answer ?? false;
    },
  });
  return { code, out, err, asked };
}

/** A project (a git repo, so a subfolder cwd finds it) with one recorded turn that rewrote app.js and added new.js. */
async function projectWithTurn(): Promise<{ id: string }> {
  project = makeProject({ 'app.js': 'const a = 1;\n', 'lib/util.js': 'x\n' }, { git: true });
  const store = await CheckpointStore.open({ projectRoot: project.root, tandemHome: project.tandemHome, sessionId: 'sess-1234567890' });
  await store!.beginTurn({ index: 4, prompt: 'Rename the constant\nand more' });
  await store!.beforeWrite();
  writeFile(project.root, 'app.js', 'const b = 1;\n');
  writeFile(project.root, 'new.js', 'hello\n');
  const info = await store!.endTurn();
  return { id: info!.id };
}

describe('tandem checkpoints', () => {
  it('lists checkpoints of the project found from a subfolder, as text and as JSON', async () => {
    const { id } = await projectWithTurn();
    const text = await run([], { cwd: path.join(project!.root, 'lib') });
    expect(text.code).toBe(0);
    expect(text.out).toContain(id);
    expect(text.out).toContain('turn 4');
    expect(text.out).toContain('session sess-123');
    expect(text.out).toContain('Rename the constant');
    expect(text.out).toMatch(/M app\.js\s+\+1 -1/);
    expect(text.out).toMatch(/A new\.js\s+\+1 -0/);

    const json = await run(['--json']);
    const list = JSON.parse(json.out) as Array<{ id: string; turn: number; files: unknown[] }>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id, turn: 4, sessionId: 'sess-1234567890', prompt: 'Rename the constant', kind: 'turn' });
    expect(list[0]!.files).toHaveLength(2);
  });

  it('restore shows the files, asks, and does nothing when the answer is no', async () => {
    const { id } = await projectWithTurn();
    const r = await run(['restore', id]);
    expect(r.code).toBe(1);
    expect(r.asked).toHaveLength(1);
    expect(r.out).toMatch(/put back\s+app\.js/);
    expect(r.out).toMatch(/remove\s+new\.js/);
    expect(r.out).toContain('Nothing was changed.');
    expect(existsSync(path.join(project!.root, 'new.js'))).toBe(true);
  });

  it('restore --yes restores without asking and prints an undo id that works', async () => {
    const { id } = await projectWithTurn();
    const r = await run(['restore', id.slice(0, 8), '--yes']);
    expect(r.code).toBe(0);
    expect(r.asked).toEqual([]);
    expect(readFileSync(path.join(project!.root, 'app.js'), 'utf8')).toBe('const a = 1;\n');
    expect(existsSync(path.join(project!.root, 'new.js'))).toBe(false);
    const undoId = /restore ([0-9a-f]{12})/.exec(r.out)?.[1];
    expect(undoId).toBeDefined();

    const again = await run(['restore', undoId!], { answer: true });
    expect(again.code).toBe(0);
    expect(again.asked).toHaveLength(1);
    expect(readFileSync(path.join(project!.root, 'app.js'), 'utf8')).toBe('const b = 1;\n');
    expect(existsSync(path.join(project!.root, 'new.js'))).toBe(true);
  });

  it('prune removes checkpoints older than the given days', async () => {
    await projectWithTurn();
    expect((await run(['prune'])).out).toContain('Removed 0 checkpoints');
    const r = await run(['prune', '--older-than', '0']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Removed 1 checkpoint older than 0 days');
    expect((await run([])).out).toContain('No checkpoints');
  });

  it('explains usage errors, unknown ids and a missing git', async () => {
    await projectWithTurn();
    expect((await run(['--help'])).out).toContain('tandem checkpoints restore ID');
    const bad = await run(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown subcommand "frobnicate"');
    expect((await run(['prune', '--older-than', 'soon'])).code).toBe(2);
    const missing = await run(['restore', 'deadbeef', '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No checkpoint "deadbeef"');

    const emptyBin = makeTestTempDir('tandem-nogit-');
    try {
      const nogit = await run([], { env: { PATH: emptyBin, TANDEM_HOME: project!.tandemHome } });
      expect(nogit.code).toBe(1);
      expect(nogit.err).toContain('git was not found on PATH');
    } finally {
      rmSync(emptyBin, { recursive: true, force: true });
    }
  });
});
