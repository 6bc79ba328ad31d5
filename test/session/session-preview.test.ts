import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionPreview } from '../../src/session/session-preview';
import { TranscriptWriter } from '../../src/session/transcript-store';
import { filterRows, pickerLines, type PickerRow } from '../../src/cli/session-picker';
import { makeTestTempDir } from '../support/temp-dirs';

const home = makeTestTempDir('tandem-preview-');
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('session preview', () => {
  it('counts prompts (not tool results or subagent messages) and finds the last main answer', async () => {
    const w = await TranscriptWriter.create({ tandemHome: home, projectRoot: '/p', sessionId: 's1', secrets: [] });
    const msg = (message: object, parentToolUseId: string | null = null) => w.append({ type: 'message', message: message as never, agent: 'a', model: 'm', parentToolUseId });
    await msg({ role: 'user', content: [{ type: 'text', text: 'first' }] });
    await msg({ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: {} }] });
    await msg({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'x' }] });
    await msg({ role: 'assistant', content: [{ type: 'text', text: 'the main\nanswer' }] });
    await msg({ role: 'user', content: 'second' });
    await msg({ role: 'user', content: 'sub prompt' }, 't9');
    await msg({ role: 'assistant', content: [{ type: 'text', text: 'subagent answer' }] }, 't9');
    await w.close();
    expect(await sessionPreview(w.path)).toEqual({ turns: 2, lastAnswer: 'the main answer' });
  });
});

describe('session picker', () => {
  const row = (id: string, prompt: string, answer: string): PickerRow => ({ sessionId: id, path: '', modified: new Date(2026, 0, 2, 3, 4), firstPrompt: prompt, agent: 'general', sizeBytes: 1, messageCount: 2, turns: 3, lastAnswer: answer });
  const rows = [row('a1', 'fix the login bug', 'Fixed it.'), row('b2', 'write docs', 'Docs \x1b[31mred\x1b[0m written.')];
  it('filters on every word, across prompt and answer', () => {
    expect(filterRows(rows, 'LOGIN fixed').map((r) => r.sessionId)).toEqual(['a1']);
    expect(filterRows(rows, '').length).toBe(2);
    expect(filterRows(rows, 'nothing')).toEqual([]);
  });
  it('draws clipped lines with time, turns and the answer; control characters are shown escaped', () => {
    const lines = pickerLines(rows, '', 1, 40, 24);
    expect(lines.join('\n')).not.toContain('\x1b[31m');
    expect(lines[2]).toContain('2026-01-02 03:04');
    expect(lines[4]).toMatch(/^\x1b\[1m|^❯/);
    for (const line of lines.slice(2)) expect(line.replace(/\x1b\[[0-9;]*m/g, '').length).toBeLessThanOrEqual(39);
  });
});
