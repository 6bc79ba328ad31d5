// Session rule changes last: /permissions remove and keep are written to the real transcript, and a resumed
// session gets back exactly the rules in force at the end, never one it did not have.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPermissionsCommand } from '../../src/cli/permissions-command';
import { RulePolicy } from '../../src/permissions/policy';
import { replaySessionRules, sessionRulesAfter } from '../../src/permissions/session-rules';
import type { PermissionQuery } from '../../src/permissions/types';
import { TranscriptWriter, readTranscript, rebuildState } from '../../src/session/transcript-store';
import { makeTestTempDir } from '../support/temp-dirs';

let base = '';
let projectRoot = '';
let tandemHome = '';

beforeEach(() => {
  base = makeTestTempDir('tandem-session-rules-');
  projectRoot = path.join(base, 'proj');
  tandemHome = path.join(base, 'home', '.tandem');
  fs.mkdirSync(projectRoot, { recursive: true });
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

function bash(command: string): PermissionQuery {
  return { toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd: projectRoot }, agentName: 'main', mode: 'default', cwd: projectRoot, projectRoot };
}

/** One session: a policy and a transcript writer, as bootstrap builds them. */
async function openSession(sessionId: string, replay = true) {
  const writer = await TranscriptWriter.create({ tandemHome, projectRoot, sessionId, secrets: [] });
  const policy = new RulePolicy({ homeDir: path.join(base, 'home') });
  const warnings: string[] = [];
  if (replay) {
    const state = rebuildState((await readTranscript(writer.path)).entries);
    warnings.push(...replaySessionRules(policy, state.sessionRules));
  }
  const transcript = { path: writer.path, append: async (entry: Record<string, unknown> & { type: string }) => void (await writer.append(entry as never)) };
  const run = (args: string) => runPermissionsCommand(args, { policy, transcript, projectRoot, mode: () => 'default', modeSource: 'built-in default', ruleIssues: [] });
  /** What the engine writes when the user answers "always" (tool-runner.ts). */
  const always = async (rule: string, behavior: 'allow' | 'deny' | 'ask' = 'allow') => {
    policy.addSessionRule(rule, behavior);
    await writer.append({ type: 'session_rule', rule, behavior } as never);
  };
  return { writer, policy, run, always, warnings };
}

describe('/permissions lists where each rule comes from', () => {
  it('file:line, the flag, this session, and managed files marked', async () => {
    const policy = new RulePolicy({ rules: [{ rule: 'Read(.env)', behavior: 'deny', source: '/etc/tandem/managed-settings.json', line: 3 }, { rule: 'Bash(ls:*)', behavior: 'allow', source: '/p/.tandem/settings.json', line: 7 }], disallowedTools: ['WebFetch'] });
    policy.addSessionRule('Bash(make:*)', 'allow');
    const out = await runPermissionsCommand('', {
      policy,
      transcript: { path: '', append: async () => undefined },
      projectRoot,
      mode: () => 'dontAsk',
      modeSource: '--permission-mode',
      ruleIssues: [],
      permissionWarnings: ['/p/.tandem/settings.json:2: "permissions.defaultMode" is "auto"'],
      managedFiles: new Set(['/etc/tandem/managed-settings.json']),
    });
    expect(out.split('\n')).toEqual([
      'Permission mode: dontAsk (started as set by --permission-mode)',
      'deny  Read(.env)  (managed: /etc/tandem/managed-settings.json:3)',
      'deny  WebFetch  (--disallowedTools)',
      'allow Bash(ls:*)  (/p/.tandem/settings.json:7)',
      'allow Bash(make:*)  (this session)',
      '',
      'Permission settings with problems:',
      '  ! /p/.tandem/settings.json:2: "permissions.defaultMode" is "auto"',
      '',
      'Where every setting comes from: /doctor',
    ]);
  });
});

describe('/permissions remove and keep survive --continue', () => {
  it('a removed rule stays removed after resuming', async () => {
    const s1 = await openSession('s1', false);
    await s1.always('Bash(curl:*)');
    expect(s1.policy.decide(bash('curl x')).behavior).toBe('allow');
    expect(await s1.run('remove Bash(curl:*)')).toBe('removed the session rule Bash(curl:*)');
    expect(s1.policy.decide(bash('curl x')).behavior).toBe('ask');
    await s1.writer.close();

    const s2 = await openSession('s1');
    expect(s2.policy.listRules()).toEqual([]);
    expect(s2.policy.decide(bash('curl x')).behavior).toBe('ask');
    await s2.writer.close();
  });

  it('a deny session rule comes back as a deny, an ask as an ask (never as an allow)', async () => {
    const s1 = await openSession('s2', false);
    await s1.always('Bash(rm:*)', 'deny');
    await s1.always('Bash(git push:*)', 'ask');
    await s1.writer.close();
    const s2 = await openSession('s2');
    expect(s2.policy.listRules()).toEqual([
      { rule: 'Bash(rm:*)', behavior: 'deny', source: 'session' },
      { rule: 'Bash(git push:*)', behavior: 'ask', source: 'session' },
    ]);
    expect(s2.policy.decide(bash('rm -rf x')).behavior).toBe('deny');
    expect(s2.policy.decide(bash('git push origin main')).behavior).toBe('ask');
    await s2.writer.close();
  });

  it('an allow added after a deny of the same rule does not replace the deny', () => {
    expect(sessionRulesAfter([
      { rule: 'Bash(rm:*)', behavior: 'deny' },
      { rule: 'Bash(rm:*)', behavior: 'allow' },
    ])).toEqual([{ rule: 'Bash(rm:*)', behavior: 'deny' }, { rule: 'Bash(rm:*)', behavior: 'allow' }]);
    const policy = new RulePolicy();
    replaySessionRules(policy, [{ rule: 'Bash(rm:*)', behavior: 'deny' }, { rule: 'Bash(rm:*)', behavior: 'allow' }]);
    expect(policy.decide(bash('rm x')).behavior).toBe('deny');
  });

  it('a kept rule is saved with its behavior and then comes from the file, not the transcript', async () => {
    const s1 = await openSession('s3', false);
    await s1.always('Bash(rm:*)', 'deny');
    await s1.always('Bash(npm test:*)');
    expect(await s1.run('keep Bash(rm:*)')).toMatch(/^saved deny Bash\(rm:\*\) to .*settings\.local\.json$/);
    await s1.writer.close();
    const file = path.join(projectRoot, '.tandem', 'settings.local.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ permissions: { deny: ['Bash(rm:*)'] } });
    const s2 = await openSession('s3');
    expect(s2.policy.listRules()).toEqual([{ rule: 'Bash(npm test:*)', behavior: 'allow', source: 'session' }]);
    await s2.writer.close();
  });

  it('a rule saved to a file by the "always, and remember" answer is not replayed once the user took it out of the file', () => {
    expect(sessionRulesAfter([{ rule: 'Bash(make:*)', behavior: 'allow', persist: true }])).toEqual([]);
  });

  it('only rules that can be read, with a known behavior, are replayed', async () => {
    const s1 = await openSession('s4', false);
    await s1.writer.append({ type: 'session_rule', rule: 'Bash(ls', behavior: 'allow' } as never);
    await s1.writer.append({ type: 'session_rule', rule: 'Bash', behavior: 'bless' } as never);
    await s1.writer.close();
    const s2 = await openSession('s4');
    expect(s2.policy.listRules()).toEqual([]);
    expect(s2.warnings).toEqual([expect.stringMatching(/allow rule "Bash\(ls" cannot be read and is not restored/)]);
    await s2.writer.close();
  });

  it('remove and keep only touch session rules, and say so', async () => {
    const s1 = await openSession('s5', false);
    expect(await s1.run('remove Bash(ls:*)')).toMatch(/^no session rule Bash\(ls:\*\): only rules added this session can be removed/);
    expect(await s1.run('keep Bash')).toMatch(/^no session rule Bash/);
    expect(fs.existsSync(path.join(projectRoot, '.tandem', 'settings.local.json'))).toBe(false);
    expect(await s1.run('keep')).toMatch(/^Usage: \/permissions keep RULE/);
    await s1.writer.close();
  });
});
