// Hooks as the engine uses them: context from SessionStart and UserPromptSubmit reaches the model; a Stop hook
// that blocks makes the agent go on with its reason.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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

  it('a PreToolUse hook that crashes blocks the call, even one --allowedTools allows; the model is told why', async () => {
    rig = await engineRig(['--allowedTools', 'Bash'], {
      turns: [{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch ran' } }] }, { text: 'ok' }],
    }, { setup: (p) => settings(p, { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'echo "guard broke" >&2; exit 3' }] }] }) });
    await rig.boot.session.send('go');
    expect(existsSync(join(rig.project, 'ran'))).toBe(false);
    const messages = JSON.stringify(rig.server.requests[1]!.body.messages);
    expect(messages).toContain('A PreToolUse hook blocked this call');
    expect(messages).toContain('exit code 3: guard broke');
    expect(rig.events.some((e) => e.type === 'notice' && /PreToolUse hook: .*exit code 3/.test(e.message))).toBe(true);
  });

  it('an out-of-range hook timeout is clamped with a warning at start', async () => {
    rig = await engineRig([], { turns: [{ text: 'ok' }] }, {
      setup: (p) => settings(p, { PostToolUse: [{ hooks: [{ type: 'command', command: 'true', timeout: 100000 }] }] }),
    });
    expect(rig.boot.notices.some((n) => /timeout 100000 s is outside 1..600 s; using 600 s/.test(n.message))).toBe(true);
  });

  it('in an untrusted folder the project hooks do not run and the notice says so', async () => {
    rig = await engineRig([], { turns: [{ text: 'ok' }] }, {
      trusted: false,
      setup: (p) => settings(p, { SessionStart: [{ hooks: [{ type: 'command', command: `touch "${p}/ss-ran"` }] }], UserPromptSubmit: [{ hooks: [{ type: 'command', command: `touch "${p}/ups-ran"` }] }] }),
    });
    await rig.boot.session.send('hello');
    expect(existsSync(join(rig.project, 'ss-ran'))).toBe(false);
    expect(existsSync(join(rig.project, 'ups-ran'))).toBe(false);
    expect(rig.boot.trust.trusted).toBe(false);
    expect(rig.boot.notices.some((n) => /is not trusted.*2 project hooks/.test(n.message))).toBe(true);
  });
});
