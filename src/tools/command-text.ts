// Characters a Bash command may not contain, so the command the user approves is the command that runs. A NUL
// ends the C string bash receives (the rest would be checked but never run); other control characters can
// rewrite what a terminal shows (a carriage return hides the start of a line, escape sequences move the cursor or
// clear text); C1 controls act as escapes in some terminals; bidirectional overrides reorder what is displayed;
// a lone UTF-16 surrogate is sent as U+FFFD, a different text from the one checked.

export interface HiddenCharacter {
  /** Index in the string (UTF-16 units). */
  index: number;
  codePoint: number;
  /** What it is, for the message ("NUL", "ESC (escape)", "RIGHT-TO-LEFT OVERRIDE"). */
  name: string;
}

const C0_NAMES = [
  'NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL (bell)', 'BS (backspace)', 'TAB', 'LF', 'VT (vertical tab)',
  'FF (form feed)', 'CR (carriage return)', 'SO', 'SI', 'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB',
  'CAN', 'EM', 'SUB', 'ESC (escape)', 'FS', 'GS', 'RS', 'US',
];

const FORMAT_NAMES: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};

// Tab and newline stay allowed: both are ordinary in scripts and show as what they are.
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function nameOf(code: number): string {
  if (code < 0x20) return C0_NAMES[code] ?? 'control character';
  if (code === 0x7f) return 'DEL';
  if (code <= 0x9f) return 'C1 control character';
  if (code >= 0xd800 && code <= 0xdfff) return 'unpaired UTF-16 surrogate';
  return FORMAT_NAMES[code] ?? 'invisible formatting character';
}

/** The first character that would make the command look different from what runs, if any. */
export function findHiddenCharacter(text: string): HiddenCharacter | undefined {
  const m = HIDDEN.exec(text);
  if (!m) return undefined;
  const codePoint = m[0].charCodeAt(0);
  return { index: m.index, codePoint, name: nameOf(codePoint) };
}

function codePointLabel(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The sentence the model gets back: what was found, where, and how to write the command instead. */
export function describeHiddenCharacter(text: string, found: HiddenCharacter): string {
  const line = text.slice(0, found.index).split('\n').length;
  return [
    `the command contains ${codePointLabel(found.codePoint)} ${found.name} (line ${line}, character ${found.index + 1}).`,
    'Control characters, bidirectional overrides and unpaired surrogates are refused so that the command shown',
    "for approval is the command that runs. To produce such a character, write it as an escape the shell expands",
    "(printf '\\033[1m' or $'\\r'); use \\n line ends, not \\r\\n.",
  ].join(' ');
}
