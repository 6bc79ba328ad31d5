// Issue #13, special files: Read, Edit, Write, NotebookRead and Grep of a FIFO, socket, device or folder fail at
// once with a message; nothing waits for a writer that never comes (a blocked open cannot be cancelled).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { editTool } from '../../../src/tools/edit';
import { grepTool } from '../../../src/tools/grep';
import { notebookReadTool } from '../../../src/tools/notebook-read';
import { notebookEditTool } from '../../../src/tools/notebook-edit';
import { readTool } from '../../../src/tools/read';
import { writeTool } from '../../../src/tools/write';
import { FileReadTracker } from '../../../src/tools/file-state';
import { call, expectError, makeCtx, tempDir } from './ctx';

let dir: string;
let ctx: ReturnType<typeof makeCtx>;
let server: net.Server;
let sockDir: string;
beforeAll(async () => {
  sockDir = tempDir();
  server = net.createServer();
  await new Promise<void>((r) => server.listen(path.join(sockDir, 's.sock'), r));
});
afterAll(() => server.close());
beforeEach(() => {
  dir = tempDir();
  ctx = makeCtx(dir);
  execFileSync('mkfifo', [path.join(dir, 'pipe')]);
  execFileSync('mkfifo', [path.join(dir, 'pipe.ipynb')]);
});

/** Fails the test instead of hanging it when a call blocks. */
async function quick<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('blocked: no answer within 3 s')), 3000);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('special files', () => {
  it('Read of a FIFO fails at once and says what it is', async () => {
    expect(expectError(await quick(call(readTool, { file_path: 'pipe' }, ctx)))).toMatch(/named pipe \(FIFO\), not a regular file/);
  });

  it('Edit, Write and NotebookEdit of a FIFO fail at once and leave it a FIFO', async () => {
    ctx.files.recordRead(path.join(dir, 'pipe'));
    expect(expectError(await quick(call(editTool, { file_path: 'pipe', old_string: 'a', new_string: 'b' }, ctx)))).toMatch(/FIFO/);
    expect(expectError(await quick(call(writeTool, { file_path: 'pipe', content: 'b' }, ctx)))).toMatch(/FIFO/);
    expect(expectError(await quick(call(notebookEditTool, { notebook_path: 'pipe.ipynb', new_source: 'x', cell_id: 'cell-0' }, ctx)))).toMatch(/FIFO/);
    expect(fs.statSync(path.join(dir, 'pipe')).isFIFO()).toBe(true);
  });

  it('NotebookRead and Read of a .ipynb FIFO fail at once', async () => {
    expect(expectError(await quick(call(notebookReadTool, { notebook_path: 'pipe.ipynb' }, ctx)))).toMatch(/FIFO/);
    expect(expectError(await quick(call(readTool, { file_path: 'pipe.ipynb' }, ctx)))).toMatch(/FIFO/);
  });

  it('Grep of a single FIFO fails at once', async () => {
    expect(expectError(await quick(call(grepTool, { pattern: 'x', path: 'pipe' }, ctx)))).toMatch(/not a regular file/);
  });

  it('a symlink to a FIFO is no way around it', async () => {
    fs.symlinkSync('pipe', path.join(dir, 'innocent.txt'));
    expect(expectError(await quick(call(readTool, { file_path: 'innocent.txt' }, ctx)))).toMatch(/FIFO/);
  });

  it('a socket, a character device and a folder are refused', async () => {
    expect(expectError(await quick(call(readTool, { file_path: path.join(sockDir, 's.sock') }, ctx)))).toMatch(/socket/);
    expect(expectError(await quick(call(readTool, { file_path: '/dev/zero' }, ctx)))).toMatch(/character device/);
    fs.mkdirSync(path.join(dir, 'sub'));
    expect(expectError(await quick(call(readTool, { file_path: 'sub' }, ctx)))).toMatch(/directory/);
  });

  it('the read-state snapshot of a FIFO does not block either', () => {
    const t = new FileReadTracker();
    t.recordRead(path.join(dir, 'pipe'));
    expect(t.hasRead(path.join(dir, 'pipe'))).toBe(false);
  });
});
