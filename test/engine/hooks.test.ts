// Hooks as the engine uses them: context from SessionStart and UserPromptSubmit reaches the model; a Stop hook
// that blocks makes the agent go on with its reason.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineRig, type EngineRig } from './boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function settings(project: string, hooks: unknown) {
  mkdirSync(join(project, '.tandem'), { recursive: true });
  writeFileSync(join(project, '.tandem', 'settings.json'), JSON.stringify({ hooks }));
}

describe('hooks in a session', () => {
  it('SessionStart and UserPromptSubmit context reach the model', async () => {
    rig = await engineRig([], { turns: [{ text: 'ok' }] }, {
      setup: (p) =>
        settings(p, {
          SessionStart: [{ hooks: [{ type: 'command', command: 'echo "branch: feature/login"' }] }],
          UserPromptSubmit: [{ hooks: [{ type: 'command', command: 'echo "ticket: TAN-42"' }] }],
        }),
    });
    await rig.boot.session.send('hello');
    const request = rig.server.requests[0]!;
    expect(JSON.stringify(request.body.system)).toContain('branch: feature/login');
    expect(JSON.stringify(request.body.messages)).toContain('ticket: TAN-42');
  });

  it('a Stop hook that blocks sends its reason back and the agent continues', async () => {
    rig = await engineRig([], { turns: [{ text: 'first try' }, { text: 'after the hook' }] }, {
      setup: (p) => {
        const script = join(p, 'stop.sh');
        // Blocks once: the second time the flag file exists and the hook lets the agent stop.
        writeFileSync(script, `#!/bin/sh\nif [ -f "${p}/.stopped" ]; then exit 0; fi\ntouch "${p}/.stopped"\necho "run the tests first" >&2\nexit 2\n`, { mode: 0o755 });
        settings(p, { Stop: [{ hooks: [{ type: 'command', command: script }] }] });
      },
    });
    const result = await rig.boot.session.send('finish up');
    expect(result.text).toBe('after the hook');
    expect(JSON.stringify(rig.server.requests[1]!.body.messages)).toContain('run the tests first');
  });
});
