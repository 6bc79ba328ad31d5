// A call with bad input gets one clear message: the tool named once, the parameters listed, what to do.
import { afterEach, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events';
import { engineRig, type EngineRig } from './boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('invalid input is reported with a single "Invalid input for X:" prefix', { timeout: 30_000 }, async () => {
  rig = await engineRig([], { turns: [{ content: [{ type: 'tool_use', name: 'Read', input: { path: 'a.txt' } }] }, { text: 'done' }] });
  await rig.boot.session.send('go');
  const result = rig.events.find((e): e is Extract<EngineEvent, { type: 'tool_result' }> => e.type === 'tool_result');
  const text = String(result?.result.content);
  expect(text.match(/Invalid input/g)).toHaveLength(1);
  expect(text).toMatch(/^Invalid input for Read:\n- /);
  expect(text).toMatch(/call Read again\.$/);
});
