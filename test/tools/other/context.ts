// A hand-built ToolContext for tool tests: a temp working directory, recorded progress events, an in-memory
// todo list and permission mode, and a model client the test supplies.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelClient, ModelEvent, ModelRequest, AssistantMessage } from '../../../src/model/types';
import { emptyUsage } from '../../../src/model/types';
import type { TodoItem, ToolContext, ToolProgress } from '../../../src/tools/types';
import { makeTestTempDir } from '../../support/temp-dirs';

export interface TestContext extends ToolContext {
  events: ToolProgress[];
  abort: AbortController;
  mode: string;
}

export function makeTempDir(prefix = 'tandem-tools-'): string {
  return makeTestTempDir(prefix);
}

const noModel: ModelClient = {
  // eslint-disable-next-line require-yield
  async *stream() {
    throw new Error('no model in this test');
  },
};

export function makeContext(cwd: string, overrides: Partial<ToolContext> = {}): TestContext {
  const abort = new AbortController();
  let todos: TodoItem[] = [];
  const ctx: TestContext = {
    cwd,
    setCwd(dir) {
      ctx.cwd = dir;
    },
    projectRoot: cwd,
    additionalDirectories: [],
    sessionId: 'test-session',
    sessionDir: cwd,
    signal: abort.signal,
    abort,
    files: { recordRead() {}, checkWritable: () => null, recordWrite() {} },
    events: [],
    progress(e) {
      ctx.events.push(e);
    },
    model: noModel,
    resolveModel: (alias) => (alias === 'haiku' ? 'claude-haiku-test' : alias),
    todos: { get: () => todos, set: (t) => (todos = t) },
    mode: 'default',
    permissionMode: { get: () => ctx.mode, set: (m) => (ctx.mode = m) },
    sessionStore: new Map(),
    ...overrides,
  };
  return ctx;
}

/** A model client that answers every request with one final message built from `blocks`, and records requests. */
export function fakeModel(
  reply: (req: ModelRequest) => AssistantMessage['content'] | Error,
): ModelClient & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    requests,
    async *stream(req: ModelRequest): AsyncIterable<ModelEvent> {
      requests.push(req);
      const content = reply(req);
      if (content instanceof Error) throw content;
      yield { type: 'message_start', id: 'msg_test', model: req.model, usage: emptyUsage() };
      const message: AssistantMessage = {
        id: 'msg_test',
        model: req.model,
        content,
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: emptyUsage(),
      };
      yield { type: 'message_done', message };
    },
  };
}
