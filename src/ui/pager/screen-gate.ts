// Lets the transcript view borrow the terminal from Ink. Ink writes to `stream` (the real stdout behind a gate).
// While the view is open the terminal shows the alternate screen, and Ink's writes are held back: the answer keeps
// streaming and finished items keep being "printed", but into the hold. On close the terminal goes back to the
// normal screen (restored by the terminal exactly as it was, scrollback included) and the held writes are replayed
// there in order, as if they had been written all along: nothing printed meanwhile is lost or doubled. The live
// area is hidden while the view is open (App), so what is held is mostly finished items, not frame after frame.
export class ScreenGate {
  /** What Ink writes to. */
  readonly stream: NodeJS.WriteStream;
  private held: string[] | null = null;
  private readonly leaveOnExit = () => this.real.write(LEAVE);

  constructor(private readonly real: NodeJS.WriteStream) {
    const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      if (this.held === null) return (real.write as (...args: unknown[]) => boolean)(chunk, encoding, callback);
      this.held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    };
    this.stream = new Proxy(real, {
      get(target, prop) {
        if (prop === 'write') return write;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
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
/** Normal screen back, with the cursor where it was. */
const LEAVE = '\x1b[?1049l';
