import { describe, expect, it } from 'vitest';
import { completeChunkLength, stripTerminalEscapes, TerminalText, terminalToText } from '../../../src/tools/terminal-text';

describe('terminalToText', () => {
  it('removes colours and keeps the text', () => {
    expect(terminalToText('\x1b[31mred\x1b[0m and \x1b[1;32mbold green\x1b[m\r\n')).toBe('red and bold green');
  });

  it('lets a carriage return overwrite the line, as a progress bar does', () => {
    expect(terminalToText('progress 10%\rprogress 50%\rprogress 100%\r\ndone\r\n')).toBe('progress 100%\ndone');
  });

  it('keeps the tail of a longer line overwritten by a shorter one, as a terminal would', () => {
    expect(terminalToText('abcdef\rXY\r\n')).toBe('XYcdef');
  });

  it('erases to the end of the line with CSI K', () => {
    expect(terminalToText('downloading....\r\x1b[Kdone\r\n')).toBe('done');
  });

  it('steps back with backspace', () => {
    expect(terminalToText('abc\b\bXY\n')).toBe('aXY');
  });

  it('rewrites earlier lines after cursor-up (multi-line spinners)', () => {
    const raw = 'task a: 0%\r\ntask b: 0%\r\n\x1b[2A\rtask a: 100%\r\n\x1b[2Ktask b: 100%\r\n';
    expect(terminalToText(raw)).toBe('task a: 100%\ntask b: 100%');
  });

  it('drops OSC titles and hyperlinks, and private modes', () => {
    expect(terminalToText('\x1b]0;my title\x07\x1b[?25lhi \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\x1b[?25h\n')).toBe('hi link');
  });

  it('expands tabs to the next multiple of 8', () => {
    expect(terminalToText('a\tb\n')).toBe('a       b');
  });

  it('handles escape sequences split across writes', () => {
    const t = new TerminalText();
    t.write('before \x1b[3');
    t.write('1mred\x1b');
    t.write('[0m after\r\n');
    expect(t.text()).toBe('before red after');
  });

  it('drops the oldest lines beyond the character budget and counts them', () => {
    const t = new TerminalText({ maxChars: 1000, viewportRows: 5 });
    for (let i = 0; i < 1000; i++) t.write(`line ${i}\r\n`);
    expect(t.droppedLines).toBeGreaterThan(800);
    const text = t.text();
    expect(text.length).toBeLessThan(1400);
    expect(text.endsWith('line 999')).toBe(true);
    expect(t.cursorLine).toBe(1000);
  });

  it('cleans a large stream quickly', () => {
    const chunk = '\x1b[32mok\x1b[0m some output text here\r\n'.repeat(100_000);
    const start = performance.now();
    const text = terminalToText(chunk);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(text.split('\n')).toHaveLength(100_000);
  });
});

describe('stripTerminalEscapes', () => {
  it('removes escapes, normalises CRLF and keeps a lone CR for live views', () => {
    expect(stripTerminalEscapes('\x1b[1mA\x1b[0m\r\n50%\r60%')).toBe('A\n50%\r60%');
  });
});

describe('completeChunkLength (live chunks)', () => {
  const cases: Array<[string, string]> = [
    ['plain text', 'plain text'],
    ['line\r', 'line'],
    ['line\r\r', 'line'],
    ['line\r\n', 'line\r\n'],
    ['a \x1b', 'a '],
    ['a \x1b[', 'a '],
    ['a \x1b[38;5', 'a '],
    ['a \x1b[38;5;1m', 'a \x1b[38;5;1m'],
    ['a \x1b]0;title', 'a '],
    ['a \x1b]0;title\x1b', 'a '], // the ESC of its ESC \ terminator
    ['a \x1b]0;title\x1b\\b', 'a \x1b]0;title\x1b\\b'],
    ['a \x1b]0;t\x07b \x1b[1', 'a \x1b]0;t\x07b '],
    ['a \x1b(', 'a '],
    ['a \x1b(B', 'a \x1b(B'],
    ['\x1b[2', ''],
  ];
  for (const [raw, sent] of cases) {
    it(`sends ${JSON.stringify(sent)} of ${JSON.stringify(raw)} now`, () => {
      expect(raw.slice(0, completeChunkLength(raw))).toBe(sent);
    });
  }

  it('lets a runaway unterminated sequence through rather than hold it forever', () => {
    const raw = `x\x1b]0;${'t'.repeat(10_000)}`;
    expect(completeChunkLength(raw)).toBe(raw.length);
  });
});
