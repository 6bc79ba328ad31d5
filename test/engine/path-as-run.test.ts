// The path the policy judges is the path the tool opens. Tools tidy their path argument (surrounding whitespace is
// dropped); the policy must judge the same tidied path, or `".env "` would pass a Read(.env) deny rule and then
// open .env.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineRig, type EngineRig } from './boot';


// Each test starts a session and a fake server; slow on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });
let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const SECRET = 'SECRET=hunter2';

function project(p: string): void {
  writeFileSync(join(p, '.env'), `${SECRET}\n`);
  mkdirSync(join(p, '.tandem'), { recursive: true });
  writeFileSync(join(p, '.tandem', 'settings.json'), JSON.stringify({ permissions: { deny: ['Read(.env)', 'Edit(.env)'] } }));
}

describe('surrounding whitespace in a path argument', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['Read, trailing space', { file_path: '.env ' }],
    ['Read, leading space and newline', { file_path: ' \n./.env' }],
    ['Read, with a tab', { file_path: '.env\t' }],
  ];
  for (const [name, input] of cases) {
    it(`${name}: the Read(.env) deny rule holds`, async () => {
      rig = await engineRig(['--dangerously-skip-permissions'], {
        turns: [{ content: [{ type: 'tool_use', name: 'Read', input }] }, { text: 'done' }],
      }, { setup: project });
      await rig.boot.session.send('read it');
      const sent = JSON.stringify(rig.server.requests[1]!.body.messages);
      expect(sent).not.toContain('hunter2');
    });
  }
});
