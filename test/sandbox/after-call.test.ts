// The check after a sandboxed command (src/sandbox/after-call.ts) on its own: what it moves aside and switches off
// in a repository that appeared during the command, and what it leaves alone. No bubblewrap needed.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAfterCall, recordBeforeCall } from '../../src/sandbox/after-call';
import { makeTestTempDir } from '../support/temp-dirs';

describe('check after a sandboxed command', () => {
  it('in a new repository: hooks moved aside, every command-running line a comment (quoted subsections too)', () => {
    const gitDir = path.join(makeTestTempDir('tandem-after-'), 'repo', '.git');
    const before = recordBeforeCall([]);
    fs.mkdirSync(path.join(gitDir, 'hooks'), { recursive: true });
    fs.writeFileSync(path.join(gitDir, 'hooks', 'pre-commit'), '#!/bin/sh\ntouch /tmp/x\n');
    fs.writeFileSync(path.join(gitDir, 'hooks', 'pre-push.sample'), 'sample\n');
    fs.writeFileSync(path.join(gitDir, 'config'), [
      '[core]', '\tbare = false', '\tfsmonitor = touch x', '[filter "lfs"]', '\tclean = touch x', '[diff "pdf"]', '\ttextconv = touch x',
      '[remote "origin"]', '\turl = https://example.invalid/r.git', '',
    ].join('\n'));
    const notes = checkAfterCall(before, [gitDir]);
    expect(fs.readdirSync(path.join(gitDir, 'hooks')).sort()).toEqual(['pre-commit.tandem-quarantine', 'pre-push.sample']);
    const config = fs.readFileSync(path.join(gitDir, 'config'), 'utf8');
    expect(config.split('\n').filter((l) => /^\s*(fsmonitor|clean|textconv)\s*=/.test(l))).toEqual([]);
    expect(config).toContain('\tbare = false');
    expect(config).toContain('\turl = https://example.invalid/r.git');
    expect(notes.join('\n')).toMatch(/switched off 3 command-running settings/);
  });

  it('in a repository known before: only running lines added meanwhile are switched off', () => {
    const gitDir = path.join(makeTestTempDir('tandem-after-'), '.git');
    fs.mkdirSync(gitDir, { recursive: true });
    fs.writeFileSync(path.join(gitDir, 'config'), '[alias]\n\tst = status\n');
    const before = recordBeforeCall([gitDir]);
    fs.appendFileSync(path.join(gitDir, 'config'), '[diff "x"]\n\ttextconv = touch x\n');
    checkAfterCall(before, [gitDir]);
    const config = fs.readFileSync(path.join(gitDir, 'config'), 'utf8');
    expect(config).toContain('\tst = status');
    expect(config).not.toMatch(/^\ttextconv/m);
  });
});
