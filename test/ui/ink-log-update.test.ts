// The live-area writer's row arithmetic: how many rows a frame takes once wrapped, and cutting a frame to fit.
import { describe, expect, it } from 'vitest';
import { extraRows, fitFrame } from '../../src/ui/ink/log-update';

const red = (s: string) => `\x1b[31m${s}\x1b[39m`;

describe('live-area rows', () => {
  it('counts the extra rows of lines wider than the terminal, styles and wide characters included', () => {
    const frame = `${'a'.repeat(100)}\nshort\n${red('b'.repeat(81))}\n${'漢'.repeat(30)}\n`;
    // 100 -> 3 rows at 40, 81 -> 3 rows, 60 columns of wide characters -> 2 rows; the trailing newline adds none.
    expect(extraRows(frame, 40)).toBe(2 + 2 + 1);
    expect(extraRows(frame, 120)).toBe(0);
    expect(extraRows(frame, 100)).toBe(0);
  });

  it('cuts lines to the terminal width and keeps their styles closed', () => {
    const fitted = fitFrame(`${red('x'.repeat(50))}\nok\n`, 20);
    const lines = fitted.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]!.replace(/\x1b\[\d+m/g, '')).toBe('x'.repeat(20));
    expect(lines[0]!.endsWith('\x1b[39m')).toBe(true);
    expect(lines[1]).toBe('ok');
    expect(extraRows(fitted, 20)).toBe(0);
  });
});
