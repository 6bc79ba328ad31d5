// A 400 "prompt is too long" in the middle of a turn: the conversation is summarised (every dropped message is
// read by the summary request), the latest calls and their results stay word for word, and the retried request is
// smaller and valid.
import { afterEach, describe, expect, it } from 'vitest';
import { expectValidHistory } from './api-validity';
import { engineRig, type EngineRig } from './boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const tooLong = { fault: { type: 'status' as const, status: 400, message: 'prompt is too long: 212345 tokens > 200000 maximum' } };
const size = (body: unknown) => JSON.stringify(body).length;

describe('prompt too long mid-turn', () => {
  it('retries with the compacted history, keeping the last calls and their results', async () => {
    rig = await engineRig(['--allowedTools', 'Bash'], {
      turns: [
        { text: 'OLD-ANSWER '.repeat(3000) },
        { content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_keep', name: 'Bash', input: { command: "printf 'KEEP-%s' 7" } }] },
        tooLong,
        { text: 'SUMMARY-TEXT: the user asked two questions; the old answer was long.' },
        { text: 'finished' },
      ],
    }, { interactive: false });
    await rig.boot.session.send('first question');
    const result = await rig.boot.session.send('second question');
    expect(result.text).toBe('finished');
    expect(rig.server.requests).toHaveLength(5);
    const [, , failed, summaryRequest, retried] = rig.server.requests.map((r) => r.body);

    // Everything that is replaced was given to the summary request.
    const summarised = JSON.stringify(summaryRequest.messages);
    expect(summarised).toContain('first question');
    expect(summarised).toContain('OLD-ANSWER OLD-ANSWER');
    expect(summarised).toContain('second question');

    expectValidHistory(retried.messages);
    expect(size(retried)).toBeLessThan(size(failed) / 2);
    const sent = JSON.stringify(retried.messages);
    expect(sent).toContain('SUMMARY-TEXT');
    expect(sent).not.toContain('OLD-ANSWER OLD-ANSWER');
    // The turn's latest call and its result, verbatim.
    const last2 = retried.messages.slice(-2);
    expect(last2[0].content).toEqual(failed.messages.at(-2).content);
    expect(last2[1].content).toEqual(failed.messages.at(-1).content);
    expect(JSON.stringify(last2[1])).toContain('KEEP-7');
    // The session goes on from the compacted history.
    expect(JSON.stringify(rig.boot.session.messages)).not.toContain('OLD-ANSWER OLD-ANSWER');
    // Where the turns started is gone: rewinding the conversation is refused rather than cutting a call from its result.
    expect(rig.boot.session.rewindConversation(2)).toBe(false);
    expectValidHistory(rig.boot.session.messages);
  });

  it('splits the summary when the summary request is itself too long', async () => {
    rig = await engineRig(['--allowedTools', 'Bash'], {
      turns: [
        { text: 'FIRST-ANSWER '.repeat(1000) },
        { text: 'SECOND-ANSWER '.repeat(1000) },
        { content: [{ type: 'tool_use', id: 'toolu_k', name: 'Bash', input: { command: "printf 'KEEP-%s' 8" } }] },
        tooLong, // the turn's request
        tooLong, // the summary of everything
        { text: 'PART-ONE-SUMMARY' },
        { text: 'PART-TWO-SUMMARY' },
        { text: 'finished' },
      ],
    }, { interactive: false });
    await rig.boot.session.send('q1');
    await rig.boot.session.send('q2');
    const result = await rig.boot.session.send('q3');
    expect(result.text).toBe('finished');
    const bodies = rig.server.requests.map((r) => JSON.stringify(r.body.messages));
    expect(bodies[5]).toContain('FIRST-ANSWER');
    expect(bodies[5]).not.toContain('SECOND-ANSWER');
    expect(bodies[6]).toContain('PART-ONE-SUMMARY');
    expect(bodies[6]).toContain('SECOND-ANSWER');
    expect(bodies[6]).toContain('q3');
    const retried = rig.server.requests[7]!.body;
    expectValidHistory(retried.messages);
    expect(bodies[7]).toContain('PART-TWO-SUMMARY');
    expect(bodies[7]).toContain('KEEP-8');
    expect(bodies[7]).not.toContain('FIRST-ANSWER FIRST');
  });
});
