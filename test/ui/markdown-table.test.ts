// Markdown tables at the terminal's width: cells wrap inside their column (nothing cut, no ellipsis), and a table
// too wide for a column per field becomes a list of `header: value` records.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/ui/markdown/render';
import { stripAnsi } from '../../src/ui/theme/ansi';

const md = `| Name | Description | Status |
|------|-------------|:------:|
| alpha | The first module handles parsing of configuration files and environment variables for every process | ok |
| beta | Short | failing badly |
`;
const words = (s: string) => s.replace(/[│┌┐└┘├┤┬┴┼─]/g, ' ').split(/\s+/).filter(Boolean);

describe('markdown tables', () => {
  it('fits the width: every line at most `width` columns, every word of every cell kept whole', () => {
    for (const width of [120, 80, 60, 40]) {
      const out = stripAnsi(renderMarkdown(md, width));
      for (const line of out.split('\n')) expect(stringWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
      expect(out).not.toContain('…');
      const got = words(out);
      for (const w of words('Name Description Status alpha The first module handles parsing of configuration files and environment variables for every process ok beta Short failing badly'))
        expect(got, `${width}: ${w}\n${out}`).toContain(w);
    }
  });

  it('keeps the grid when it fits: a wrapped cell continues in its own column', () => {
    const out = stripAnsi(renderMarkdown(md, 60)).split('\n');
    const first = out.findIndex((l) => l.includes('alpha'));
    // The description wraps onto the next lines, in the same column, under borders that stay aligned.
    expect(out[first + 1]).toMatch(/^│ +│ \S.*│ +│$/);
    const bar = (l: string) => [...l].map((c, i) => (c === '│' ? i : -1)).filter((i) => i >= 0);
    expect(bar(out[first + 1]!)).toEqual(bar(out[first]!));
  });

  it('falls back to a list of records when the terminal is too narrow for the columns', () => {
    const wide =
      '|' + Array.from({ length: 10 }, (_, i) => ` H${i} `).join('|') + '|\n|' + Array(10).fill('---').join('|') + '|\n' +
      '|' + Array.from({ length: 10 }, (_, i) => ` value number ${i} `).join('|') + '|\n' +
      '|' + Array.from({ length: 10 }, (_, i) => ` second ${i} `).join('|') + '|\n';
    const out = stripAnsi(renderMarkdown(wide, 60));
    expect(out).not.toContain('┌');
    expect(out).toContain('H0: value number 0');
    expect(out).toContain('H9: value number 9');
    expect(out).toContain('H3: second 3');
    for (const line of out.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(60);
    // Wide enough, the same table is a grid.
    expect(stripAnsi(renderMarkdown(wide, 200))).toContain('┌');
  });
});
