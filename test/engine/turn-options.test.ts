// A custom command's model and allowed-tools hold for its own turn only: the next turn is back to the session's.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineRig, type EngineRig } from './boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  const r = rig;
  rig = undefined;
  await r?.close().catch(async () => {
    await new Promise((done) => setTimeout(done, 500));
    rmSync(join(r.project, '..'), { recursive: true, force: true });
  });
});

describe('turn options', () => {
  it('model and allow rules apply to one turn and are gone after it', async () => {
    rig = await engineRig(['--model', 'sonnet'], {
      turns: [
        { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch one' } }] },
        { text: 'first done' },
        { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch two' } }] },
        { text: 'second done' },
      ],
    }, { interactive: false });
    await rig.boot.session.send('first', { model: 'haiku', allowRules: ['Bash(touch:*)'], source: 'command /t' });
    expect(existsSync(join(rig.project, 'one'))).toBe(true);
    await rig.boot.session.send('second');
    expect(existsSync(join(rig.project, 'two'))).toBe(false);
    const models = rig.server.requests.map((r) => r.body.model as string);
    expect(models[0]).toMatch(/haiku/);
    expect(models[1]).toMatch(/haiku/);
    expect(models[2]).toMatch(/sonnet/);
    expect(rig.boot.session.info().model).toMatch(/sonnet/);
  });
});
