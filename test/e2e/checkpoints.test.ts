// Checkpoints end to end: a headless turn edits two files with Edit, deletes one and creates one with Bash;
// `tandem checkpoints restore` puts all four back exactly (content and mode), and its undo point reverses it.
// The project's own git status, index and HEAD are untouched throughout.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTandem, testEnv, useWorkspace } from './harness';

const ws = useWorkspace();

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
const fileState = (p: string) => (existsSync(p) ? `${readFileSync(p, 'utf8')}|${(statSync(p).mode & 0o777).toString(8)}` : 'absent');
// The index hash is read first: `git status` (even ours) may refresh the index, GIT_OPTIONAL_LOCKS=0 stops that.
const gitState = (p: string) => {
  const index = createHash('sha1').update(readFileSync(join(p, '.git', 'index'))).digest('hex');
  return `${git(p, 'status', '--porcelain')}|${git(p, 'rev-parse', 'HEAD')}|${index}`;
};

describe('checkpoints', () => {
  it('restores a turn that edited, deleted and created files, and the restore can be undone', async () => {
    const p = ws.t.project;
    writeFileSync(join(p, 'a.txt'), 'alpha\n');
    writeFileSync(join(p, 'b.sh'), '#!/bin/sh\necho beta\n');
    chmodSync(join(p, 'b.sh'), 0o755);
    writeFileSync(join(p, 'old.txt'), 'to be deleted\n');
    git(p, 'init', '-q');
    git(p, 'add', '.');
    git(p, 'commit', '-qm', 'base');
    writeFileSync(join(p, 'a.txt'), 'alpha staged\n');
    git(p, 'add', 'a.txt'); // a staged change the checkpoints must not disturb
    const gitBefore = gitState(p);
    const files = ['a.txt', 'b.sh', 'old.txt', 'new.txt'].map((f) => join(p, f));
    const before = files.map(fileState);

    const server = await ws.serve({
      turns: [
        { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'a.txt' } }, { type: 'tool_use', name: 'Read', input: { file_path: 'b.sh' } }] },
        { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'a.txt', old_string: 'alpha staged', new_string: 'ALPHA' } }] },
        { content: [{ type: 'tool_use', name: 'Edit', input: { file_path: 'b.sh', old_string: 'echo beta', new_string: 'echo BETA' } }] },
        { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'rm old.txt && printf "fresh\\n" > new.txt && chmod 644 b.sh' } }] },
        { text: 'Changed four files.' },
      ],
    });
    const env = testEnv(server.url, ws.t);
    const run = await runTandem(['-p', 'change things', '--allowedTools', 'Read,Edit,Bash'], { cwd: p, env });
    expect(run.stdout).toContain('Changed four files.');
    const after = files.map(fileState);
    expect(after).not.toEqual(before);
    expect(fileState(join(p, 'old.txt'))).toBe('absent');

    const listed = JSON.parse((await runTandem(['checkpoints', '--json'], { cwd: p, env })).stdout) as Array<{ id: string; turn: number; files: Array<{ path: string }> }>;
    expect(listed).toHaveLength(1);
    expect(listed[0]!.files.map((f) => f.path).sort()).toEqual(['a.txt', 'b.sh', 'new.txt', 'old.txt']);

    const restore = await runTandem(['checkpoints', 'restore', listed[0]!.id, '--yes'], { cwd: p, env });
    expect(restore.code).toBe(0);
    expect(files.map(fileState)).toEqual(before);
    expect(gitState(p)).toBe(gitBefore); // status, HEAD and index exactly as before the turn
    const undoId = restore.stdout.match(/\b([0-9a-f]{7,40})\b(?![\s\S]*\b[0-9a-f]{7,40}\b)/)?.[1];
    expect(undoId).toBeTruthy();

    const undo = await runTandem(['checkpoints', 'restore', undoId!, '--yes'], { cwd: p, env });
    expect(undo.code).toBe(0);
    expect(files.map(fileState)).toEqual(after);
    // The project's index and HEAD were never written (only the work tree changed).
    expect(gitState(p).split('|').slice(1)).toEqual(gitBefore.split('|').slice(1));
  });

  it('a turn that changes nothing leaves no checkpoint', async () => {
    const server = await ws.serve({ turns: [{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'true' } }] }, { text: 'nothing' }] });
    const env = testEnv(server.url, ws.t);
    await runTandem(['-p', 'do nothing', '--allowedTools', 'Bash'], { cwd: ws.t.project, env });
    const listed = JSON.parse((await runTandem(['checkpoints', '--json'], { cwd: ws.t.project, env })).stdout);
    expect(listed).toEqual([]);
  });
});
