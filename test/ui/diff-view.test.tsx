import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { DiffView } from '../../src/ui/components/DiffView';
import { plain } from './helpers';

const oldText = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('DiffView', () => {
  it('shows the relative path, +/- counts and line numbers', () => {
    const newText = oldText.replace('line 10\n', 'line ten\nline 10b\n');
    const { lastFrame } = render(<DiffView path="/p/src/a.ts" oldText={oldText} newText={newText} cwd="/p" maxRows={30} width={80} />);
    const f = plain(lastFrame());
    expect(f).toContain('src/a.ts +2 -1');
    expect(f).toMatch(/10 - line 10\n/);
    expect(f).toMatch(/10 \+ line ten/);
    expect(f).toMatch(/11 \+ line 10b/);
    expect(f).toMatch(/ 7   line 7/);
    expect(f).not.toContain('expand');
  });

  it('shows a new file as its content', () => {
    const { lastFrame } = render(<DiffView path="/p/new.txt" oldText={null} newText={'a\nb\n'} cwd="/p" maxRows={30} width={80} />);
    const f = plain(lastFrame());
    expect(f).toContain('new.txt (new file) +2 -0');
    expect(f).toMatch(/1 \+ a\n2 \+ b/);
  });

  it('clamps to the rows given with "+N lines (ctrl+o to expand)"', () => {
    const newText = oldText.replace(/line/g, 'LINE');
    const { lastFrame } = render(<DiffView path="/p/a.txt" oldText={oldText} newText={newText} cwd="/p" maxRows={10} width={80} />);
    const f = plain(lastFrame());
    expect(f.split('\n').length).toBe(10);
    expect(f).toContain('a.txt +30 -30');
    expect(f).toContain('+52 lines (ctrl+o to expand)');
  });
});
