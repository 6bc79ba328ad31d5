// Issue #13, an image over the API's limits is replaced by a note (and kept in a file): not only over 5 MB, also
// over 8000 pixels on a side, which the API refuses as surely (and then refuses every later request with it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageSize } from '../../../src/tools/image-size';
import { readTool } from '../../../src/tools/read';
import { truncateToolContent } from '../../../src/tools/truncate';
import { call, makeCtx, tempDir } from './ctx';

/** A PNG header (signature + IHDR) of the given size; enough for a size check. */
function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b[24] = 8;
  b[25] = 6;
  return b;
}

describe('image limits', () => {
  it('reads sizes from PNG, GIF and JPEG headers', () => {
    expect(imageSize(pngHeader(9000, 20), 'image/png')).toEqual({ width: 9000, height: 20 });
    const gif = Buffer.from('GIF89a\x10\x00\x20\x00', 'latin1');
    expect(imageSize(gif, 'image/gif')).toEqual({ width: 16, height: 32 });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x00, 0x23, 0x28, 0x03, 0, 0, 0, 0]);
    expect(imageSize(jpeg, 'image/jpeg')).toEqual({ width: 9000, height: 256 });
  });

  it('Read of a PNG wider than 8000 px: the model gets a note and the file path, not an image the API refuses', async () => {
    const dir = tempDir();
    const ctx = makeCtx(dir);
    writeFileSync(path.join(dir, 'wide.png'), pngHeader(9000, 20));
    const r = await call(readTool, { file_path: 'wide.png' }, ctx);
    const forModel = r.ok ? r.result.forModel : r.error;
    const content = await truncateToolContent(typeof forModel === 'string' ? forModel : forModel, { sessionDir: path.join(dir, '.session'), toolUseId: 'toolu_img' });
    const blocks = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
    expect(blocks.filter((b) => b.type === 'image')).toHaveLength(0);
    const text = blocks.map((b) => (b.type === 'text' ? b.text : '')).join('\n');
    expect(text).toMatch(/9000 x 20 pixels/);
    expect(text).toMatch(/8000/);
    const saved = /saved at (\S+)\./.exec(text)?.[1];
    expect(saved && existsSync(saved)).toBe(true);
    expect(readFileSync(saved!)).toEqual(pngHeader(9000, 20));
  });
});
