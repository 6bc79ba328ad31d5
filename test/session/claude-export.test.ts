// Claude Code transcript lines from tandem's log: subagent messages are sidechains with their own parent chain,
// an unfinished message (a crash mid-stream) is left out, compaction leaves a boundary and a summary.
import { describe, expect, it } from 'vitest';
import { toClaudeLines } from '../../src/session/claude-export';
import type { TranscriptEntry } from '../../src/session/transcript-types';

let n = 0;
const stamp = () => ({ time: `2026-11-29T10:00:${String(n).padStart(2, '0')}.000Z`, uuid: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` });
const user = (text: string, parent: string | null = null): TranscriptEntry => ({ ...stamp(), type: 'message', message: { role: 'user', content: text }, agent: 'a', model: 'm', parentToolUseId: parent });
const answer = (text: string, parent: string | null = null, incomplete = false): TranscriptEntry => ({
  ...stamp(), type: 'message', message: { role: 'assistant', content: [{ type: 'text', text }] }, agent: 'a', model: 'm', parentToolUseId: parent, ...(incomplete ? { incomplete } : {}),
});

describe('toClaudeLines', () => {
  it('threads, sidechains, unfinished messages, usage and compaction', () => {
    const entries: TranscriptEntry[] = [
      { ...stamp(), type: 'session_meta', sessionId: 's', cwd: '/p', projectRoot: '/p', agent: 'a', model: 'm', mode: 'default', version: '1' },
      user('main 1'),
      user('sub 1', 'toolu_task'),
      answer('sub answer', 'toolu_task'),
      { ...stamp(), type: 'usage', model: 'm', agent: 'a', usage: { input_tokens: 5, output_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }, costUsd: 0.01 },
      answer('main answer'),
      answer('cut short', null, true),
      { ...stamp(), type: 'compaction', summary: 'we talked', replacedMessages: 2, trigger: 'manual' },
      user('main 2'),
    ];
    const lines = toClaudeLines(entries, { sessionId: 's', version: 'v' });
    expect(lines.map((l) => l.type)).toEqual(['user', 'user', 'assistant', 'assistant', 'system', 'summary', 'user']);
    const [main1, sub1, subAnswer, mainAnswer, boundary, summary, main2] = lines as Array<Record<string, any>>;
    expect(main1).toMatchObject({ parentUuid: null, isSidechain: false, cwd: '/p', sessionId: 's' });
    expect(sub1).toMatchObject({ parentUuid: null, isSidechain: true });
    expect(subAnswer).toMatchObject({ parentUuid: sub1!.uuid, isSidechain: true });
    expect(subAnswer!.message.usage).toMatchObject({ input_tokens: 5, output_tokens: 7 });
    expect(mainAnswer).toMatchObject({ parentUuid: main1!.uuid, isSidechain: false });
    expect(JSON.stringify(lines)).not.toContain('cut short');
    expect(boundary).toMatchObject({ subtype: 'compact_boundary', parentUuid: mainAnswer!.uuid, compactMetadata: { trigger: 'manual' } });
    expect(summary).toMatchObject({ summary: 'we talked', leafUuid: boundary!.uuid });
    expect(main2).toMatchObject({ parentUuid: boundary!.uuid, message: { role: 'user', content: 'main 2' } });
  });
});
