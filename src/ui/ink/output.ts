// Ink's frame builder, rebuilt around rows. Ink's own Output turns every frame into a width x height grid of cell
// objects, writes each line into it character by character, then turns every row back into a string: a 120 x 30
// live area costs thousands of objects per frame, and while an answer streams that was the largest cost left in a
// profile (0.38 s of 1.0 s of rendering for 4,000 deltas). Here a row is the lines written on it, joined with the
// spaces between them: the same text on screen for the cases our screen produces (lines side by side). Where
// lines overlap on a row, or anything is clipped, Ink's own Output builds it, so its behaviour is the fallback.
// scripts/build.mjs routes Ink's import of its output module here.
import InkOutput from 'ink-output-original';
import stringWidth from 'string-width';

type Transformer = (line: string, index: number) => string;
type Clip = { x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined };
type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };

/** One written line on a row, after Ink's per-line transforms (colors, styles). */
interface Piece {
  x: number;
  line: string;
}

export default class Output {
  width: number;
  height: number;
  private readonly operations: Operation[] = [];

  constructor(options: { width: number; height: number }) {
    this.width = options.width;
    this.height = options.height;
  }

  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void {
    if (!text) return;
    this.operations.push({ type: 'write', x, y, text, transformers: options.transformers });
  }

  clip(clip: Clip): void {
    this.operations.push({ type: 'clip', clip });
  }

  unclip(): void {
    this.operations.push({ type: 'unclip' });
  }

  get(): { output: string; height: number } {
    if (this.operations.some((op) => op.type === 'clip')) return this.viaInk(this.operations, this.height);
    const rows: Piece[][] = Array.from({ length: this.height }, () => []);
    for (const op of this.operations) {
      if (op.type !== 'write') continue;
      const lines = op.text.split('\n');
      // As in Ink: a line whose row is off the output is skipped, and the next line takes its row.
      let offsetY = 0;
      for (let index = 0; index < lines.length; index++) {
        const row = rows[op.y + offsetY];
        if (!row) continue;
        let line = lines[index]!;
        for (const transform of op.transformers) line = transform(line, index);
        row.push({ x: op.x, line });
        offsetY++;
      }
    }
    return { output: rows.map((pieces) => this.rowText(pieces)).join('\n'), height: this.height };
  }

  private rowText(pieces: Piece[]): string {
    if (pieces.length === 0) return '';
    if (pieces.length === 1 && pieces[0]!.x >= 0) return (' '.repeat(pieces[0]!.x) + pieces[0]!.line).trimEnd();
    const sorted = [...pieces].sort((a, b) => a.x - b.x);
    let text = '';
    let column = 0;
    for (const piece of sorted) {
      // Overlapping (a later line drawn over an earlier one) or left of the screen: Ink's cells decide.
      if (piece.x < column) return this.rowViaInk(pieces);
      text += ' '.repeat(piece.x - column) + piece.line;
      column = piece.x + stringWidth(piece.line);
    }
    return text.trimEnd();
  }

  /** One row through Ink's grid: its pieces in their original order, already transformed. */
  private rowViaInk(pieces: Piece[]): string {
    const ops: Operation[] = pieces.map((p) => ({ type: 'write', x: p.x, y: 0, text: p.line, transformers: [] }));
    return this.viaInk(ops, 1).output;
  }

  private viaInk(operations: Operation[], height: number): { output: string; height: number } {
    const ink = new InkOutput({ width: this.width, height });
    for (const op of operations) {
      if (op.type === 'write') ink.write(op.x, op.y, op.text, { transformers: op.transformers });
      else if (op.type === 'clip') ink.clip(op.clip);
      else ink.unclip();
    }
    return ink.get();
  }
}
