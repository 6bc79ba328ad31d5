// The transcript view's parts without a terminal: the record kept from engine events, the document (sanitised,
// one terminal row per row), and the keys.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, Speaker } from '../../src/engine/events';
import { NO_KEY } from '../../src/ui/input/key-burst';
import { SessionRecord } from '../../src/ui/pager/session-record';
import { buildDocument } from '../../src/ui/pager/transcript-document';
import { drawPager, highlightRow, initialPager, pagerKey } from '../../src/ui/pager/pager-view';
import { stripAnsi } from '../../src/ui/theme/ansi';

const main: Speaker = { agent: 'main', model: 'm', parentToolUseId: null, depth: 0 };
const sub: Speaker = { agent: 'helper', model: 'm', parentToolUseId: 'task1', depth: 1 };
const EVIL = 'a\x1b[2Jb\x1b]52;c;aGk=\x07c\u202eevil\rX\x9bd';

function sessionEvents(): EngineEvent[] {
  const message = { id: 'm1', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: {} } as never;
  return [
    { type: 'user_prompt', text: `please ${EVIL}` },
    { type: 'thinking_delta', speaker: main, text: 'ignored delta' },
    { type: 'assistant_block', speaker: main, messageId: 'm1', block: { type: 'thinking', thinking: `think ${EVIL}`, signature: 's' }, message },
    { type: 'text_delta', speaker: main, text: 'ignored too' },
    { type: 'assistant_block', speaker: main, messageId: 'm1', block: { type: 'text', text: `answer ${EVIL}` }, message },
    { type: 'tool_call', speaker: main, callId: 'c1', name: 'Edit', input: { file_path: '/p/x.txt', old_string: EVIL, new_string: 'new' } },
    {
      type: 'tool_call',
      speaker: main,
      callId: 'c1',
      name: 'Edit',
      input: { file_path: '/p/x.txt', old_string: EVIL, new_string: 'new' },
      preview: { kind: 'diff', path: '/p/x.txt', oldText: `keep\n${EVIL}\n`, newText: 'keep\nnew\n', outsideProject: false },
    },
    { type: 'tool_state', speaker: main, callId: 'c1', state: 'running' },
    { type: 'tool_result', speaker: main, callId: 'c1', name: 'Edit', result: { type: 'tool_result', tool_use_id: 'c1', content: `out ${EVIL}` }, summary: 'Edited' },
    { type: 'assistant_block', speaker: sub, messageId: 'm2', block: { type: 'thinking', thinking: 'sub thinks', signature: 's' }, message },
  ];
}

describe('session record', () => {
  it('keeps prompts, thinking, answers and tool calls in full, and no stream deltas', () => {
    const r = new SessionRecord();
    for (const e of sessionEvents()) r.onEvent(e);
    const kinds = r.entries().map((e) => e.kind);
    expect(kinds).toEqual(['user', 'thinking', 'answer', 'tool', 'thinking']);
    const tool = r.entries()[3]!;
    expect(tool.kind === 'tool' && tool.state).toBe('done');
    expect(tool.kind === 'tool' && tool.preview?.kind).toBe('diff');
    expect(tool.kind === 'tool' && tool.output).toBe(`out ${EVIL}`);
    expect(JSON.stringify(r.entries())).not.toContain('ignored');
  });
});

describe('transcript document', () => {
  it('sanitises every piece of outside text and keeps each row within the width', () => {
    const r = new SessionRecord();
    for (const e of sessionEvents()) r.onEvent(e);
    for (const width of [80, 40]) {
      const rows = buildDocument(r.entries(), width, '/p');
      const text = rows.join('\n');
      // Only our own colour sequences remain: no other escape, no bidi override, no raw CR or C1 character.
      expect(text.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
      for (const row of rows) expect(stringWidth(row)).toBeLessThanOrEqual(width);
      const plain = stripAnsi(text);
      if (width < 80) continue; // the parts below wrap at 40 columns
      for (const part of ['please a\\x1b[2Jb', 'think a\\x1b', 'answer a\\x1b', 'out a\\x1b', '⟨U+202E⟩evil', 'sub thinks', '+ new']) expect(plain).toContain(part);
    }
  });
});

describe('pager keys', () => {
  const rows = Array.from({ length: 100 }, (_, i) => `row ${i}${i % 10 === 3 ? ' needle' : ''}`);
  const key = (s: ReturnType<typeof initialPager>, input: string, k = NO_KEY) => pagerKey(s, input, k, rows, 20);
  it('scrolls by line, page, to either end, and closes with q or Esc', () => {
    let s = initialPager(rows.length, 20);
    expect(s.top).toBe(80);
    s = key(s, 'g').state;
    expect(s.top).toBe(0);
    s = key(s, ' ').state;
    expect(s.top).toBe(19);
    s = key(s, '', { ...NO_KEY, pageUp: true }).state;
    expect(s.top).toBe(0);
    s = key(s, '', { ...NO_KEY, upArrow: true }).state;
    expect(s.top).toBe(0);
    s = key(s, '', { ...NO_KEY, downArrow: true }).state;
    expect(s.top).toBe(1);
    s = key(s, 'G').state;
    expect(s.top).toBe(80);
    expect(key(s, 'q').close).toBe(true);
    expect(key(s, '', { ...NO_KEY, escape: true }).close).toBe(true);
  });
  it('searches typed in one read, moves with n/N, wraps around, and says when nothing matches', () => {
    let s = key(initialPager(rows.length, 20), 'g').state;
    s = key(s, '/NEEDLE\r').state;
    expect(s.matches).toEqual([3, 13, 23, 33, 43, 53, 63, 73, 83, 93]);
    expect(s.current).toBe(0);
    s = key(s, 'N').state;
    expect(s.current).toBe(9);
    expect(s.note).toContain('wrapped');
    expect(s.top).toBeLessThanOrEqual(93);
    expect(s.top + 20).toBeGreaterThan(93);
    s = key(s, 'n').state;
    expect(s.current).toBe(0);
    // Esc while typing cancels the search line, not the view.
    const typing = key(s, '/abc').state;
    const step = key(typing, '', { ...NO_KEY, escape: true });
    expect(step.close).toBe(false);
    expect(step.state.typing).toBeNull();
    s = key(s, '/zzz\r').state;
    expect(s.note).toBe('Not found: zzz');
    const frame = drawPager(s, rows, 21, 80);
    expect(frame).toContain('Not found: zzz');
  });
  it('highlights every match without losing the row text', () => {
    const row = '\x1b[32mgreen Needle\x1b[39m and needle';
    const out = highlightRow(row, 'needle', false);
    expect(stripAnsi(out)).toBe(stripAnsi(row));
    expect(out.split('\x1b[7m').length - 1).toBe(2);
  });
});
