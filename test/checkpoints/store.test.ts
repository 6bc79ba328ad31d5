import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointStore, shadowDirFor } from '../../src/checkpoints';
import { makeProject, projectGit, repoState, treeState, writeFile, type TempProject } from './project-fixture';
import { makeTestTempDir } from '../support/temp-dirs';

let project: TempProject | null = null;
afterEach(() => {
  project?.cleanup();
  project = null;
});

async function openStore(p: TempProject, extra: { sessionId?: string; maxFileBytes?: number } = {}): Promise<CheckpointStore> {
  const store = await CheckpointStore.open({ projectRoot: p.root, tandemHome: p.tandemHome, sessionId: extra.sessionId ?? 's1', maxFileBytes: extra.maxFileBytes });
  if (!store) throw new Error('git should be available in tests');
  return store;
}

const byPath = <T extends { path: string }>(list: T[]): T[] => [...list].sort((a, b) => a.path.localeCompare(b.path));

describe('CheckpointStore end to end', () => {
  it('records a turn of edits, deletes, creations and chmod, restores them exactly, and undoes the restore', async () => {
    project = makeProject(
      {
        'a.txt': 'one\ntwo\nthree\n',
        'src/b.txt': 'alpha\nbeta\n',
        'gone.txt': 'to be removed\nline2\n',
        'run.sh': '#!/bin/sh\necho hi\n',
      },
      { git: true },
    );
    const root = project.root;
    // A staged change in the project's own repository, to prove its index stays as it is.
    writeFile(root, 'a.txt', 'one\ntwo\nthree\nstaged\n');
    projectGit(root, ['add', 'a.txt']);
    const repoBefore = repoState(root);
    const filesBefore = treeState(root);

    const store = await openStore(project);
    await store.beginTurn({ index: 3, prompt: 'fix the things\nsecond line is not shown' });
    await store.beforeWrite();
    writeFile(root, 'a.txt', 'one\nTWO\nthree\nstaged\nfour\n'); // +2 -1
    writeFile(root, 'src/b.txt', 'alpha\n'); // -1
    rmSync(path.join(root, 'gone.txt'));
    writeFile(root, 'new/deep/created.txt', 'x\ny\nz\n'); // +3
    chmodSync(path.join(root, 'run.sh'), 0o755);
    await store.beforeWrite(); // a later writing call in the same turn: no new 'before'
    const filesAfter = treeState(root);
    const info = await store.endTurn();

    expect(info).not.toBeNull();
    expect(info!.turn).toBe(3);
    expect(info!.sessionId).toBe('s1');
    expect(info!.prompt).toBe('fix the things');
    expect(byPath(info!.files)).toEqual([
      { path: 'a.txt', status: 'modified', added: 2, removed: 1 },
      { path: 'gone.txt', status: 'deleted', added: 0, removed: 2 },
      { path: 'new/deep/created.txt', status: 'added', added: 3, removed: 0 },
      { path: 'run.sh', status: 'modified', added: 0, removed: 0, modeChange: { from: '100644', to: '100755' } },
      { path: 'src/b.txt', status: 'modified', added: 0, removed: 1 },
    ]);
    expect(await store.list()).toEqual([info]);
    expect(await store.diffFiles(info!.id)).toEqual(info!.files);

    // Dry run: the exact list, nothing touched.
    const plan = await store.restore(info!.id, { dryRun: true });
    expect(plan.undoId).toBeNull();
    expect(plan.files.map((f) => `${f.status} ${f.path}`).sort()).toEqual([
      'added gone.txt',
      'deleted new/deep/created.txt',
      'modified a.txt',
      'modified run.sh',
      'modified src/b.txt',
    ]);
    expect(treeState(root)).toEqual(filesAfter);

    const report = await store.restore(info!.id);
    expect(treeState(root)).toEqual(filesBefore);
    expect(existsSync(path.join(root, 'new'))).toBe(false); // emptied folders go too
    expect(statSync(path.join(root, 'run.sh')).mode & 0o111).toBe(0);
    expect(report.undoId).toMatch(/^[0-9a-f]{12}$/);
    expect(repoState(root)).toEqual(repoBefore);

    // The rewind is itself a checkpoint: restoring it brings the turn's result back.
    const undo = await store.restore(report.undoId!);
    expect(treeState(root)).toEqual(filesAfter);
    expect(statSync(path.join(root, 'run.sh')).mode & 0o111).toBe(0o111);
    expect(undo.undoId).not.toBeNull();

    const kinds = (await store.list()).map((c) => c.kind);
    expect(kinds).toEqual(['turn', 'restore', 'restore']);
    // Back to before the turn once more: the project's repository never noticed any of it.
    await store.restore(info!.id);
    expect(treeState(root)).toEqual(filesBefore);
    expect(repoState(root)).toEqual(repoBefore);
  });

  it('leaves no checkpoint for a turn that changes nothing, or that never wrote', async () => {
    project = makeProject({ 'a.txt': 'a\n' });
    const store = await openStore(project);
    await store.beginTurn({ index: 1, prompt: 'look around' });
    await store.beforeWrite();
    writeFile(project.root, 'a.txt', 'a\n'); // rewritten with the same content
    expect(await store.endTurn()).toBeNull();
    await store.beginTurn({ index: 2, prompt: 'read only' });
    expect(await store.endTurn()).toBeNull();
    expect(await store.list()).toEqual([]);
  });

  it('leaves nested repositories out and picks up files in new folders', async () => {
    project = makeProject({ 'top.txt': 't\n', 'vendor/lib/x.txt': 'x\n' });
    projectGit(path.join(project.root, 'vendor', 'lib'), ['init', '-q']);
    const store = await openStore(project);
    await store.beginTurn({ index: 1, prompt: 'p' });
    await store.beforeWrite();
    writeFile(project.root, 'vendor/lib/x.txt', 'changed\n');
    writeFile(project.root, 'fresh/dir/a.txt', 'a\n');
    const info = await store.endTurn();
    expect(info?.files.map((f) => f.path)).toEqual(['fresh/dir/a.txt']);
    await store.beginTurn({ index: 2, prompt: 'nothing' });
    await store.beforeWrite();
    expect(await store.endTurn()).toBeNull();
  });

  it('works in a folder that is not a git repository', async () => {
    project = makeProject({ 'notes.md': 'hello\n' });
    const store = await openStore(project);
    await store.beginTurn({ index: 1, prompt: 'edit' });
    await store.beforeWrite();
    writeFile(project.root, 'notes.md', 'bye\n');
    const info = await store.endTurn();
    expect(info?.files).toEqual([{ path: 'notes.md', status: 'modified', added: 1, removed: 1 }]);
    await store.restore(info!.id);
    expect(readFileSync(path.join(project.root, 'notes.md'), 'utf8')).toBe('hello\n');
    expect(existsSync(path.join(project.root, '.git'))).toBe(false);
  });

  it('neither snapshots nor restores ignored files, and leaves out files over the size cap', async () => {
    project = makeProject(
      {
        '.gitignore': 'node_modules/\n.env\n',
        '.env': 'SECRET=1\n',
        'node_modules/pkg/index.js': 'module.exports = 1;\n',
        'excluded-by-info.log': 'x\n',
        'app.js': 'let a = 1;\n',
      },
      { git: true },
    );
    const root = project.root;
    writeFileSync(path.join(root, '.git', 'info', 'exclude'), '*.log\n');
    const store = await openStore(project, { maxFileBytes: 1000 });
    await store.beginTurn({ index: 1, prompt: 'install and configure' });
    await store.beforeWrite();
    writeFile(root, '.env', 'SECRET=2\n');
    writeFile(root, 'node_modules/pkg/index.js', 'module.exports = 2;\n');
    writeFile(root, 'node_modules/other/new.js', 'new\n');
    writeFile(root, 'excluded-by-info.log', 'y\n');
    writeFile(root, 'big.bin', 'z'.repeat(5000));
    writeFile(root, 'app.js', 'let a = 2;\n');
    const info = await store.endTurn();
    expect(info?.files.map((f) => f.path)).toEqual(['app.js']);

    await store.restore(info!.id);
    expect(readFileSync(path.join(root, 'app.js'), 'utf8')).toBe('let a = 1;\n');
    expect(readFileSync(path.join(root, '.env'), 'utf8')).toBe('SECRET=2\n');
    expect(readFileSync(path.join(root, 'node_modules/pkg/index.js'), 'utf8')).toBe('module.exports = 2;\n');
    expect(existsSync(path.join(root, 'node_modules/other/new.js'))).toBe(true);
    expect(readFileSync(path.join(root, 'excluded-by-info.log'), 'utf8')).toBe('y\n');
    expect(statSync(path.join(root, 'big.bin')).size).toBe(5000);
  });

  it('stops tracking a file once a .gitignore line covers it, and leaves it alone on restore', async () => {
    project = makeProject({ '.gitignore': '', 'keep.txt': 'k\n' });
    const store = await openStore(project);
    await store.beginTurn({ index: 1, prompt: 'make secret' });
    await store.beforeWrite();
    writeFile(project.root, 'secret.txt', 'v1\n');
    await store.endTurn();
    await store.beginTurn({ index: 2, prompt: 'ignore secret' });
    await store.beforeWrite();
    writeFile(project.root, '.gitignore', 'secret.txt\n');
    writeFile(project.root, 'secret.txt', 'v2\n');
    const second = await store.endTurn();
    const plan = await store.restore(second!.id, { dryRun: true });
    expect(plan.files.map((f) => f.path)).toEqual(['.gitignore']);
    expect(plan.skipped).toEqual(['secret.txt']);
    // Even once it is gone from disk, a file the current rules ignore is not brought back.
    rmSync(path.join(project.root, 'secret.txt'));
    await store.restore(second!.id);
    expect(existsSync(path.join(project.root, 'secret.txt'))).toBe(false);
    expect(readFileSync(path.join(project.root, '.gitignore'), 'utf8')).toBe('');
  });

  it('drops a tracked file from snapshots once it grows over the cap, and never overwrites it on restore', async () => {
    project = makeProject({ 'data.csv': 'a,b\n', 'x.txt': '1\n' });
    const store = await openStore(project, { maxFileBytes: 1000 });
    await store.beginTurn({ index: 1, prompt: 'first' });
    await store.beforeWrite();
    writeFile(project.root, 'x.txt', '2\n');
    const first = await store.endTurn();
    await store.beginTurn({ index: 2, prompt: 'grow' });
    await store.beforeWrite();
    writeFile(project.root, 'data.csv', 'a,b\n'.repeat(1000));
    const grown = await store.endTurn();
    // Reported as too large to track, never as deleted.
    expect(grown!.files).toEqual([]);
    expect(grown!.tooLarge).toEqual(['data.csv']);
    const plan = await store.restore(first!.id, { dryRun: true });
    expect(plan.skipped).toEqual([]);
    expect(plan.tooLarge).toEqual(['data.csv']);
    expect(plan.files.map((f) => f.path)).toEqual(['x.txt']);
    await store.restore(first!.id);
    expect(statSync(path.join(project.root, 'data.csv')).size).toBe(4000);
    expect(readFileSync(path.join(project.root, 'x.txt'), 'utf8')).toBe('1\n');
  });

  it('keeps sessions apart in list(), prunes old checkpoints, and stamps the daily auto-prune', async () => {
    project = makeProject({ 'f.txt': '0\n' });
    const one = await openStore(project, { sessionId: 'one' });
    const two = await openStore(project, { sessionId: 'two/with:odd chars' });
    for (const [store, content] of [[one, '1\n'], [two, '2\n']] as const) {
      await store.beginTurn({ index: 1, prompt: 'p'.repeat(300) });
      await store.beforeWrite();
      writeFile(project.root, 'f.txt', content);
      await store.endTurn();
    }
    expect((await one.list({ sessionId: 'two/with:odd chars' })).map((c) => c.sessionId)).toEqual(['two/with:odd chars']);
    expect((await one.list())[0]!.prompt.length).toBe(200);
    expect(existsSync(path.join(shadowDirFor(project.tandemHome, project.root), 'last-auto-prune'))).toBe(true);
    expect(await one.prune({ olderThanDays: 1 })).toBe(0);
    expect(await one.prune({ olderThanDays: 0 })).toBe(2);
    expect(await one.list()).toEqual([]);
  });

  it("ignores the user's git config and inherited GIT_* variables", async () => {
    project = makeProject({ 'a.txt': 'a\r\nb\n' }, { git: true });
    const hostile = path.join(project.root, '..', 'hostile.gitconfig');
    writeFileSync(hostile, '[commit]\n\tgpgsign = true\n[core]\n\tautocrlf = true\n\tfsmonitor = true\n[user]\n\tsigningkey = nope\n');
    const repoBefore = repoState(project.root);
    const dotGit = path.join(project.root, '.git');
    const env = {
      ...process.env,
      GIT_CONFIG_GLOBAL: hostile,
      GIT_DIR: dotGit,
      GIT_INDEX_FILE: path.join(dotGit, 'index'),
      GIT_OBJECT_DIRECTORY: path.join(dotGit, 'objects'),
    };
    const store = await CheckpointStore.open({ projectRoot: project.root, tandemHome: project.tandemHome, sessionId: 's', env });
    await store!.beginTurn({ index: 1, prompt: 'p' });
    await store!.beforeWrite();
    writeFile(project.root, 'a.txt', 'changed\r\n');
    const info = await store!.endTurn();
    await store!.restore(info!.id);
    expect(readFileSync(path.join(project.root, 'a.txt'), 'utf8')).toBe('a\r\nb\n');
    expect(repoState(project.root)).toEqual(repoBefore);
  });

  it('returns null from open when git is not on PATH', async () => {
    project = makeProject({ 'a.txt': 'a\n' });
    const emptyBin = makeTestTempDir('tandem-nogit-');
    mkdirSync(emptyBin, { recursive: true });
    try {
      const store = await CheckpointStore.open({
        projectRoot: project.root,
        tandemHome: project.tandemHome,
        sessionId: 's',
        env: { ...process.env, PATH: emptyBin },
      });
      expect(store).toBeNull();
      expect(existsSync(project.tandemHome)).toBe(false);
    } finally {
      rmSync(emptyBin, { recursive: true, force: true });
    }
  });
});
