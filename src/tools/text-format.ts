// A text file's encoding details that an edit must preserve: a UTF-8 byte order mark and CRLF line endings.
// Tools work on "model text" (no BOM, LF endings when the file is uniformly CRLF) and restore the file's own
// format when writing, so a CRLF file stays CRLF even though models send LF.

export type LineEnding = 'lf' | 'crlf';

export interface TextFormat {
  bom: boolean;
  /** 'crlf' only when every line break in the file is CRLF; mixed files are edited as they are. */
  eol: LineEnding;
}

const BOM = '\uFEFF';

export function detectFormat(raw: string): TextFormat {
  const bom = raw.startsWith(BOM);
  const lf = (raw.match(/\n/g) ?? []).length;
  const crlf = (raw.match(/\r\n/g) ?? []).length;
  return { bom, eol: crlf > 0 && crlf === lf ? 'crlf' : 'lf' };
}

/** Decodes file bytes into the text tools and models work with, plus the format to restore. */
export function decodeText(bytes: Buffer): { text: string; format: TextFormat } {
  const raw = bytes.toString('utf8');
  const format = detectFormat(raw);
  let text = format.bom ? raw.slice(1) : raw;
  if (format.eol === 'crlf') text = text.replace(/\r\n/g, '\n');
  return { text, format };
}

/** Brings a string from the model into the file's working form (LF when the file is CRLF). */
export function normaliseModelText(s: string, format: TextFormat): string {
  return format.eol === 'crlf' ? s.replace(/\r\n/g, '\n') : s;
}

/** The bytes to write back for working text, with the file's line endings and BOM restored. */
export function encodeText(text: string, format: TextFormat): string {
  let out = format.eol === 'crlf' ? text.replace(/\r?\n/g, '\r\n') : text;
  if (format.bom && !out.startsWith(BOM)) out = BOM + out;
  return out;
}
