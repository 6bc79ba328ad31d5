// The session hands its policy's Read rules to the tools: a Grep the model sends through the engine cannot show
// the content of a file a Read deny rule covers (rg would include the hidden .env for a glob naming it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events';
import { autoApprove, engineRig, type EngineRig } from '../engine/boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('Read deny rules through the session', () => {
  it('Grep across the project with a glob naming .env returns nothing from it', async () => {
    const grep = (input: Record<string, unknown>) => ({ content: [{ type: 'tool_use', name: 'Grep', input: { pattern: 'SECRET', output_mode: 'content', ...input } }] });
    rig = await engineRig(['--disallowedTools', 'Read(.env)'], { turns: [grep({ glob: '.env' }), grep({ glob: '**/*' }), grep({ path: '.env' }), { text: 'done' }] }, {
      setup: (p) => {
        writeFileSync(join(p, '.env'), 'SECRET=hunter2\n');
        mkdirSync(join(p, 'src'));
        writeFileSync(join(p, 'src', 'a.ts'), '// SECRET comes from the environment\n');
      },
    });
    autoApprove(rig);
    await rig.boot.session.send('find the secret');
    const results = rig.events.filter((e): e is Extract<EngineEvent, { type: 'tool_result' }> => e.type === 'tool_result');
    expect(results).toHaveLength(3);
    const text = results.map((r) => JSON.stringify(r.result.content));
    expect(text.join('\n')).not.toContain('hunter2');
    expect(text[1]).toContain('src/a.ts');
    expect(results[2]!.result.is_error).toBe(true);
  });
});
