// "Always allow" saves the rule to the project's .tandem/settings.local.json; in a folder that is not trusted the
// gate leaves that file's allow rules out, so the save alone would silently do nothing next time. The user is told.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineRig, type EngineRig } from '../engine/boot';


// Each test starts a session and a fake server; slow on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });
let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function alwaysAllowTouch(trusted: boolean): Promise<string[]> {
  rig = await engineRig([], { turns: [{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch made' } }] }, { text: 'ok' }] }, { trusted });
  rig.boot.session.subscribe((e) => {
    if (e.type === 'permission_request') rig!.boot.session.respond(e.requestId, { type: 'always', rule: 'Bash(touch made)', persist: true });
  });
  await rig.boot.session.send('go');
  expect(existsSync(join(rig.project, 'made'))).toBe(true);
  expect(readFileSync(join(rig.project, '.tandem', 'settings.local.json'), 'utf8')).toContain('Bash(touch made)');
  return rig.events.flatMap((e) => (e.type === 'notice' && e.message.includes('Bash(touch made)') ? [e.message] : []));
}

describe('always allow, saved, in a folder that is not trusted', () => {
  it('says the saved rule will not be used until the folder is trusted', async () => {
    const notices = await alwaysAllowTouch(false);
    expect(notices.join('\n')).toMatch(/not trusted.*later sessions will ask again.*\/trust/);
    expect(notices.join('\n')).not.toMatch(/allowed from now on/);
  });

  it('in a trusted folder it says the rule is allowed from now on', async () => {
    const notices = await alwaysAllowTouch(true);
    expect(notices.join('\n')).toMatch(/allowed from now on/);
  });

  it('/permissions keep says the same', async () => {
    rig = await engineRig([], { turns: [{ text: 'ok' }] }, { trusted: false });
    const { runPermissionsCommand } = await import('../../src/cli/permissions-command');
    rig.boot.policy.addSessionRule('Bash(ls -la)', 'allow');
    const out = await runPermissionsCommand('keep Bash(ls -la)', {
      policy: rig.boot.policy, transcript: rig.boot.transcript, projectRoot: rig.project, mode: () => 'default', modeSource: 'x', ruleIssues: [],
      savedAllowNote: 'NOTE',
    });
    expect(out).toMatch(/^saved allow Bash\(ls -la\) to .*; but NOTE$/);
  });
});
