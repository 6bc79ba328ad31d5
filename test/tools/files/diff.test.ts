import { expect, it } from 'vitest';
import { structuredPatch } from 'diff';
import { summariseDiff } from '../../../src/tools/edit-apply';
it('summariseDiff (diffing only the changed middle) agrees with a full diff on 3000 random edits', () => {
  let seed = 1; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let n = 0; n < 3000; n++) {
    const len = Math.floor(rnd() * 30);
    const a = Array.from({ length: len }, () => 'abc'[Math.floor(rnd() * 3)]!);
    const b = [...a];
    const ops = Math.floor(rnd() * 4);
    for (let k = 0; k < ops; k++) { const i = Math.floor(rnd() * (b.length + 1)); if (rnd() < 0.5) b.splice(i, 1); else b.splice(i, 0, 'xyz'[Math.floor(rnd() * 3)]!); }
    const ta = a.join('\n') + (rnd() < 0.5 ? '\n' : ''); const tb = b.join('\n') + (rnd() < 0.5 ? '\n' : '');
    const full = structuredPatch('f', 'f', ta, tb, undefined, undefined, { context: 3 });
    const mine = summariseDiff(ta, tb, 'f');
    const count = (c: string) => full.hunks.flatMap((h) => h.lines).filter((l) => l.startsWith(c)).length;
    expect([mine.added, mine.removed], JSON.stringify([ta, tb])).toEqual([count('+'), count('-')]);
    // Applying the hunks' line numbers: every hunk's lines must match the old text at oldStart.
    const oldLines = ta.split('\n');
    for (const h of mine.hunks) {
      const ctxOld = h.lines.filter((l) => l[0] === ' ' || l[0] === '-').map((l) => l.slice(1));
      const start = h.oldLines === 0 ? h.oldStart : h.oldStart - 1;
      expect(oldLines.slice(start, start + ctxOld.length), JSON.stringify([ta, tb, h])).toEqual(ctxOld);
    }
  }
});
