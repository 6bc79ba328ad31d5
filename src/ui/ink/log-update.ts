// Ink's live-area writer, kept to one row per line. Ink erases its last frame one row per line before drawing the
// next, so a line wider than the terminal (two rows or more) makes it stop short and leaves copies of the frame's
// top lines on screen. That happens around a resize: when the terminal gets narrower, terminals (xterm.js, VTE,
// iTerm2, kitty, tmux...) rewrap the frame on screen, and Ink draws once more with the old layout before the shell
// lays out for the new width. Here the frame that the terminal rewrapped is erased by the rows it now takes, and a
// frame wider than the terminal is cut at its right edge (for the moment until the new layout's frame replaces it).
// Frames that fit (all but those around a resize) go through Ink's writer untouched.
// Behind the shell's screen gate (src/ui/pager/screen-gate.ts), a resize is handled by drawing the screen afresh
// instead: the transcript printed again after a full clear, then the live frame. Erasing by rows cannot reach a
// frame the terminal pushed into its scrollback, nor count right for a frame drawn for the old size that reached
// the terminal after it resized; both left stale copies of the live area in the scrollback.
// scripts/build.mjs routes Ink's import of its log-update module here.
import inkLogUpdate from 'ink-log-update-original';
import type { Writable } from 'node:stream';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { screenGateOf } from '../pager/screen-gate';

type LogUpdate = ReturnType<typeof inkLogUpdate.create>;

function frameLines(frame: string): string[] {
  const lines = frame.split('\n');
  if (frame.endsWith('\n')) lines.pop();
  return lines;
}

/** `frame` with every line cut to `columns` (ANSI styles kept), so each line takes one row. */
export function fitFrame(frame: string, columns: number): string {
  return frame
    .split('\n')
    .map((line) => (stringWidth(line) > columns ? sliceAnsi(line, 0, columns) : line))
    .join('\n');
}

/** How many more rows than lines `frame` takes on a terminal `columns` wide (each line starts on its own row). */
export function extraRows(frame: string, columns: number): number {
  if (!(columns > 0)) return 0;
  let extra = 0;
  for (const line of frameLines(frame)) {
    const width = stringWidth(line);
    if (width > columns) extra += Math.ceil(width / columns) - 1;
  }
  return extra;
}

function create(stream: Writable & { columns?: number }, options?: Parameters<typeof inkLogUpdate.create>[1]): LogUpdate {
  const inner = inkLogUpdate.create(stream, options);
  const gate = screenGateOf(stream);
  const live = <T>(draw: () => T): T => (gate ? gate.live(draw) : draw());
  const size = () => `${stream.columns ?? 0}x${(stream as { rows?: number }).rows ?? 0}`;
  let drawnSize = size();
  let drawn = false;
  /** The terminal changed size since the last frame: the screen is drawn afresh (see the note at the top). */
  const redrawIfResized = (): boolean => {
    const now = size();
    if (!gate || now === drawnSize) return false;
    drawnSize = now;
    if (!drawn) return false;
    gate.redraw();
    // The last frame went with the clear: the next one is drawn from here, erasing nothing.
    live(() => inner.sync(''));
    forget();
    return true;
  };
  let frame = '';
  let widest = 0;
  const widestLine = (str: string) => {
    let widest = 0;
    for (const line of frameLines(str)) widest = Math.max(widest, stringWidth(line));
    return widest;
  };
  const remember = (str: string, width = widestLine(str)) => {
    frame = str;
    widest = width;
  };
  const forget = () => {
    frame = '';
    widest = 0;
  };
  /** Erases the last frame when it is wider than the terminal now; false when Ink's own erase is exact. */
  const eraseWrapped = (): boolean => {
    const columns = stream.columns ?? 0;
    if (!(columns > 0) || widest <= columns) return false;
    const extra = extraRows(frame, columns);
    inner.clear();
    // Ink's erase ends where the frame's last `lines` rows began; the rows the wrapping added are above.
    if (extra > 0) stream.write(`\x1b[${extra}A\r\x1b[J`);
    forget();
    return true;
  };

  const render = ((str: string) => live(() => {
    if (!redrawIfResized()) eraseWrapped();
    const columns = stream.columns ?? 0;
    let width = widestLine(str);
    if (columns > 0 && width > columns) {
      str = fitFrame(str, columns);
      width = columns;
    }
    const wrote = inner(str);
    if (wrote) {
      remember(str, width);
      drawn = true;
      drawnSize = size();
    }
    return wrote;
  })) as LogUpdate;
  render.clear = () =>
    live(() => {
      if (redrawIfResized()) return;
      if (!eraseWrapped()) inner.clear();
      forget();
    });
  render.done = () => {
    live(() => inner.done());
    forget();
  };
  render.sync = (str: string) => {
    // Ink cleared the screen and printed everything itself, this frame included: the frame is not transcript.
    gate?.forgetTail(str);
    live(() => inner.sync(str));
    remember(str);
    drawn = true;
    drawnSize = size();
  };
  render.setCursorPosition = (position) => inner.setCursorPosition(position);
  render.isCursorDirty = () => inner.isCursorDirty();
  render.willRender = (str: string) => widest > (stream.columns ?? Infinity) || inner.willRender(str);
  return render;
}

export default { create };
