// Task subagents: fresh context, the agent's own system prompt and tools, one prompt at a time, results back.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events';
import type { LoggedRequest } from '../../src/fake-server/types';
import { autoApprove, engineRig, type EngineRig } from './boot';

const SEED_DIR = join(__dirname, '../fixtures/agents/seed');
const isAgent = (name: string) => (req: LoggedRequest) => JSON.stringify(req.body?.system ?? '').includes(`running as the agent \\"${name}\\"`);
const toolNames = (req: LoggedRequest) => (req.body.tools as Array<{ name: string }>).map((t) => t.name).sort();

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('Task', () => {
  it('runs the seed api-engineer as a subagent with its own prompt and tools; its Edit is asked under its name', async () => {
    rig = await engineRig(
      ['--agents-dir', SEED_DIR],
      {
        turns: [
          { match: isAgent('general-purpose'), content: [{ type: 'tool_use', name: 'Task', input: { description: 'Fix the endpoint', prompt: 'Rename ping to health in app.py', subagent_type: 'api-engineer' } }] },
          { match: isAgent('api-engineer'), content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'app.py' } }] },
          { match: isAgent('api-engineer'), content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'app.py', old_string: 'def ping', new_string: 'def health' } }] },
          { match: isAgent('api-engineer'), text: 'Renamed ping to health.' },
          { match: isAgent('general-purpose'), text: 'The api-engineer renamed the endpoint.' },
        ],
      },
      { setup: (p) => writeFileSync(join(p, 'app.py'), 'def ping():\n    return "ok"\n') },
    );
    const prompts: Array<Extract<EngineEvent, { type: 'permission_request' }>> = [];
    autoApprove(rig, (e) => {
      prompts.push(e);
      return { type: 'once' };
    });
    const result = await rig.boot.session.send('rename the endpoint');
    expect(result.subtype).toBe('success');
    expect(result.text).toBe('The api-engineer renamed the endpoint.');
    expect(readFileSync(join(rig.project, 'app.py'), 'utf8')).toContain('def health');

    const sub = rig.server.requests.filter(isAgent('api-engineer'));
    expect(sub.length).toBe(3);
    const seedBody = readFileSync(join(SEED_DIR, 'api-engineer.md'), 'utf8').split('\n---\n')[1]!.trim();
    const systemText = (sub[0]!.body.system as Array<{ text: string }>).map((b) => b.text).join('');
    expect(systemText).toContain(seedBody);
    // Fresh context: the subagent sees only its prompt, not the parent's conversation.
    expect(sub[0]!.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Rename ping to health in app.py', cache_control: { type: 'ephemeral' } }] }]);
    const expected = ['Bash', 'Edit', 'ExitPlanMode', 'Glob', 'Grep', 'LS', 'MultiEdit', 'NotebookEdit', 'NotebookRead', 'Read', 'Task', 'TodoWrite', 'WebFetch', 'WebSearch', 'Write'];
    expect(toolNames(sub[0]!)).toEqual(expected.filter((n) => toolNames(rig!.server.requests[0]!).includes(n)));
    expect(toolNames(sub[0]!)).not.toContain('mcp__context7__resolve-library-id');

    const edit = prompts.find((p) => p.toolName === 'Edit')!;
    expect(edit.speaker).toMatchObject({ agent: 'api-engineer', color: 'cyan', depth: 1 });
    expect(edit.speaker.parentToolUseId).toBeTruthy();

    // The parent got only the final text (with stats), not the subagent's steps.
    const last = rig.server.requests[rig.server.requests.length - 1]!;
    const results = (last.body.messages as Array<{ role: string; content: any }>).flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((b: any) => b.type === 'tool_result');
    expect(results).toHaveLength(1);
    expect(JSON.stringify(results[0].content)).toContain('Renamed ping to health.');
    expect(JSON.stringify(last.body.messages)).not.toContain('def ping');
  });

  it('an unknown subagent_type is an error result that lists the valid names', async () => {
    rig = await engineRig([], {
      turns: [
        { content: [{ type: 'tool_use', name: 'Task', input: { description: 'x', prompt: 'y', subagent_type: 'nobody' } }] },
        { text: 'ok' },
      ],
    });
    await rig.boot.session.send('go');
    const result = rig.events.find((e) => e.type === 'tool_result') as Extract<EngineEvent, { type: 'tool_result' }>;
    expect(result.result.is_error).toBe(true);
    expect(String(result.result.content)).toMatch(/No agent named "nobody".*general-purpose/);
  });

  it('two Task calls in one message run concurrently', async () => {
    const slow = (text: string) => ({ match: isAgent('api-engineer'), text, chunkChars: 4, deltaDelayMs: 60 });
    rig = await engineRig([], {
      turns: [
        {
          match: isAgent('general-purpose'),
          content: [
            { type: 'tool_use', name: 'Task', input: { description: 'one', prompt: 'first job', subagent_type: 'api-engineer' } },
            { type: 'tool_use', name: 'Task', input: { description: 'two', prompt: 'second job', subagent_type: 'api-engineer' } },
          ],
        },
        slow('First result, streamed slowly....'),
        slow('Second result, streamed slowly...'),
        { match: isAgent('general-purpose'), text: 'both done' },
      ],
    });
    const started = Date.now();
    await rig.boot.session.send('do both');
    const elapsed = Date.now() - started;
    const subStarts = rig.events.filter((e) => e.type === 'subagent_start');
    const subDone = rig.events.filter((e) => e.type === 'subagent_done');
    expect(subStarts).toHaveLength(2);
    expect(subDone).toHaveLength(2);
    // Both subagents started before either finished.
    const firstDone = rig.events.findIndex((e) => e.type === 'subagent_done');
    const secondStart = rig.events.findIndex((e, i) => e.type === 'subagent_start' && i > rig!.events.findIndex((x) => x.type === 'subagent_start'));
    expect(secondStart).toBeLessThan(firstDone);
    // Each answer alone takes ~9 deltas x 60 ms; run one after the other they would take twice that.
    expect(elapsed).toBeLessThan(2 * 9 * 60 + 1500);
  });

  it('nesting is limited and the limit is reported', async () => {
    rig = await engineRig([], {
      respond: (req) => {
        const msgs = req.body.messages as unknown[];
        const canDelegate = (req.body.tools as Array<{ name: string }>).some((t) => t.name === 'Task');
        if (msgs.length === 1 && canDelegate) return { content: [{ type: 'tool_use', name: 'Task', input: { description: 'deeper', prompt: 'go deeper', subagent_type: 'general-purpose' } }] };
        return { text: 'stopped here' };
      },
    });
    await rig.boot.session.send('recurse');
    const results = rig.events.filter((e): e is Extract<EngineEvent, { type: 'tool_result' }> => e.type === 'tool_result');
    // Depth 1 and 2 subagents may delegate; the depth-3 one has no Task tool at all.
    const depths = rig.events.filter((e): e is Extract<EngineEvent, { type: 'subagent_start' }> => e.type === 'subagent_start').map((e) => e.speaker.depth);
    expect(Math.max(...depths)).toBe(3);
    const deepest = rig.server.requests.find((r) => !(r.body.tools as Array<{ name: string }>).some((t) => t.name === 'Task'));
    expect(deepest).toBeDefined();
    expect(results.every((r) => !r.result.is_error)).toBe(true);
  });
});
