// Lets the transcript view borrow the terminal from Ink. Ink writes to `stream` (the real stdout behind a gate).
// While the view is open the terminal shows the alternate screen, and Ink's writes are held back: the answer keeps
// streaming and finished items keep being "printed", but into the hold. On close the terminal goes back to the
// normal screen (restored by the terminal exactly as it was, scrollback included) and the held writes are replayed
// there in order, as if they had been written all along: nothing printed meanwhile is lost or doubled. The live
// area is hidden while the view is open (App), so what is held is mostly finished items, not frame after frame.
//
// The gate also keeps what Ink printed above its live area (everything it wrote outside a live frame: the
// transcript), so that after a resize the screen can be drawn afresh (src/ui/ink/log-update.ts): a terminal that
// rewraps or pushes rows into its scrollback moves the live frame where no relative erase can reach it, and a frame
// drawn for the old size may arrive after the terminal resized, so erasing by counting rows would leave stale copies
// of the live area in the scrollback. Drawn afresh, every printed line is there once and no old frame is.

/** The gate behind a stream it made (`screenGateOf`). */
const GATE = Symbol('tandem.screenGate');

export function screenGateOf(stream: object): ScreenGate | undefined {
  return (stream as { [GATE]?: ScreenGate })[GATE];
}

export class ScreenGate {
  /** What Ink writes to. */
  readonly stream: NodeJS.WriteStream;
  private held: string[] | null = null;
  private readonly leaveOnExit = () => this.real.write(LEAVE);
  /** Everything written outside live frames since the last full clear: the transcript as printed. */
  private printed: string[] = [];
  private liveDepth = 0;

  constructor(private readonly real: NodeJS.WriteStream) {
    const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
      if (this.liveDepth === 0) this.record(text);
      if (this.held === null) return (real.write as (...args: unknown[]) => boolean)(chunk, encoding, callback);
      this.held.push(text);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    };
    const gate = this;
    this.stream = new Proxy(real, {
      get(target, prop) {
        if (prop === 'write') return write;
        if (prop === GATE) return gate;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  private record(text: string): void {
    // Ink brackets each frame in synchronized-update marks, written on their own: they print nothing.
    if (text === SYNC_BEGIN || text === SYNC_END) return;
    // A full clear (Ink's own redraw, /clear) starts the transcript again from what follows it.
    const cleared = text.lastIndexOf(CLEAR_SCROLLBACK);
    if (cleared >= 0) this.printed = [text.slice(cleared + CLEAR_SCROLLBACK.length)];
    else this.printed.push(text);
    if (this.printed.length > 256) this.printed = [this.printed.join('')];
  }

  /** Runs `draw` with its writes marked as the live frame's (not part of the transcript). */
  live<T>(draw: () => T): T {
    this.liveDepth++;
    try {
      return draw();
    } finally {
      this.liveDepth--;
    }
  }

  /** Ink redrew everything itself (clear, transcript, live frame in one write): the frame is not transcript. */
  forgetTail(frame: string): void {
    const all = this.printed.join('');
    const cut = all.endsWith(frame) ? frame.length : frame.endsWith('\n') && all.endsWith(frame.slice(0, -1)) ? frame.length - 1 : 0;
    this.printed = [cut ? all.slice(0, all.length - cut) : all];
  }

  /** Clears the screen and its scrollback and prints the transcript again (the caller draws the live frame). */
  redraw(): void {
    const all = this.printed.join('');
    this.printed = [all];
    const data = CLEAR_ALL + all;
    if (this.held === null) this.real.write(data);
    else this.held.push(data);
  }

  get isTaken(): boolean {
    return this.held !== null;
  }

  /** Switches to the alternate screen; Ink's writes wait from now on. */
  take(): void {
    if (this.held !== null) return;
    this.held = [];
    this.real.write(ENTER);
    // A crash or a kill while the view is open must not leave the terminal on the alternate screen.
    process.once('exit', this.leaveOnExit);
  }

  /** Draws on the alternate screen (only while taken). */
  draw(frame: string): void {
    if (this.held !== null) this.real.write(frame);
  }

  /** Back to the normal screen, then what Ink wrote meanwhile. */
  giveBack(): void {
    if (this.held === null) return;
    const pending = this.held.join('');
    this.held = null;
    process.off('exit', this.leaveOnExit);
    this.real.write(LEAVE + pending);
  }
}

/** Alternate screen on (the terminal saves the cursor and keeps the normal screen aside), cursor hidden, cleared. */
const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
const CLEAR_SCROLLBACK = '\x1b[3J';
const SYNC_BEGIN = '\x1b[?2026h';
const SYNC_END = '\x1b[?2026l';
const CLEAR_ALL = '\x1b[2J\x1b[3J\x1b[H';
/** Normal screen back, with the cursor where it was. */
const LEAVE = '\x1b[?1049l';
