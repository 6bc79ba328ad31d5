import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendHistory, HISTORY_FILE_CAP, loadHistory, shouldRecord } from '../../src/ui/input/history';
import { searchOlder, setQuery, startSearch } from '../../src/ui/input/history-search';
import { makeTestTempDir } from '../support/temp-dirs';

const tmp = () => makeTestTempDir('tandem-history-');

describe('the history file', () => {
  it('keeps entries per project; old entries without a project are offered everywhere', async () => {
    const file = path.join(tmp(), 'h.jsonl');
    writeFileSync(file, JSON.stringify({ text: 'legacy' }) + '\n{torn line\n');
    await appendHistory(file, 'in a', '/a');
    await appendHistory(file, 'in b', '/b');
    expect(await loadHistory(file, '/a')).toEqual(['legacy', 'in a']);
    expect(await loadHistory(file, '/b')).toEqual(['legacy', 'in b']);
  });

  it('never writes a line typed with a leading space or a blank one', async () => {
    const file = path.join(tmp(), 'h.jsonl');
    await appendHistory(file, ' secret', '/a');
    await appendHistory(file, '\tsecret too', '/a');
    await appendHistory(file, '   ', '/a');
    expect(await loadHistory(file, '/a')).toEqual([]);
    expect(shouldRecord('ok')).toBe(true);
  });

  it('is cut back to its cap through a temporary file, leaving no temporary file behind', async () => {
    const dir = tmp();
    const file = path.join(dir, 'h.jsonl');
    const lines = Array.from({ length: HISTORY_FILE_CAP * 2 }, (_, i) => JSON.stringify({ text: `line ${i}`, project: '/a' }));
    writeFileSync(file, lines.join('\n') + '\n');
    await appendHistory(file, 'newest', '/a');
    const kept = readFileSync(file, 'utf8').trim().split('\n');
    expect(kept.length).toBe(HISTORY_FILE_CAP);
    expect(JSON.parse(kept[kept.length - 1]!).text).toBe('newest');
    expect(readdirSync(dir)).toEqual(['h.jsonl']);
  });
});

describe('reverse search', () => {
  const history = ['git status', 'npm test', 'git log', 'npm test', 'git push'];
  it('finds the newest match, then older ones, skipping repeats, and says when there are no more', () => {
    let s = setQuery(startSearch({ text: '', cursor: 0 }), history, 'npm');
    expect(s.match).toBe(3);
    s = searchOlder(s, history);
    expect(s.failing).toBe(true); // index 1 is the same text as the one shown
    expect(s.match).toBe(3);
    s = setQuery(startSearch({ text: '', cursor: 0 }), history, 'GIT');
    expect(history[s.match!]).toBe('git push');
    s = searchOlder(s, history);
    expect(history[s.match!]).toBe('git log');
    // Narrowing keeps the current match while it fits.
    s = setQuery(s, history, 'git l');
    expect(history[s.match!]).toBe('git log');
  });
});
