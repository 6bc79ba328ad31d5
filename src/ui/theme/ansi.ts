// Tiny ANSI styling. Everything the UI colors goes through here so NO_COLOR switches colors off in one place
// (bold, dim, inverse and strikethrough stay: NO_COLOR is about color, and they carry layout meaning).
import type { AgentColor } from '../../agents/types';
import { sanitizeLine } from '../../text/sanitize';

let colorEnabled = true;

export function setColorEnabled(enabled: boolean): void {
  colorEnabled = enabled;
}

export function isColorEnabled(): boolean {
  return colorEnabled;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const colorWrap = (open: number, close: number) => (s: string) => (colorEnabled ? `\x1b[${open}m${s}\x1b[${close}m` : s);

export const bold = wrap(1, 22);
export const dim = wrap(2, 22);
export const italic = wrap(3, 23);
export const underline = wrap(4, 24);
export const inverse = wrap(7, 27);
export const strike = wrap(9, 29);

export const red = colorWrap(31, 39);
export const green = colorWrap(32, 39);
export const yellow = colorWrap(33, 39);
export const blue = colorWrap(34, 39);
export const magenta = colorWrap(35, 39);
export const cyan = colorWrap(36, 39);
export const gray = colorWrap(90, 39);
export const bgRed = colorWrap(41, 49);
export const bgGreen = colorWrap(42, 49);
/** Soft backgrounds for diff lines (256-color). */
export const bgDiffRemoved = (s: string) => (colorEnabled ? `\x1b[48;5;52m${s}\x1b[49m` : s);
export const bgDiffAdded = (s: string) => (colorEnabled ? `\x1b[48;5;22m${s}\x1b[49m` : s);
export const bgWordRemoved = (s: string) => (colorEnabled ? `\x1b[48;5;124m${s}\x1b[49m` : inverse(s));
export const bgWordAdded = (s: string) => (colorEnabled ? `\x1b[48;5;28m${s}\x1b[49m` : inverse(s));

const AGENT_ANSI: Record<AgentColor, string> = {
  red: '31',
  blue: '34',
  green: '32',
  yellow: '33',
  purple: '35',
  orange: '38;5;208',
  pink: '38;5;213',
  cyan: '36',
};

/** The agent's name (from an agent file: sanitised) painted in its color (bold, so it still stands out without color). */
export function agentLabel(name: string, color?: AgentColor): string {
  const code = color ? AGENT_ANSI[color] : undefined;
  const text = bold(sanitizeLine(name));
  return colorEnabled && code ? `\x1b[${code}m${text}\x1b[39m` : text;
}

export function agentPaint(text: string, color?: AgentColor): string {
  const code = color ? AGENT_ANSI[color] : undefined;
  return colorEnabled && code ? `\x1b[${code}m${text}\x1b[39m` : text;
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;
export function stripAnsi(s: string): string {
  return s.replace(ANSI_RE, '');
}
