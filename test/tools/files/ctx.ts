// A real ToolContext over a temp folder for the file tool tests: real FileReadTracker, a model client that must
// never be called, and a helper that runs a tool the way the engine will (validate, then run, errors as text).
import fs from 'node:fs';
import path from 'node:path';
import { FileReadTracker } from '../../../src/tools/file-state';
import { ToolError, type AnyTool, type ToolContext, type ToolResult, type TodoItem } from '../../../src/tools/types';
import { validateToolInput } from '../../../src/tools/validate-input';
import type { ModelClient } from '../../../src/model/types';
import { makeTestTempDir } from '../../support/temp-dirs';

export function tempDir(prefix = 'tandem-files-'): string {
  return makeTestTempDir(prefix);
}

const noModel: ModelClient = {
  // eslint-disable-next-line require-yield
  async *stream() {
    throw new Error('the file tools must not call the model');
  },
};

export function makeCtx(dir: string, overrides: Partial<ToolContext> = {}): ToolContext & { files: FileReadTracker } {
  let cwd = dir;
  let todos: TodoItem[] = [];
  let mode = 'default';
  const ctx = {
    get cwd() {
      return cwd;
    },
    setCwd(d: string) {
      cwd = d;
    },
    projectRoot: dir,
    additionalDirectories: [],
    sessionId: 'test-session',
    sessionDir: path.join(dir, '.session'),
    signal: new AbortController().signal,
    files: new FileReadTracker(),
    progress: () => undefined,
    model: noModel,
    resolveModel: (m: string) => m,
    todos: { get: () => todos, set: (t: TodoItem[]) => void (todos = t) },
    permissionMode: { get: () => mode, set: (m: string) => void (mode = m) },
    sessionStore: new Map<string, unknown>(),
    ...overrides,
  };
  return ctx as ToolContext & { files: FileReadTracker };
}

export type CallResult = { ok: true; result: ToolResult; text: string } | { ok: false; error: string };

/** Validates and runs a tool; ToolErrors come back as `{ok: false}` like the engine will report them. */
export async function call(tool: AnyTool, input: unknown, ctx: ToolContext): Promise<CallResult> {
  const valid = validateToolInput(tool, input);
  if (!valid.ok) return { ok: false, error: valid.message };
  try {
    const result = await tool.run(valid.value, ctx);
    const text =
      typeof result.forModel === 'string'
        ? result.forModel
        : result.forModel.map((b) => (b.type === 'text' ? b.text : `[image ${b.source.media_type}]`)).join('\n');
    return { ok: true, result, text };
  } catch (err) {
    if (err instanceof ToolError) return { ok: false, error: err.message };
    throw err;
  }
}

export function expectOk(r: CallResult): Extract<CallResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected success, got error: ${r.error}`);
  return r;
}

export function expectError(r: CallResult): string {
  if (r.ok) throw new Error(`expected an error, got: ${r.text}`);
  return r.error;
}
