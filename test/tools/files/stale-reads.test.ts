// Issue #13, stale edits across agents: each agent (the main one, each Task run) has its own read state, and an
// edit based on a read older than someone else's change is refused. Tool level here; the engine wiring below.
import fs from 'node:fs';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events';
import type { LoggedRequest } from '../../../src/fake-server/types';
import { editTool } from '../../../src/tools/edit';
import { FileReadTracker } from '../../../src/tools/file-state';
import { readTool } from '../../../src/tools/read';
import { writeTool } from '../../../src/tools/write';
import { autoApprove, engineRig, type EngineRig } from '../../engine/boot';
import { call, expectError, expectOk, makeCtx, tempDir } from './ctx';

let dir: string;
let main: ReturnType<typeof makeCtx>;
let sub: ReturnType<typeof makeCtx>;
beforeEach(() => {
  dir = tempDir();
  main = makeCtx(dir);
  sub = makeCtx(dir, { files: new FileReadTracker() });
  fs.writeFileSync(path.join(dir, 'a.ts'), 'const a = 1;\nconst b = 2;\n');
});
const STALE = /the file changed since you read it; read it again/;

describe('stale reads (tools)', () => {
  it('subagent reads, main edits, the subagent edit is refused; after a re-read it works', async () => {
    expectOk(await call(readTool, { file_path: 'a.ts' }, sub));
    expectOk(await call(readTool, { file_path: 'a.ts' }, main));
    expectOk(await call(editTool, { file_path: 'a.ts', old_string: 'const a = 1;', new_string: 'const a = 10;' }, main));
    expect(expectError(await call(editTool, { file_path: 'a.ts', old_string: 'const b = 2;', new_string: 'const b = 20;' }, sub))).toMatch(STALE);
    expectOk(await call(readTool, { file_path: 'a.ts' }, sub));
    expectOk(await call(editTool, { file_path: 'a.ts', old_string: 'const b = 2;', new_string: 'const b = 20;' }, sub));
    expect(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('const a = 10;\nconst b = 20;\n');
  });

  it('the same agent may edit again after its own write without re-reading', async () => {
    expectOk(await call(readTool, { file_path: 'a.ts' }, main));
    expectOk(await call(editTool, { file_path: 'a.ts', old_string: '1;', new_string: '11;' }, main));
    expectOk(await call(editTool, { file_path: 'a.ts', old_string: '2;', new_string: '22;' }, main));
  });

  it('the user changing the file on disk (same size, same second) between read and edit is refused', async () => {
    expectOk(await call(readTool, { file_path: 'a.ts' }, main));
    const f = path.join(dir, 'a.ts');
    const before = fs.statSync(f);
    fs.writeFileSync(f, 'const a = 7;\nconst b = 2;\n');
    fs.utimesSync(f, before.atime, before.mtime); // hide the change from mtime and size
    expect(expectError(await call(editTool, { file_path: 'a.ts', old_string: 'const b = 2;', new_string: 'x' }, main))).toMatch(STALE);
    expect(expectError(await call(writeTool, { file_path: 'a.ts', content: 'y' }, main))).toMatch(STALE);
  });

  it('a file deleted after it was read is not silently recreated by Write', async () => {
    expectOk(await call(readTool, { file_path: 'a.ts' }, main));
    fs.unlinkSync(path.join(dir, 'a.ts'));
    expect(expectError(await call(writeTool, { file_path: 'a.ts', content: 'const a = 1;\n' }, main))).toMatch(/deleted since you read it/);
    expect(fs.existsSync(path.join(dir, 'a.ts'))).toBe(false);
    // A file the agent never read is a plain create.
    expectOk(await call(writeTool, { file_path: 'fresh.ts', content: 'x\n' }, main));
  });

  it('two agents editing the same file at the same moment: one wins, the other is refused as stale, nothing lost', async () => {
    expectOk(await call(readTool, { file_path: 'a.ts' }, main));
    expectOk(await call(readTool, { file_path: 'a.ts' }, sub));
    const [m, s] = await Promise.all([
      call(editTool, { file_path: 'a.ts', old_string: 'const a = 1;', new_string: 'const a = 10;' }, main),
      call(editTool, { file_path: 'a.ts', old_string: 'const b = 2;', new_string: 'const b = 20;' }, sub),
    ]);
    expect([m.ok, s.ok]).toEqual([true, false]);
    expect(expectError(s)).toMatch(STALE);
    expect(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('const a = 10;\nconst b = 2;\n');
  });

  it('what the read saw is recorded, not the file a moment later', async () => {
    const f = path.join(dir, 'a.ts');
    const seen = { bytes: fs.readFileSync(f), stat: fs.statSync(f) };
    fs.writeFileSync(f, 'changed after the read, longer\n');
    main.files.recordRead(f, seen);
    expect(main.files.checkWritable(f)).toMatch(STALE);
  });
});

const SEED_DIR = path.join(__dirname, '../../fixtures/agents/seed');
const isAgent = (name: string) => (req: LoggedRequest) => JSON.stringify(req.body?.system ?? '').includes(`running as the agent \\"${name}\\"`);

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('stale reads (engine: each agent run has its own read state)', () => {
  it('main reads, a Task subagent edits the file, then the main agent edit on its old read is refused', async () => {
    rig = await engineRig(
      ['--agents-dir', SEED_DIR],
      {
        turns: [
          { match: isAgent('general-purpose'), content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'app.py' } }] },
          { match: isAgent('general-purpose'), content: [{ type: 'tool_use', name: 'Task', input: { description: 'Rename', prompt: 'Rename ping to health in app.py', subagent_type: 'api-engineer' } }] },
          { match: isAgent('api-engineer'), content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'app.py' } }] },
          { match: isAgent('api-engineer'), content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'app.py', old_string: 'def ping', new_string: 'def health' } }] },
          { match: isAgent('api-engineer'), text: 'Renamed.' },
          { match: isAgent('general-purpose'), content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'app.py', old_string: '"ok"', new_string: '"fine"' } }] },
          { match: isAgent('general-purpose'), text: 'Done.' },
        ],
      },
      { setup: (p) => writeFileSync(path.join(p, 'app.py'), 'def ping():\n    return "ok"\n') },
    );
    autoApprove(rig);
    const result = await rig.boot.session.send('go');
    expect(result.subtype).toBe('success');
    const results = rig.events.filter((e): e is Extract<EngineEvent, { type: 'tool_result' }> => e.type === 'tool_result' && e.name === 'Edit');
    expect(results).toHaveLength(2);
    expect(results[0]!.result.is_error).toBeFalsy();
    expect(results[1]!.result.is_error).toBe(true);
    expect(JSON.stringify(results[1]!.result.content)).toMatch(STALE);
    expect(readFileSync(path.join(rig.project, 'app.py'), 'utf8')).toBe('def health():\n    return "ok"\n');
  }, 60_000);
});
