import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileReadTracker } from '../../../src/tools/file-state';
import { isOutsideProject, resolveToolPath } from '../../../src/tools/paths';
import { createToolRegistry, toolJsonSchema } from '../../../src/tools/registry';
import { truncateForModel } from '../../../src/tools/truncate';
import { defineTool, type AnyTool } from '../../../src/tools/types';
import { validateToolInput } from '../../../src/tools/validate-input';
import { z } from 'zod';
import { editTool } from '../../../src/tools/edit';
import { multiEditTool } from '../../../src/tools/multi-edit';
import { notebookEditTool } from '../../../src/tools/notebook-edit';
import { writeTool } from '../../../src/tools/write';
import { tempDir } from './ctx';

describe('validateToolInput', () => {
  it('names each bad field and what was expected', () => {
    const r = validateToolInput(writeTool, { file_path: 3, foo: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain('Invalid input for Write:');
    expect(r.message).toContain('file_path: expected a string, got number');
    expect(r.message).toContain("missing required field 'content'");
    expect(r.message).toContain("unknown field 'foo'");
  });

  it('reports nested fields, enums, empty arrays and a non-object input', () => {
    const m = validateToolInput(multiEditTool, { file_path: 'a', edits: [{ old_string: 'x', new_string: 1, extra: true }] });
    expect(!m.ok && m.message).toContain('edits[0].new_string: expected a string, got number');
    expect(!m.ok && m.message).toContain("unknown field 'extra' in edits[0]");
    const empty = validateToolInput(multiEditTool, { file_path: 'a', edits: [] });
    expect(!empty.ok && empty.message).toContain('edits: expected at least 1 item');
    const en = validateToolInput(notebookEditTool, { notebook_path: 'a', new_source: '', edit_mode: 'append' });
    expect(!en.ok && en.message).toContain('edit_mode: expected one of "replace", "insert", "delete", got string "append"');
    const str = validateToolInput(editTool, 'file.ts');
    expect(!str.ok && str.message).toContain('expected the parameters as an object, got string');
  });

  it('returns the parsed value when valid', () => {
    expect(validateToolInput(editTool, { file_path: 'a', old_string: 'b', new_string: 'c' })).toEqual({
      ok: true,
      value: { file_path: 'a', old_string: 'b', new_string: 'c' },
    });
  });
});

describe('truncateForModel', () => {
  it('leaves short text alone', async () => {
    expect(await truncateForModel('short', { sessionDir: tempDir(), toolUseId: 't1' })).toBe('short');
  });

  it('keeps head and tail, saves the whole text and says where', async () => {
    const sessionDir = tempDir();
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${String(i).padStart(5, '0')}`);
    const text = lines.join('\n');
    const out = await truncateForModel(text, { sessionDir, toolUseId: 'toolu_01', limit: 3000 });
    const saved = path.join(sessionDir, 'tool-output', 'toolu_01.txt');
    expect(fs.readFileSync(saved, 'utf8')).toBe(text);
    expect(out.length).toBeLessThan(3400);
    expect(out.startsWith('line 00000\nline 00001')).toBe(true);
    expect(out.endsWith('line 04999')).toBe(true);
    expect(out).toContain(saved);
    const cut = Number(/\[\.\.\. (\d+) characters cut/.exec(out)![1]);
    const marker = out.split('\n').find((l) => l.startsWith('[...'))!;
    expect(out.length - marker.length - 1).toBe(text.length - cut); // the count is exact
    // Head is about two thirds, tail about one third.
    const [head, tail] = out.split(marker);
    expect(head!.length).toBeGreaterThan(1800);
    expect(tail!.length).toBeGreaterThan(850);
    expect(tail!.length).toBeLessThan(head!.length);
  });
});

describe('paths', () => {
  it('resolves relative, absolute and ~ paths', () => {
    expect(resolveToolPath('a/../b.txt', { cwd: '/proj' })).toBe('/proj/b.txt');
    expect(resolveToolPath('/etc/hosts', { cwd: '/proj' })).toBe('/etc/hosts');
    expect(resolveToolPath('~/x', { cwd: '/proj' })).toBe(path.join(os.homedir(), 'x'));
  });

  it('detects outside paths through .. and through symlinks, also for files not yet created', () => {
    const root = tempDir();
    const outside = tempDir();
    const extra = tempDir();
    fs.mkdirSync(path.join(root, 'src'));
    fs.symlinkSync(outside, path.join(root, 'link'));
    const ctx = { projectRoot: root, additionalDirectories: [extra] };
    expect(isOutsideProject(path.join(root, 'src', 'a.ts'), ctx)).toBe(false);
    expect(isOutsideProject(path.join(root, 'new', 'deep', 'a.ts'), ctx)).toBe(false);
    expect(isOutsideProject(`${root}/src/../../elsewhere.txt`, ctx)).toBe(true);
    expect(isOutsideProject(path.join(root, 'link', 'new-file.txt'), ctx)).toBe(true);
    expect(isOutsideProject(path.join(extra, 'x.txt'), ctx)).toBe(false);
    // A sibling whose name merely starts with the root's name is outside.
    expect(isOutsideProject(root + '-sibling/x', ctx)).toBe(true);
    // A symlink inside another folder that points into the project counts as inside.
    fs.symlinkSync(path.join(root, 'src'), path.join(outside, 'into-project'));
    expect(isOutsideProject(path.join(outside, 'into-project', 'a.ts'), ctx)).toBe(false);
  });
});

describe('FileReadTracker', () => {
  it('asks for a read first, accepts touch, refuses a real change, and trusts its own writes', () => {
    const dir = tempDir();
    const f = path.join(dir, 'a.txt');
    fs.writeFileSync(f, 'one');
    const t = new FileReadTracker();
    expect(t.checkWritable(f)).toMatch(/not read/);
    t.recordRead(f);
    expect(t.checkWritable(f)).toBeNull();
    const later = new Date(Date.now() + 10_000);
    fs.utimesSync(f, later, later);
    expect(t.checkWritable(f)).toBeNull();
    fs.writeFileSync(f, 'two');
    expect(t.checkWritable(f)).toMatch(/changed since you read it/);
    t.recordWrite(f);
    expect(t.checkWritable(f)).toBeNull();
    fs.rmSync(f);
    expect(t.checkWritable(f)).toMatch(/deleted/);
  });

  it('catches a same-size rewrite that kept the mtime (coarse timestamp granularity)', () => {
    const dir = tempDir();
    const f = path.join(dir, 'a.txt');
    fs.writeFileSync(f, 'one');
    const whole = Math.floor(Date.now() / 1000); // a whole second, as a coarse filesystem would store it
    fs.utimesSync(f, whole, whole);
    const t = new FileReadTracker();
    t.recordRead(f);
    fs.writeFileSync(f, 'two');
    fs.utimesSync(f, whole, whole);
    expect(fs.statSync(f).mtimeMs).toBe(whole * 1000);
    expect(t.checkWritable(f)).toMatch(/changed since you read it/);
  });
});

describe('registry', () => {
  it('lists the file tools, resolves aliases and caches clean JSON schemas', () => {
    const task: AnyTool = defineTool({
      name: 'Task',
      description: 'delegate',
      inputSchema: z.object({ prompt: z.string() }).strict(),
      kind: 'agent',
      isReadOnly: () => false,
      preview: async () => ({ kind: 'info', title: 'task' }),
      run: async () => ({ forModel: 'ok', summary: 'ok' }),
    });
    const reg = createToolRegistry([task]);
    // The lead adds the other built-in tools; the file tools and extras must be there whatever else is.
    expect(reg.names()).toEqual(expect.arrayContaining(['Read', 'Write', 'Edit', 'MultiEdit', 'NotebookRead', 'NotebookEdit']));
    expect(reg.names().at(-1)).toBe('Task');
    expect(reg.get('Agent')).toBe(task);
    const [edit] = reg.specs(['Edit']);
    expect(edit).toMatchObject({ name: 'Edit' });
    const schema = (edit as { input_schema: Record<string, unknown> }).input_schema;
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false, required: ['file_path', 'old_string', 'new_string'] });
    expect(schema).not.toHaveProperty('$schema');
    expect(reg.specs(['Edit'])[0]).toMatchObject({ input_schema: schema });
    expect((reg.specs(['Edit'])[0] as { input_schema: unknown }).input_schema).toBe(schema); // cached object
    expect(toolJsonSchema(multiEditTool)).toMatchObject({
      properties: { edits: { type: 'array', minItems: 1, items: { additionalProperties: false, required: ['old_string', 'new_string'] } } },
    });
    reg.remove('Agent');
    expect(reg.get('Task')).toBeUndefined();
    expect(reg.specs(['Nope', 'Read']).map((s) => s.name)).toEqual(['Read']);
  });
});
