// `cd -P link/..` moves where the OS resolves the link (the link target's parent), not where the words point
// lexically: paths after it are judged there, so a Read deny rule on the file it really reads holds, in every mode.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseBash } from '../../src/permissions/bash-effects';
import { RulePolicy } from '../../src/permissions/policy';
import type { PermissionMode } from '../../src/permissions/types';
import { makeTestTempDir } from '../support/temp-dirs';

let base = '';
let root = '';
let home = '';
let out = '';

beforeAll(() => {
  base = makeTestTempDir('tandem-cdp-');
  root = path.join(base, 'project');
  home = path.join(base, 'home');
  out = path.join(base, 'out');
  for (const d of [root, home, path.join(out, 'sub')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(out, 'secret'), 's');
  fs.symlinkSync(path.join(out, 'sub'), path.join(root, 'link'));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

function decide(command: string, mode: PermissionMode): string {
  const policy = new RulePolicy({ homeDir: home, env: {}, rules: [{ rule: `Read(/${out}/secret)`, behavior: 'deny', source: 'test' }] });
  return policy.decide({ toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd: root }, agentName: 'main', mode, cwd: root, projectRoot: root }).behavior;
}

describe('cd -P and cd --physical', () => {
  it('the analysis follows the link for -P and stays lexical for a plain cd (as bash does)', () => {
    expect(analyseBash('cd -P link/.. && cat secret', root, home).reads[0]!.resolved.map((r) => r.real)).toContain(path.join(out, 'secret'));
    expect(analyseBash('cd -LP link/.. && cat secret', root, home).reads[0]!.resolved.map((r) => r.real)).toContain(path.join(out, 'secret'));
    expect(analyseBash('cd link/.. && cat secret', root, home).reads[0]!.resolved.map((r) => r.lexical)).toContain(path.join(root, 'secret'));
  });

  for (const mode of ['default', 'bypassPermissions'] as const) {
    it(`a Read deny rule holds through cd -P link/.. (${mode})`, () => {
      expect(decide('cd -P link/.. && cat secret', mode)).toBe('deny');
      expect(decide('cd -P link && cat ../secret', mode)).toBe('deny');
      // git -C and tar -C change folder themselves (chdir): physical too.
      expect(decide('git -C link/.. diff -- secret', mode)).toBe('deny');
    });
  }
});

describe('what the reason names', () => {
  it('a redirect through link/.. names where it really lands, not the lexical path inside the project', () => {
    const policy = new RulePolicy({ homeDir: home, env: {} });
    const command = 'echo x > link/../newfile';
    const d = policy.decide({ toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd: root }, agentName: 'main', mode: 'acceptEdits', cwd: root, projectRoot: root });
    expect(d.behavior).toBe('ask');
    expect(d.reason).toContain(path.join(out, 'newfile'));
    expect(d.reason).not.toContain(path.join(root, 'newfile'));
  });
});
