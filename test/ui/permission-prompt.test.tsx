import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { PermissionPrompt } from '../../src/ui/components/PermissionPrompt';
import type { PermissionRequest } from '../../src/ui/state/types';
import type { UserDecision } from '../../src/permissions/types';
import { KEYS, plain, press, wait } from './helpers';

const request: PermissionRequest = {
  type: 'permission_request',
  requestId: 'r1',
  speaker: { agent: 'builder', color: 'green', model: 'm', parentToolUseId: null, depth: 0 },
  callId: 'c1',
  toolName: 'Bash',
  input: { command: 'npm test' },
  preview: { kind: 'command', command: 'npm test', cwd: '/p', description: 'Run the tests' },
  reason: 'Bash asks by default',
  suggestion: { rule: 'Bash(npm test:*)', label: 'commands starting with npm test' },
};

function setup() {
  const decisions: UserDecision[] = [];
  const r = render(<PermissionPrompt request={request} cwd="/p" width={100} maxRows={20} onDecision={(d) => decisions.push(d)} />);
  return { ...r, decisions };
}

describe('PermissionPrompt', () => {
  it('shows the agent, tool, command, cwd, description and the three choices', () => {
    const { lastFrame } = setup();
    const f = plain(lastFrame());
    expect(f).toContain('builder wants to use Bash');
    expect(f).toContain('$ npm test');
    expect(f).toContain('in /p');
    expect(f).toContain('Run the tests');
    expect(f).toContain('1. Yes');
    expect(f).toContain("2. Yes, and don't ask again for commands starting with npm test this session");
    expect(f).toContain('3. No, and tell the agent what to do differently');
  });

  it('digit 1 allows once, digit 2 allows always with the suggested rule', async () => {
    const a = setup();
    await press(a.stdin, '1');
    expect(a.decisions).toEqual([{ type: 'once' }]);
    const b = setup();
    await press(b.stdin, '2');
    expect(b.decisions).toEqual([{ type: 'always', rule: 'Bash(npm test:*)' }]);
  });

  it('arrows and Enter choose', async () => {
    const a = setup();
    await press(a.stdin, KEYS.down, KEYS.enter);
    expect(a.decisions).toEqual([{ type: 'always', rule: 'Bash(npm test:*)' }]);
    const b = setup();
    await press(b.stdin, KEYS.up, KEYS.up, KEYS.up, KEYS.enter); // wraps: 0 -> 3 -> 2 -> 1
    expect(b.decisions).toEqual([{ type: 'always', rule: 'Bash(npm test:*)' }]);
    const c = setup();
    await press(c.stdin, KEYS.up, KEYS.enter); // 0 -> 3: always, saved
    expect(c.decisions).toEqual([{ type: 'always', rule: 'Bash(npm test:*)', persist: true }]);
  });

  it('option 4 allows always and asks for the rule to be saved to settings.local.json', async () => {
    const a = setup();
    expect(plain(a.lastFrame())).toContain('4. Yes, and always allow commands starting with npm test (saved to .tandem/settings.local.json)');
    await press(a.stdin, '4');
    expect(a.decisions).toEqual([{ type: 'always', rule: 'Bash(npm test:*)', persist: true }]);
  });

  it('option 3 opens a text field and Enter sends the feedback', async () => {
    const a = setup();
    await press(a.stdin, '3');
    expect(a.decisions).toEqual([]);
    await press(a.stdin, 'use pnpm', KEYS.enter);
    expect(a.decisions).toEqual([{ type: 'deny', feedback: 'use pnpm' }]);
  });

  it('Esc aborts', async () => {
    const a = setup();
    a.stdin.write(KEYS.esc);
    await wait(50);
    expect(a.decisions).toEqual([{ type: 'abort' }]);
  });
});
