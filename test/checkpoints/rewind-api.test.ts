// The REPL's rewind (picker and /rewind) goes through createRewindApi: it shows the files first, restores exactly
// those or nothing, and leaves alone what another session changed.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../../src/checkpoints';
import { createRewindApi } from '../../src/cli/rewind';
import { engineRig, type EngineRig } from '../engine/boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function writeTurn(r: EngineRig, file: string) {
  r.server.push({ content: [{ type: 'tool_use', name: 'Write', input: { file_path: path.join(r.project, file), content: `${file} by A\n` } }] }, { text: 'written' });
  await r.boot.session.send(`write ${file}`);
}

describe('rewind in the shell', () => {
  it("shows the files, restores exactly those, and leaves another session's files alone", async () => {
    rig = await engineRig(['--allowedTools', 'Write'], { turns: [] }, { interactive: false, setup: (p) => writeFileSync(path.join(p, 'keep.txt'), 'k0\n') });
    const r = rig;
    await writeTurn(r, 'a.txt');
    // Another tandem (session B) changes a file in the same project.
    const other = await CheckpointStore.open({ projectRoot: r.boot.locations.projectRoot, tandemHome: r.boot.locations.tandemHome, sessionId: 'session-B' });
    await other!.beginTurn({ index: 1, prompt: 'b' });
    await other!.beforeWrite();
    writeFileSync(path.join(r.project, 'keep.txt'), 'changed by B\n');
    await other!.endTurn();

    const api = createRewindApi(r.boot);
    const plan = await api.plan(1);
    expect(plan.map((f) => `${f.status} ${f.path}`)).toEqual(['deleted a.txt']);
    const message = await api.restore(1, 'files');
    expect(message).toMatch(/removed a\.txt/);
    expect(message).toMatch(/left alone \(changed by another session or by hand\): keep\.txt/);
    expect(existsSync(path.join(r.project, 'a.txt'))).toBe(false);
    expect(readFileSync(path.join(r.project, 'keep.txt'), 'utf8')).toBe('changed by B\n');
  });

  it('refuses to restore when the files changed after the list was shown', async () => {
    rig = await engineRig(['--allowedTools', 'Write'], { turns: [] }, { interactive: false });
    const r = rig;
    await writeTurn(r, 'a.txt');
    await writeTurn(r, 'b.txt');
    const api = createRewindApi(r.boot);
    expect((await api.plan(1)).map((f) => f.path).sort()).toEqual(['a.txt', 'b.txt']);
    rmSync(path.join(r.project, 'b.txt')); // gone before the user confirms
    await expect(api.restore(1, 'files')).rejects.toThrow(/changed since the restore was shown/);
    expect(readFileSync(path.join(r.project, 'a.txt'), 'utf8')).toBe('a.txt by A\n');
  });
});
