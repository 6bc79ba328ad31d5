// Which character encoding a file's bytes are in, and the two directions between bytes and text. Edits must never
// re-encode a file: an encoding is only "editable" when decoding and encoding again gives back the very same bytes
// (checked on every load by text-format.ts); anything we cannot round-trip is shown by Read but refused by edits.

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'latin-1' | 'windows-1252';

export function encodingLabel(encoding: Encoding): string {
  switch (encoding) {
    case 'utf-8':
      return 'UTF-8';
    case 'utf-8-bom':
      return 'UTF-8 with a byte order mark';
    case 'utf-16le':
      return 'UTF-16 little-endian with a byte order mark';
    case 'utf-16be':
      return 'UTF-16 big-endian with a byte order mark';
    case 'latin-1':
      return 'Latin-1 (ISO-8859-1)';
    case 'windows-1252':
      return 'Windows-1252';
    default: {
      const never: never = encoding;
      return never;
    }
  }
}

export type Detected =
  | { kind: 'text'; encoding: Encoding; text: string }
  /** Text we can show but not write back faithfully (Shift-JIS, GBK, UTF-32...). */
  | { kind: 'foreign'; guess: string; text: string | null }
  | { kind: 'binary' };

function startsWith(bytes: Uint8Array, ...prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function tryDecode(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Legacy multi-byte encodings (Shift-JIS, EUC, GBK, Big5) put high bytes in pairs and long runs, and Shift-JIS
 * lead bytes sit in 0x81-0x9F, where Western single-byte text only has the odd curly quote or dash between
 * ASCII letters.
 */
function looksMultiByte(bytes: Uint8Array): string | null {
  let high = 0;
  let inLongRuns = 0;
  let sjisLeads = 0;
  let run = 0;
  const endRun = () => {
    if (run >= 3) inLongRuns += run;
    run = 0;
  };
  for (const b of bytes) {
    if (b >= 0x80) {
      high++;
      run++;
      if (b >= 0x81 && b <= 0x9f) sjisLeads++;
    } else endRun();
  }
  endRun();
  if (high === 0) return null;
  if (inLongRuns / high >= 0.3) return 'multi';
  if (sjisLeads / high >= 0.3 && tryDecode('shift_jis', bytes) !== null) return 'shift_jis';
  return null;
}

/** How much of a decoding is CJK text (ideographs, kana, hangul) rather than half-width katakana noise. */
function cjkScore(text: string): number {
  let score = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af)) score++;
    else if (c >= 0xff61 && c <= 0xff9f) score--;
  }
  return score;
}

/** The legacy encodings a byte string decodes in without error, the most plausible first. */
function multiByteCandidates(bytes: Uint8Array): Array<{ label: string; text: string }> {
  return ['shift_jis', 'euc-jp', 'gbk', 'big5', 'euc-kr']
    .map((label) => ({ label, text: tryDecode(label, bytes) }))
    .filter((c): c is { label: string; text: string } => c.text !== null)
    .map((c) => ({ ...c, score: cjkScore(c.text) }))
    .sort((a, b) => b.score - a.score);
}

/**
 * UTF-16 text saved without a byte order mark: mostly-ASCII text then has a NUL in every other byte, always on the
 * same side. Shown by Read (the caller still checks the decoding is text), never written back.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length % 2 !== 0) return null;
  const sample = bytes.subarray(0, 8192);
  const pairs = sample.length / 2;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  if (oddZeros / pairs >= 0.3 && evenZeros / pairs < 0.02) return 'utf-16le';
  if (evenZeros / pairs >= 0.3 && oddZeros / pairs < 0.02) return 'utf-16be';
  return null;
}

/**
 * UTF-8 with a few broken bytes (a truncated copy, a stray Latin-1 letter) is not Latin-1: decoding it byte by byte
 * would show every real UTF-8 character as two or three wrong ones. Real single-byte text almost never contains
 * valid UTF-8 sequences, so when valid sequences are as many as the stray bytes, call it damaged UTF-8.
 */
function damagedUtf8(bytes: Uint8Array): string | null {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 1) {
      i++;
      continue;
    }
    let ok = len > 0 && i + len <= bytes.length;
    for (let j = 1; ok && j < len; j++) ok = (bytes[i + j]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += len;
    } else {
      invalid++;
      i++;
    }
  }
  return valid > 0 && valid >= invalid ? `UTF-8 with ${invalid} byte${invalid === 1 ? '' : 's'} that are not valid UTF-8` : null;
}

const GUESS_NAMES: Record<string, string> = {
  shift_jis: 'Shift-JIS',
  'euc-jp': 'EUC-JP',
  gbk: 'GBK',
  big5: 'Big5',
  'euc-kr': 'EUC-KR',
};

/** Decides the encoding of a file's bytes. Never fails: unknown content comes back as foreign or binary. */
export function detectEncoding(bytes: Uint8Array): Detected {
  if (startsWith(bytes, 0xff, 0xfe, 0, 0) || startsWith(bytes, 0, 0, 0xfe, 0xff)) {
    const le = bytes[0] === 0xff;
    return { kind: 'foreign', guess: `UTF-32 ${le ? 'little' : 'big'}-endian`, text: null };
  }
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) {
    const text = tryDecode('utf-8', bytes.subarray(3));
    return text === null ? { kind: 'foreign', guess: 'not valid UTF-8 despite its UTF-8 byte order mark', text: null } : { kind: 'text', encoding: 'utf-8-bom', text };
  }
  for (const [b0, b1, encoding] of [[0xff, 0xfe, 'utf-16le'], [0xfe, 0xff, 'utf-16be']] as const) {
    if (!startsWith(bytes, b0, b1)) continue;
    const text = bytes.length % 2 === 0 ? tryDecode(encoding, bytes.subarray(2)) : null;
    return text === null ? { kind: 'foreign', guess: `damaged ${encodingLabel(encoding)}`, text: null } : { kind: 'text', encoding, text };
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) {
    return { kind: 'foreign', guess: encodingLabel(utf16).replace('with a byte order mark', 'without a byte order mark'), text: tryDecode(utf16, bytes) };
  }
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== null) return { kind: 'text', encoding: 'utf-8', text: utf8 };
  if (bytes.includes(0)) return { kind: 'binary' };
  const damaged = damagedUtf8(bytes);
  if (damaged) return { kind: 'foreign', guess: damaged, text: new TextDecoder('utf-8').decode(bytes) };
  const multi = looksMultiByte(bytes);
  if (multi === 'shift_jis') return { kind: 'foreign', guess: 'Shift-JIS', text: new TextDecoder('shift_jis').decode(bytes) };
  if (multi) {
    // The same bytes are often valid in several of these encodings: name them all, show the likeliest.
    const candidates = multiByteCandidates(bytes);
    const names = candidates.slice(0, 3).map((c) => GUESS_NAMES[c.label] ?? c.label);
    const guess = names.length ? `a multi-byte legacy encoding (${names.join(' or ')})` : 'an unknown multi-byte encoding';
    return { kind: 'foreign', guess, text: candidates[0]?.text ?? null };
  }
  // Bytes 0x80-0x9F are control codes in Latin-1 but letters and punctuation in Windows-1252.
  const cp1252 = bytes.some((b) => b >= 0x80 && b <= 0x9f);
  return cp1252
    ? { kind: 'text', encoding: 'windows-1252', text: decodeCp1252(bytes) }
    : { kind: 'text', encoding: 'latin-1', text: Buffer.from(bytes).toString('latin1') };
}

/**
 * Windows-1252's bytes 0x80-0x9F (the rest is Latin-1). Written out because Node's TextDecoder('windows-1252')
 * decodes them as Latin-1 control codes. The five undefined bytes map to the control code of the same value, as
 * the WHATWG encoding standard does, so every byte decodes and comes back.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = Array.from(bytes.subarray(i, i + 8192), (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b));
    out += String.fromCharCode(...chunk);
  }
  return out;
}

let cp1252Reverse: Map<number, number> | null = null;

/** Unicode code point -> byte for Windows-1252. */
function cp1252Table(): Map<number, number> {
  if (!cp1252Reverse) {
    cp1252Reverse = new Map();
    for (let b = 0; b < 256; b++) cp1252Reverse.set(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b, b);
  }
  return cp1252Reverse;
}

export class UnencodableError extends Error {
  constructor(
    readonly char: string,
    readonly encoding: Encoding,
  ) {
    super(`the character ${JSON.stringify(char)} (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) cannot be written in ${encodingLabel(encoding)}`);
  }
}

function encodeSingleByte(text: string, encoding: 'latin-1' | 'windows-1252'): Buffer {
  const out = Buffer.alloc(text.length);
  const table = encoding === 'windows-1252' ? cp1252Table() : null;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = table ? table.get(code) : code <= 0xff ? code : undefined;
    if (byte === undefined) throw new UnencodableError(String.fromCodePoint(text.codePointAt(i)!), encoding);
    out[i] = byte;
  }
  return out;
}

/** Text to bytes in the given encoding (BOMs included). Throws UnencodableError for characters it cannot hold. */
export function encodeString(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'latin-1':
    case 'windows-1252':
      return encodeSingleByte(text, encoding);
    default: {
      const never: never = encoding;
      return never;
    }
  }
}
