import { describe, expect, it } from 'vitest';
import { fuzzyMatch, rankByName } from '../../src/ui/commands/fuzzy';

describe('the fuzzy matcher', () => {
  it('finds letters in order and refuses them out of order', () => {
    expect(fuzzyMatch('compact', 'cmt')?.kind).toBe('subsequence');
    expect(fuzzyMatch('compact', 'tmc')).toBeNull();
    expect(fuzzyMatch('compact', 'COM')?.kind).toBe('prefix');
  });
  it('counts word starts in kebab, snake and camel names', () => {
    expect(fuzzyMatch('review-pr', 'rp')?.kind).toBe('word-start');
    expect(fuzzyMatch('mcp__github__issues', 'mgi')?.kind).toBe('word-start');
    expect(fuzzyMatch('reviewPr', 'rp')?.kind).toBe('word-start');
  });
  it('ranks prefix, then word start, then subsequence, then the given order', () => {
    const names = ['doctor', 'review-pr', 'rewind', 'permissions'];
    expect(rankByName(names, 'r', (n) => n)).toEqual(['review-pr', 'rewind', 'doctor', 'permissions']);
    expect(rankByName(names, 'rp', (n) => n)[0]).toBe('review-pr');
    expect(rankByName(names, 'zz', (n) => n)).toEqual([]);
  });
});
