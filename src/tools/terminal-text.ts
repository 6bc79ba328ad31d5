// Turns what a program wrote to a terminal into the plain text a person would have read on it: colours and other
// escape sequences vanish, a carriage return lets the next write overwrite the line (progress bars), backspace
// steps back, and cursor-up/erase sequences used by multi-line spinners rewrite the lines they point at.
// A small line model is enough (and fast); a full emulator (@xterm/headless) would also wrap long lines, which
// the model is better off without.

const ESC = '\x1b';

/** How many trailing lines cursor movement may reach back into: the pty's height. */
const DEFAULT_VIEWPORT_ROWS = 40;

export interface TerminalTextOptions {
  /** Lines above the last `viewportRows` can no longer be changed and may be dropped to respect maxChars. */
  viewportRows?: number;
  /** Keep at most about this many characters of finished lines; the oldest are dropped first. */
  maxChars?: number;
  /** A single line longer than this is cut (a runaway stream without newlines must not exhaust memory). */
  maxLineChars?: number;
}

/**
 * A terminal-like text buffer fed incrementally. Escape sequences split across writes are held back until
 * complete. Lines are numbered from the start of the stream; `droppedLines` of them may have been discarded.
 */
export class TerminalText {
  private lines: string[] = [''];
  /** Absolute number of the first line still held. */
  private firstLine = 0;
  /** Cursor, as an index into `lines` and a column (UTF-16 units). */
  private row = 0;
  private col = 0;
  private savedRow = 0;
  private savedCol = 0;
  /** Incomplete escape sequence carried to the next write. */
  private pending = '';
  /** Characters held in lines that can no longer change (above the viewport). */
  private frozenChars = 0;
  private frozenUpTo = 0;
  private readonly viewportRows: number;
  private readonly maxChars: number;
  private readonly maxLineChars: number;

  constructor(options: TerminalTextOptions = {}) {
    this.viewportRows = options.viewportRows ?? DEFAULT_VIEWPORT_ROWS;
    this.maxChars = options.maxChars ?? Number.POSITIVE_INFINITY;
    this.maxLineChars = options.maxLineChars ?? 1_000_000;
  }

  /** Number of lines discarded from the front to stay under maxChars. */
  get droppedLines(): number {
    return this.firstLine;
  }

  /** Absolute number of the line the cursor is on; every line before it is finished. */
  get cursorLine(): number {
    return this.firstLine + this.row;
  }

  write(data: string): void {
    const s = this.pending + data;
    this.pending = '';
    let i = 0;
    const n = s.length;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c !== 0x7f) {
        // A run of printable characters goes in with one splice.
        let j = i + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d < 0x20 || d === 0x7f) break;
          j++;
        }
        this.put(s.slice(i, j));
        i = j;
        continue;
      }
      switch (c) {
        case 0x0a: // \n: the pty already sends \r\n; a bare \n moves down and, like most output, to column 0
          this.newline();
          i++;
          break;
        case 0x0d:
          this.col = 0;
          i++;
          break;
        case 0x08:
          if (this.col > 0) this.col--;
          i++;
          break;
        case 0x09: {
          const next = (Math.floor(this.col / 8) + 1) * 8;
          const line = this.lines[this.row] ?? '';
          // A tab over existing text only moves; past the end it pads so columns line up.
          if (next > line.length) this.put(' '.repeat(next - this.col));
          else this.col = next;
          i++;
          break;
        }
        case 0x1b: {
          const end = this.escape(s, i);
          if (end < 0) {
            this.pending = s.slice(i);
            i = n;
          } else i = end;
          break;
        }
        default:
          i++; // bell and other control characters print nothing
      }
    }
  }

  /** The whole text held, trailing blanks trimmed from each line and from the end. */
  text(): string {
    return this.lines.map(trimLine).join('\n').trimEnd();
  }

  /** Lines from absolute line number `from` up to (not including) `to`, right-trimmed. */
  linesBetween(from: number, to: number): string[] {
    const a = Math.max(from, this.firstLine) - this.firstLine;
    const b = Math.min(to, this.firstLine + this.lines.length) - this.firstLine;
    return a < b ? this.lines.slice(a, b).map(trimLine) : [];
  }

  /** Absolute number one past the last line held. */
  get endLine(): number {
    return this.firstLine + this.lines.length;
  }

  private put(text: string): void {
    let line = this.lines[this.row] ?? '';
    if (this.col >= this.maxLineChars) return;
    if (this.col + text.length > this.maxLineChars) text = text.slice(0, this.maxLineChars - this.col);
    if (line.length < this.col) line += ' '.repeat(this.col - line.length);
    this.lines[this.row] = line.slice(0, this.col) + text + line.slice(this.col + text.length);
    this.col += text.length;
  }

  private newline(): void {
    this.row++;
    this.col = 0;
    if (this.row >= this.lines.length) this.lines.push('');
    this.freeze();
  }

  /**
   * Counts lines that left the viewport and drops the oldest when over the character budget. Dropping waits
   * until the budget is overshot by a quarter, so the O(lines) splice happens rarely and a long stream stays linear.
   */
  private freeze(): void {
    const limit = this.lines.length - this.viewportRows;
    while (this.frozenUpTo < limit) this.frozenChars += (this.lines[this.frozenUpTo++] ?? '').length + 1;
    if (this.frozenChars <= this.maxChars * 1.25) return;
    let drop = 0;
    while (drop < this.frozenUpTo && this.frozenChars > this.maxChars) {
      this.frozenChars -= (this.lines[drop] ?? '').length + 1;
      drop++;
    }
    this.lines.splice(0, drop);
    this.firstLine += drop;
    this.frozenUpTo -= drop;
    this.row -= drop;
    this.savedRow = Math.max(0, this.savedRow - drop);
  }

  /** Lowest row cursor movement may reach. */
  private get topRow(): number {
    return Math.max(0, this.lines.length - this.viewportRows, this.frozenUpTo);
  }

  private moveToRow(target: number): void {
    this.row = Math.max(this.topRow, target);
    while (this.row >= this.lines.length) this.lines.push('');
  }

  /** Handles the escape sequence at s[i]; returns the index after it, or -1 if it is not complete yet. */
  private escape(s: string, i: number): number {
    const n = s.length;
    if (i + 1 >= n) return -1;
    const kind = s[i + 1];
    if (kind === '[') {
      let j = i + 2;
      while (j < n) {
        const c = s.charCodeAt(j);
        if (c >= 0x40 && c <= 0x7e) break; // final byte
        j++;
      }
      if (j >= n) return s.length - i > 256 ? n : -1; // give up on absurdly long sequences
      this.csi(s.slice(i + 2, j), s[j] as string);
      return j + 1;
    }
    if (kind === ']' || kind === 'P' || kind === '_' || kind === '^') {
      // OSC (titles, hyperlinks) and other strings end with BEL or ESC \.
      for (let j = i + 2; j < n; j++) {
        if (s.charCodeAt(j) === 0x07) return j + 1;
        if (s[j] === ESC && j + 1 < n && s[j + 1] === '\\') return j + 2;
        if (s[j] === ESC && j + 1 >= n) return -1;
      }
      return n - i > 65_536 ? n : -1;
    }
    if (kind === '(' || kind === ')' || kind === '*' || kind === '+' || kind === '#') {
      return i + 3 <= n ? i + 3 : -1; // charset selection: one more byte
    }
    if (kind === '7') {
      this.savedRow = this.row;
      this.savedCol = this.col;
    } else if (kind === '8') {
      this.moveToRow(this.savedRow);
      this.col = this.savedCol;
    } else if (kind === 'M') {
      this.moveToRow(this.row - 1);
    } else if (kind === 'E') {
      this.newline();
    }
    return i + 2;
  }

  private csi(params: string, final: string): void {
    // Private sequences (`?25l` hides the cursor, `>` queries) do not change the text.
    if (params.startsWith('?') || params.startsWith('>') || params.startsWith('=')) return;
    const nums = params.split(';').map((p) => (p === '' ? NaN : Number.parseInt(p, 10)));
    const n1 = Number.isFinite(nums[0]) ? (nums[0] as number) : 0;
    const count = Math.max(1, n1);
    switch (final) {
      case 'A': // up
        this.moveToRow(this.row - count);
        break;
      case 'B': // down
      case 'e':
        this.moveToRow(this.row + count);
        break;
      case 'C': // forward
      case 'a':
        this.col += count;
        break;
      case 'D': // back
        this.col = Math.max(0, this.col - count);
        break;
      case 'E': // next line
        this.moveToRow(this.row + count);
        this.col = 0;
        break;
      case 'F': // previous line
        this.moveToRow(this.row - count);
        this.col = 0;
        break;
      case 'G': // column
      case '`':
        this.col = count - 1;
        break;
      case 'H': // position, row counted from the top of the viewport
      case 'f': {
        const r = Number.isFinite(nums[0]) ? Math.max(1, nums[0] as number) : 1;
        const c = Number.isFinite(nums[1]) ? Math.max(1, nums[1] as number) : 1;
        const top = Math.max(this.topRow, this.lines.length - this.viewportRows);
        this.moveToRow(top + r - 1);
        this.col = c - 1;
        break;
      }
      case 'K': {
        // erase in line: 0 to the end, 1 to the cursor, 2 all
        const line = this.lines[this.row] ?? '';
        if (n1 === 0) this.lines[this.row] = line.slice(0, this.col);
        else if (n1 === 1) this.lines[this.row] = ' '.repeat(Math.min(this.col + 1, line.length)) + line.slice(this.col + 1);
        else this.lines[this.row] = '';
        break;
      }
      case 'J': {
        // Erase below the cursor (0) matters for redraws. A full clear (2, 3) is ignored: the text before it is
        // history the model should still see.
        if (n1 === 0) {
          this.lines[this.row] = (this.lines[this.row] ?? '').slice(0, this.col);
          this.lines.length = this.row + 1;
        }
        break;
      }
      case 'P': {
        // delete characters
        const line = this.lines[this.row] ?? '';
        this.lines[this.row] = line.slice(0, this.col) + line.slice(this.col + count);
        break;
      }
      case 'X': {
        // erase characters
        const line = this.lines[this.row] ?? '';
        if (this.col < line.length) {
          const end = Math.min(line.length, this.col + count);
          this.lines[this.row] = line.slice(0, this.col) + ' '.repeat(end - this.col) + line.slice(end);
        }
        break;
      }
      case 's':
        this.savedRow = this.row;
        this.savedCol = this.col;
        break;
      case 'u':
        this.moveToRow(this.savedRow);
        this.col = this.savedCol;
        break;
      default:
        // SGR (m) and everything else: no effect on the text.
        break;
    }
  }
}

/** A line without trailing blanks; most lines have none, and are returned as they are. */
function trimLine(line: string): string {
  const last = line.charCodeAt(line.length - 1);
  return last === 0x20 || last === 0x09 || last > 0x7f ? line.trimEnd() : line;
}

/** Plain text of a complete terminal stream. */
export function terminalToText(raw: string): string {
  const t = new TerminalText();
  t.write(raw);
  return t.text();
}

// CSI, OSC and two-byte escapes, for the light cleaning of live chunks.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()*+#].|[@-Z\\-_7-8=>])/g;

/**
 * Escape sequences removed and \r\n made \n, a lone \r kept so a live view can overwrite the line. For streaming
 * chunks to the UI, where a sequence split across chunks may leave a fragment; the final text uses TerminalText.
 */
export function stripTerminalEscapes(chunk: string): string {
  // The checks skip a regex pass over plain output (most of a fast writer's megabytes).
  const plain = chunk.includes(ESC) ? chunk.replace(ESCAPES, '') : chunk;
  return plain.includes('\r') ? plain.replace(/\r+\n/g, '\n') : plain;
}

/** How far back an unfinished escape sequence is looked for; a longer one is let through as it is. */
const HELD_ESCAPE_WINDOW = 4096;
// An escape sequence cut off by the end of the text, in the forms ESCAPES removes: CSI without its final byte,
// OSC without its terminator, a charset selection without its byte, or a lone ESC.
// eslint-disable-next-line no-control-regex
const UNFINISHED_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[()*+#])?$/;

/**
 * Length of the part of a live chunk that can go out now: everything but an unfinished escape sequence or
 * trailing carriage returns at its end (they may be the first half of a sequence or of \r\n that the next read
 * completes). Sent early, they would leave fragments or stray line overwrites in the live view.
 */
export function completeChunkLength(raw: string): number {
  let end = raw.length;
  while (end > 0 && raw.charCodeAt(end - 1) === 0x0d) end--;
  const from = Math.max(0, end - HELD_ESCAPE_WINDOW);
  const escAt = raw.lastIndexOf(ESC, end - 1);
  if (escAt < from) return end;
  const m = UNFINISHED_ESCAPE.exec(raw.slice(from, end));
  return m ? from + m.index : end;
}
