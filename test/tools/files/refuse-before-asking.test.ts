// Issue #14: an Edit or Write that the tool would refuse anyway fails before the user is asked to approve it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events';
import { autoApprove, engineRig, type EngineRig } from '../../engine/boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const results = (r: EngineRig) => r.events.filter((e): e is Extract<EngineEvent, { type: 'tool_result' }> => e.type === 'tool_result');

describe('refused before the permission prompt', () => {
  it('Edit of a file never read, Edit with an absent old_string, Write over an unread file: no prompt, an error result each', async () => {
    rig = await engineRig(
      [],
      {
        turns: [
          { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'app.py', old_string: 'ping', new_string: 'pong' } }] },
          { content: [{ type: 'tool_use', name: 'Write', input: { file_path: 'app.py', content: 'x' } }] },
          { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'app.py' } }] },
          { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'app.py', old_string: 'not there', new_string: 'y' } }] },
          { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'app.py', old_string: 'ping', new_string: 'pong' } }] },
          { text: 'done' },
        ],
      },
      { setup: (p) => writeFileSync(path.join(p, 'app.py'), 'def ping(): pass\n') },
    );
    const asked: string[] = [];
    autoApprove(rig, (e) => {
      asked.push(`${e.toolName} ${JSON.stringify(e.input)}`);
      return { type: 'once' };
    });
    await rig.boot.session.send('go');
    const edits = results(rig).filter((r) => r.name !== 'Read');
    expect(edits.map((r) => Boolean(r.result.is_error))).toEqual([true, true, true, false]);
    expect(String(JSON.stringify(edits[0]!.result.content))).toMatch(/have not read/);
    expect(String(JSON.stringify(edits[2]!.result.content))).toMatch(/old_string was not found/);
    // Only the edit that can succeed was put to the user.
    expect(asked).toEqual([`Edit ${JSON.stringify({ file_path: 'app.py', old_string: 'ping', new_string: 'pong' })}`]);
    expect(readFileSync(path.join(rig.project, 'app.py'), 'utf8')).toBe('def pong(): pass\n');
  }, 60_000);
});
