import { describe, expect, it } from 'vitest';
import { reachableTail } from '../../src/ui/state/resume-window';
import type { NewItem } from '../../src/ui/state/types';

const turn = (n: number, answerLines = 3): NewItem[] => [
  { kind: 'user', depth: 0, text: `question ${n}` },
  { kind: 'tool', phase: 'full', depth: 0, name: 'Read', keyArg: 'a.ts', state: 'done', summary: 'ok', excerpt: '', hiddenLines: 0 },
  { kind: 'markdown', depth: 0, text: Array.from({ length: answerLines }, (_, i) => `answer ${n} line ${i}`).join('\n') },
];

describe('reachableTail', () => {
  it('keeps everything that fits, unchanged', () => {
    const items = [...turn(1), ...turn(2)];
    expect(reachableTail(items, { rows: 40, columns: 100 })).toEqual(items);
  });

  it('keeps whole last turns within the budget and says how many earlier turns it left out', () => {
    const items = Array.from({ length: 50 }, (_, i) => turn(i + 1)).flat();
    const kept = reachableTail(items, { rows: 24, columns: 80 }); // 96 lines, 8 per turn
    expect(kept[0]).toMatchObject({ kind: 'notice', text: expect.stringMatching(/^\d+ earlier turns are not reprinted/) });
    expect(kept[1]).toMatchObject({ kind: 'user' });
    const shown = kept.filter((i) => i.kind === 'user').length;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThan(15);
    expect(kept[0]).toMatchObject({ text: expect.stringContaining(`${50 - shown} earlier turns`) });
    expect(kept[kept.length - 1]).toEqual(items[items.length - 1]);
  });

  it('always shows the last turn, even one longer than the budget; wide lines count as wrapped', () => {
    const items = [...turn(1), ...turn(2, 500)];
    const kept = reachableTail(items, { rows: 24, columns: 80 });
    expect(kept.slice(1)).toEqual(turn(2, 500));
    const wide: NewItem[] = [...turn(1), { kind: 'user', depth: 0, text: 'x' }, { kind: 'markdown', depth: 0, text: 'y'.repeat(80 * 120) }];
    expect(reachableTail(wide, { rows: 24, columns: 80 })[0]).toMatchObject({ kind: 'notice', text: expect.stringContaining('1 earlier turn is') });
  });
});
