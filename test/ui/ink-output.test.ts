// The row-based frame builder must put on screen exactly what Ink's own Output does: both results are written into
// a headless terminal and compared cell by cell (character, colors, bold, italic, underline, inverse, dim, strike).
import xtermHeadless from '@xterm/headless';
import InkOutput from 'ink-output-original';
import { describe, expect, it } from 'vitest';
import Output from '../../src/ui/ink/output';

const { Terminal } = xtermHeadless;
const WIDTH = 40;

type Op =
  | { write: [number, number, string]; transformers?: Array<(line: string, index: number) => string> }
  | { clip: { x1?: number; x2?: number; y1?: number; y2?: number } }
  | { unclip: true };

function build(Ctor: typeof Output | typeof InkOutput, height: number, ops: Op[]) {
  const out = new Ctor({ width: WIDTH, height });
  for (const op of ops) {
    if ('write' in op) out.write(op.write[0], op.write[1], op.write[2], { transformers: op.transformers ?? [] });
    else if ('clip' in op) out.clip({ x1: op.clip.x1, x2: op.clip.x2, y1: op.clip.y1, y2: op.clip.y2 });
    else out.unclip();
  }
  return out.get();
}

async function cells(text: string, rows: number): Promise<string[]> {
  const term = new Terminal({ cols: WIDTH + 10, rows: rows + 2, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(text.replace(/\n/g, '\r\n'), resolve));
  const seen: string[] = [];
  const buffer = term.buffer.active;
  for (let y = 0; y < rows; y++) {
    const line = buffer.getLine(y)!;
    for (let x = 0; x < WIDTH + 10; x++) {
      const c = line.getCell(x)!;
      seen.push(
        [c.getChars() || ' ', c.getFgColorMode(), c.getFgColor(), c.getBgColorMode(), c.getBgColor(), c.isBold(), c.isItalic(), c.isUnderline(), c.isInverse(), c.isDim(), c.isStrikethrough()].join(','),
      );
    }
  }
  term.dispose();
  return seen;
}

async function expectSameScreen(height: number, ops: Op[]) {
  const ours = build(Output, height, ops);
  const ink = build(InkOutput, height, ops);
  expect(ours.height).toBe(ink.height);
  expect(ours.output.split('\n')).toHaveLength(ink.output.split('\n').length);
  expect(await cells(ours.output, height)).toEqual(await cells(ink.output, height));
}

const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;
const dimGray = (s: string) => `\x1b[2m\x1b[90m${s}\x1b[39m\x1b[22m`;

describe('row-based frame builder', () => {
  it('matches Ink for styled multi-line text at offsets', async () => {
    await expectSameScreen(6, [
      { write: [0, 0, `${bold('tandem')} ${dimGray('v1.0')}\n${red('✗ failed')} plain   \n\n  indented ${red('red')}`] },
      { write: [2, 4, 'second block\nwith two lines'] },
    ]);
  });

  it('matches Ink for lines side by side on one row, in any write order', async () => {
    await expectSameScreen(3, [
      { write: [20, 0, red('right')] },
      { write: [0, 0, 'left'] },
      { write: [8, 1, bold('mid')] },
      { write: [0, 1, '│'] },
      { write: [39, 1, '│'] },
    ]);
  });

  it('matches Ink for wide characters and emoji', async () => {
    await expectSameScreen(3, [
      { write: [0, 0, '漢字 and 🙂 ok'] },
      { write: [14, 0, red('→ after')] },
      { write: [1, 1, '⠋ spinner ✔ done'] },
    ]);
  });

  it('applies per-line transformers with the line index', async () => {
    const numbered = (line: string, index: number) => `${index}:${red(line)}`;
    await expectSameScreen(4, [{ write: [1, 0, 'a\nb\nc'], transformers: [numbered, (l) => bold(l)] }]);
  });

  it('falls back to Ink where lines overlap, and where anything is clipped', async () => {
    await expectSameScreen(3, [
      { write: [0, 0, 'aaaaaaaaaa'] },
      { write: [3, 0, red('BBB')] },
      { write: [0, 1, 'under'] },
    ]);
    await expectSameScreen(4, [
      { clip: { x1: 2, x2: 8, y1: 1, y2: 3 } },
      { write: [0, 0, 'clipped away\nkept part of this\nand this one\ngone'] },
      { unclip: true },
      { write: [0, 3, 'after the clip'] },
    ]);
  });

  it('skips lines whose row is off the output, as Ink does', async () => {
    await expectSameScreen(2, [
      { write: [0, 1, 'last row\nbelow the output'] },
      { write: [0, 5, 'far below'] },
    ]);
  });
});
