// The Messages API wants every tool_use id unique across the whole request, not only within one message: a model
// (or a proxy) that reuses an id from an earlier turn must not make the next request invalid, and each call keeps
// its own result.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { autoApprove, engineRig, type EngineRig } from './boot';
import { expectValidHistory } from './api-validity';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('an id reused in a later message is renamed; every request stays valid and each call gets its own result', { timeout: 30_000 }, async () => {
  rig = await engineRig([], {
    turns: [
      { content: [{ type: 'tool_use', id: 'toolu_same', name: 'Read', input: { file_path: 'a.txt' } }] },
      { content: [{ type: 'tool_use', id: 'toolu_same', name: 'Read', input: { file_path: 'b.txt' } }] },
      { content: [{ type: 'tool_use', id: 'toolu_same_dup2', name: 'Read', input: { file_path: 'a.txt' } }, { type: 'tool_use', id: 'toolu_same', name: 'Read', input: { file_path: 'b.txt' } }] },
      { text: 'done' },
    ],
  }, { setup: (project) => {
    fs.writeFileSync(path.join(project, 'a.txt'), 'AAA\n');
    fs.writeFileSync(path.join(project, 'b.txt'), 'BBB\n');
  } });
  autoApprove(rig);
  await rig.boot.session.send('go');
  const requests = rig.server.requests;
  expect(requests.length).toBe(4);
  for (const r of requests) expectValidHistory(r.body.messages);
  const last = requests[3]!.body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
  const results = last.filter((m) => m.role === 'user' && Array.isArray(m.content)).flatMap((m) => m.content.filter((b) => b.type === 'tool_result'));
  expect(results.map((b) => /AAA|BBB/.exec(JSON.stringify(b.content))?.[0])).toEqual(['AAA', 'BBB', 'AAA', 'BBB']);
});

it('a resumed history (older log) that repeats an id across messages is repaired into a valid one, results kept', async () => {
  const { repairToolPairing } = await import('../../src/session/history-repair');
  const use = (file: string) => ({ type: 'tool_use' as const, id: 'toolu_x', name: 'Read', input: { file_path: file } });
  const result = (text: string) => ({ type: 'tool_result' as const, tool_use_id: 'toolu_x', content: text });
  const repaired = repairToolPairing([
    { role: 'user', content: 'go' },
    { role: 'assistant', content: [use('a')] },
    { role: 'user', content: [result('AAA')] },
    { role: 'assistant', content: [use('b')] },
    { role: 'user', content: [result('BBB')] },
  ]);
  expectValidHistory(repaired);
  const contents = repaired.flatMap((m) => (typeof m.content === 'string' ? [] : m.content)).filter((b) => b.type === 'tool_result').map((b) => (b as unknown as { content: unknown }).content);
  expect(contents).toEqual(['AAA', 'BBB']);
});
