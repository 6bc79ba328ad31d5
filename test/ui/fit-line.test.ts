// One-row texts at narrow widths: whole words and whole parts, never a word cut in the middle.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fitParts, fitWords } from '../../src/ui/format/fit-line';
import { statusText } from '../../src/ui/components/StatusLine';
import { stripAnsi } from '../../src/ui/theme/ansi';

describe('fitWords', () => {
  it('keeps whole words and marks what was left out', () => {
    expect(fitWords('Rewrite every note in capitals', 100)).toBe('Rewrite every note in capitals');
    expect(fitWords('Rewrite every note in capitals', 20)).toBe('Rewrite every note…');
    expect(fitWords('Rewrite every note in capitals', 8)).toBe('Rewrite…');
    // One word wider than the row: the only case that is cut.
    expect(fitWords('Supercalifragilistic', 6)).toBe('Super…');
    for (const w of [1, 5, 13, 29]) expect(stringWidth(fitWords('Rewrite every note in capitals', w))).toBeLessThanOrEqual(w);
  });
});

describe('fitParts and the status line', () => {
  it('drops the lowest-ranked parts whole', () => {
    const parts = [
      { text: 'agent', rank: 9 },
      { text: 'model-name', rank: 5 },
      { text: 'a hint', rank: 1 },
    ];
    expect(fitParts(parts, 80, ' · ')).toBe('agent · model-name · a hint');
    expect(fitParts(parts, 20, ' · ')).toBe('agent · model-name');
    expect(fitParts(parts, 10, ' · ')).toBe('agent');
  });
  it('fits the status line at 80, 60 and 40 columns with whole parts', () => {
    const status = {
      agent: 'general-purpose',
      model: 'claude-sonnet-5-5',
      mode: 'acceptEdits' as const,
      cwd: '/p',
      inputTokens: 17_000,
      outputTokens: 1234,
      costUsd: 0.028,
      contextPct: 3,
      busy: true,
      busySince: 0,
    };
    const full = stripAnsi(statusText(status, 0, 12_000, 'ctrl+t todos'));
    const known = new Set(full.split(' · ').flatMap((p) => p.split(' ')));
    for (const width of [80, 60, 40]) {
      const line = stripAnsi(statusText(status, 0, 12_000, 'ctrl+t todos', width));
      expect(stringWidth(line)).toBeLessThanOrEqual(width);
      expect(line).not.toContain('…');
      for (const word of line.split(' · ').flatMap((p) => p.split(' '))) expect(known).toContain(word);
      expect(line).toContain('working 12s');
      expect(line).toContain('general-purpose');
    }
  });
});
