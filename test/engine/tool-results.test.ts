// Tool results pair with their calls one to one, whatever the ids say, and each is recorded the moment it ends.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { transcriptPath as transcriptFile } from '../../src/session/transcript-store';
import { expectValidHistory } from './api-validity';
import { engineRig, type EngineRig } from './boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('tool results', () => {
  it('two tool_use blocks sharing an id get their own results, and the history sent back stays valid', async () => {
    rig = await engineRig(['--allowedTools', 'Bash'], {
      turns: [
        {
          content: [
            { type: 'tool_use', id: 'toolu_same', name: 'Bash', input: { command: 'echo AAA-first' } },
            { type: 'tool_use', id: 'toolu_same', name: 'Bash', input: { command: 'echo BBB-second' } },
          ],
        },
        { text: 'both done' },
      ],
    }, { interactive: false });
    const result = await rig.boot.session.send('run both');
    expect(result.text).toBe('both done');
    const sent = rig.server.requests[1]!.body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    expectValidHistory(sent);
    const [call1, call2] = sent[1]!.content.filter((b) => b.type === 'tool_use');
    const [res1, res2] = sent[2]!.content;
    expect(call1!.id).toBe('toolu_same');
    expect(call2!.id).not.toBe('toolu_same');
    expect(res1).toMatchObject({ tool_use_id: call1!.id });
    expect(res2).toMatchObject({ tool_use_id: call2!.id });
    expect(JSON.stringify(res1)).toContain('AAA-first');
    expect(JSON.stringify(res2)).toContain('BBB-second');
    expect(JSON.stringify(res1)).not.toContain('BBB-second');
    // What the screen and stream-json saw while streaming carries the same ids as the results.
    const streamed = rig.events.flatMap((e) => (e.type === 'assistant_block' && e.block.type === 'tool_use' ? [(e.block as { id: string }).id] : []));
    const answered = rig.events.flatMap((e) => (e.type === 'tool_result' ? [e.callId] : []));
    expect(streamed).toEqual([call1!.id, call2!.id]);
    expect(answered).toEqual([call1!.id, call2!.id]);
  });

  it('writes each result to the transcript as its call ends, before the batch is over', async () => {
    let transcriptPath = '';
    let seenFirstEarly = false;
    rig = await engineRig(['--allowedTools', 'Bash'], {
      turns: [
        {
          content: [
            { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: "printf 'EARLY-%s' 42" } },
            // Runs after the first; while it runs, the first result must already be on disk.
            { type: 'tool_use', id: 'toolu_2', name: 'Bash', input: { command: 'sleep 1; echo late' } },
          ],
        },
        { text: 'done' },
      ],
    }, { interactive: false });
    const { tandemHome, projectRoot } = rig.boot.locations;
    transcriptPath = transcriptFile({ tandemHome, projectRoot, sessionId: rig.boot.session.sessionId });
    rig.boot.session.subscribe((e) => {
      if (e.type === 'tool_state' && e.callId === 'toolu_2' && e.state === 'running') {
        setTimeout(() => {
          seenFirstEarly = readFileSync(transcriptPath, "utf8").includes('EARLY-42');
        }, 300);
      }
    });
    await rig.boot.session.send('go');
    expect(seenFirstEarly).toBe(true);
  });
});
