// Read numbers every line break the file has (a lone CR of a classic Mac file included, so Edit's line view and
// Read agree); ripgrep, behind Grep, only knows LF. For such a file the two disagree on line numbers, and Read
// says so instead of letting the model act on a Grep line number that points elsewhere.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grepTool } from '../../../src/tools/grep';
import { readTool } from '../../../src/tools/read';
import { call, makeCtx, tempDir, type CallResult } from './ctx';

const text = (r: CallResult): string => (r.ok ? r.text : `ERROR ${r.error}`);

describe('lone CR line breaks', () => {
  it('Read of a file with lone CR breaks warns that Grep line numbers differ; a CRLF file gets no note', async () => {
    const dir = tempDir();
    const ctx = makeCtx(dir);
    fs.writeFileSync(path.join(dir, 'mac.txt'), 'alpha\rbeta\rgamma\ndelta\n');
    fs.writeFileSync(path.join(dir, 'dos.txt'), 'alpha\r\nbeta\r\ngamma\r\n');
    const mac = text(await call(readTool, { file_path: 'mac.txt' }, ctx));
    expect(mac).toMatch(/4\s*→?\s*delta|4\tdelta/);
    expect(mac).toMatch(/lone CR/);
    expect(mac).toMatch(/Grep/);
    const grep = text(await call(grepTool, { pattern: 'delta', path: 'mac.txt', output_mode: 'content', '-n': true }, ctx));
    // The disagreement the note is about (if ripgrep ever learns lone CR, drop the note).
    expect(grep).toMatch(/\b2:/);
    const dos = text(await call(readTool, { file_path: 'dos.txt' }, ctx));
    expect(dos).not.toMatch(/lone CR/);
  });
});
