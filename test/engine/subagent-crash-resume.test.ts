// Issue #13, "nothing lost" for subagents: each of a subagent's tool results is on disk the moment its call ends
// (as the main agent's are), and after a crash in the middle of a Task, --continue tells the model what the
// subagent already did instead of only "it may or may not have run".
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { LoggedRequest } from '../../src/fake-server/types';
import { parseTranscript, rebuildState, transcriptPath as transcriptFile } from '../../src/session/transcript-store';
import { autoApprove, engineRig, type EngineRig } from './boot';

const SEED_DIR = join(__dirname, '../fixtures/agents/seed');
const isAgent = (name: string) => (req: LoggedRequest) => JSON.stringify(req.body?.system ?? '').includes(`running as the agent \\"${name}\\"`);

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('a crash in the middle of a subagent: its finished calls are on disk and the resumed Task result names them', { timeout: 60_000 }, async () => {
  rig = await engineRig(['--agents-dir', SEED_DIR], {
    turns: [
      { match: isAgent('general-purpose'), content: [{ type: 'tool_use', id: 'toolu_task', name: 'Task', input: { description: 'Deploy', prompt: 'Deploy it', subagent_type: 'api-engineer' } }] },
      {
        match: isAgent('api-engineer'),
        content: [
          { type: 'tool_use', id: 'toolu_sub1', name: 'Bash', input: { command: "printf 'DEPLOYED-%s' 7" } },
          { type: 'tool_use', id: 'toolu_sub2', name: 'Bash', input: { command: 'sleep 1; echo late' } },
        ],
      },
      { match: isAgent('api-engineer'), text: 'Deployed.' },
      { match: isAgent('general-purpose'), text: 'done' },
    ],
  });
  autoApprove(rig);
  const { tandemHome, projectRoot } = rig.boot.locations;
  const file = transcriptFile({ tandemHome, projectRoot, sessionId: rig.boot.session.sessionId });
  let atCrash = '';
  rig.boot.session.subscribe((e) => {
    if (e.type === 'tool_state' && e.callId === 'toolu_sub2' && e.state === 'running') {
      setTimeout(() => (atCrash = readFileSync(file, 'utf8')), 400);
    }
  });
  await rig.boot.session.send('deploy');
  // What a crash at that moment would have left on disk.
  expect(atCrash).toContain('DEPLOYED-7');
  const crashed = join(rig.project, 'crashed.jsonl');
  writeFileSync(crashed, atCrash);
  const { entries } = parseTranscript(readFileSync(crashed, 'utf8'));
  const state = rebuildState(entries);
  const last = state.messages[state.messages.length - 1]!;
  const taskResult = JSON.stringify(last.content);
  expect(taskResult).toContain('toolu_task');
  expect(taskResult).toContain("printf 'DEPLOYED-%s' 7");
  expect(taskResult).toContain('DEPLOYED-7');
  expect(taskResult).toMatch(/sleep 1; echo late.*no result/);
});
