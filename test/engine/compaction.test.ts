// Crossing the context threshold compacts the conversation: the next request is smaller, holds the summary,
// and the todos survive.
import { afterEach, describe, expect, it } from 'vitest';
import { engineRig, type EngineRig } from './boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('compaction', () => {
  it('compacts near the limit and keeps the todos', async () => {
    const todos = [
      { content: 'Port the parser', status: 'in_progress', activeForm: 'Porting the parser' },
      { content: 'Write the docs', status: 'pending', activeForm: 'Writing the docs' },
    ];
    rig = await engineRig([], {
      turns: [
        { content: [{ type: 'text', text: 'Planning. '.repeat(200) }, { type: 'tool_use', name: 'TodoWrite', input: { todos } }] },
        // The API reports a context close to the 200k window.
        { text: 'Long answer. '.repeat(300), usage: { input_tokens: 185_000 } },
        { text: 'SUMMARY: we are porting the parser; docs come next.' },
        { text: 'Carrying on.' },
      ],
    });
    await rig.boot.session.send('start the port');
    const before = JSON.stringify(rig.server.requests[1]!.body).length;
    const result = await rig.boot.session.send('continue');
    expect(result.text).toBe('Carrying on.');
    const compactionRequest = JSON.stringify(rig.server.requests[2]!.body.messages);
    expect(compactionRequest).toMatch(/summar/i);
    const next = rig.server.requests[3]!;
    const sent = JSON.stringify(next.body.messages);
    expect(sent).toContain('SUMMARY: we are porting the parser');
    expect(sent).toContain('Port the parser');
    expect(sent).toContain('continue');
    expect(sent).not.toContain('Long answer. Long answer.');
    expect(JSON.stringify(next.body).length).toBeLessThan(before);
    expect(rig.boot.session.info().todos.map((t) => t.content)).toEqual(['Port the parser', 'Write the docs']);
    expect(rig.events.some((e) => e.type === 'notice' && /compacted/.test(e.message))).toBe(true);
  });
});
