// The trust dialog: keys pick the answer once; names and commands from the repository cannot drive the terminal.
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { TrustDialog } from '../../src/ui/components/TrustDialog';
import type { TrustAnswer } from '../../src/trust/question';
import { TrustAsker } from '../../src/trust/question';
import { plain, wait } from '../ui/helpers';

function setup(content: string[] = ['1 project hook (SessionStart) from .claude/settings.json'], folder = '/work/repo') {
  const answers: TrustAnswer[] = [];
  const r = render(<TrustDialog question={{ folder, content }} width={100} onAnswer={(a) => answers.push(a)} />);
  return { r, answers };
}

describe('TrustDialog', () => {
  it('lists what the folder would run and answers with keys: 1/y trust, 2/n/Esc no, ctrl+c quit, Enter the selection', async () => {
    const cases: Array<[string, TrustAnswer]> = [['1', 'trust'], ['y', 'trust'], ['2', 'untrusted'], ['n', 'untrusted'], ['\x1b', 'untrusted'], ['\x03', 'quit'], ['\r', 'trust']];
    for (const [key, expected] of cases) {
      const { r, answers } = setup();
      await wait();
      expect(plain(r.lastFrame())).toContain('1 project hook (SessionStart)');
      r.stdin.write(key);
      await wait(key === '\x1b' ? 150 : 30);
      expect(answers, JSON.stringify(key)).toEqual([expected]);
      r.unmount();
    }
  });

  it('down then Enter is no; a second key after the answer changes nothing', async () => {
    const { r, answers } = setup();
    await wait();
    r.stdin.write('\x1b[B');
    await wait();
    r.stdin.write('\r');
    await wait();
    r.stdin.write('1');
    await wait();
    expect(answers).toEqual(['untrusted']);
  });

  it('control characters in the folder name or a hook command are shown escaped', async () => {
    const { r } = setup(['hook \x1b]0;pwned\x07 \u202eevil'], '/tmp/re\x1b[2Jpo');
    await wait();
    const frame = r.lastFrame() ?? '';
    expect(frame).not.toContain('\x1b[2J');
    expect(frame).not.toContain('\x1b]0;');
    expect(frame).not.toContain('\u202e');
    expect(plain(frame)).toContain('re\\x1b[2Jpo');
  });

  it('uses the one sanitiser: a line break cannot add a made-up line, invisible characters are named', async () => {
    const { r } = setup(['hook ./x\n  • nothing else, safe to trust', 'hook r\u2060m -rf', 'tag\u{e0041}'], '/tmp/repo');
    await wait();
    const frame = plain(r.lastFrame() ?? '');
    expect(frame).not.toMatch(/\n\s*• nothing else/);
    expect(frame).toContain('⏎');
    expect(frame).toContain('r⟨U+2060⟩m');
    expect(frame).not.toContain('\u{e0041}');
  });
});

describe('TrustAsker', () => {
  it('keeps a question asked before the UI listens, and resolves with its answer', async () => {
    const asker = new TrustAsker();
    const answer = asker.ask({ folder: '/x', content: [] });
    const seen: string[] = [];
    asker.listen((q) => seen.push(q.folder));
    expect(seen).toEqual(['/x']);
    asker.answer('untrusted');
    await expect(answer).resolves.toBe('untrusted');
  });
});
