// Hook payloads in the shapes scripts written for Claude Code read: the common fields on every event, tool_use_id,
// tool_response per tool, the newer events, and SessionStart matchers by source.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { autoApprove, engineRig, type EngineRig } from '../engine/boot';

let rig: EngineRig | undefined;
afterEach(async () => {
  const r = rig;
  rig = undefined;
  await r?.close().catch(async () => {
    await new Promise((done) => setTimeout(done, 500));
    rmSync(join(r.project, '..'), { recursive: true, force: true });
  });
});

/** A hook that saves its stdin as one JSON file per call in `dir`. */
function recorder(dir: string, tag: string): { type: 'command'; command: string } {
  return { type: 'command', command: `mkdir -p "${dir}" && cat > "${dir}/${tag}-$(date +%s%N).json"` };
}

function payloads(dir: string, tag: string): Array<Record<string, any>> {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(`${tag}-`)).sort();
  } catch {
    return [];
  }
  return names.map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')));
}

describe('hook payloads', () => {
  it('PreToolUse/PostToolUse/PostToolUseFailure/PermissionRequest carry the common fields and Claude Code shapes', async () => {
    let out = '';
    rig = await engineRig([], {
      respond: (_req, i) => {
        const p = rig!.project;
        const script = [
          { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo hello-out' }, id: 'toolu_bash1' }] },
          { content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' }, id: 'toolu_read1' }] },
          { content: [{ type: 'tool_use', name: 'Write', input: { file_path: join(p, 'new.txt'), content: 'a\nb\n' }, id: 'toolu_write1' }] },
          { content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(p, 'missing.txt') }, id: 'toolu_read2' }] },
          { text: 'done' },
        ];
        return script[i] ?? { text: 'done' };
      },
    }, {
      setup: (p) => {
        out = join(p, '..', 'hook-out');
        writeFileSync(join(p, 'notes.txt'), 'line one\nline two\n');
        mkdirSync(join(p, '.tandem'), { recursive: true });
        writeFileSync(join(p, '.tandem', 'settings.json'), JSON.stringify({
          hooks: {
            PreToolUse: [{ matcher: '*', hooks: [recorder(out, 'pre')] }],
            PostToolUse: [{ matcher: 'Bash|Read|Write', hooks: [recorder(out, 'post')] }],
            PostToolUseFailure: [{ hooks: [recorder(out, 'fail')] }],
            PermissionRequest: [{ matcher: 'Write', hooks: [recorder(out, 'perm')] }],
            Stop: [{ hooks: [recorder(out, 'stop')] }],
          },
        }));
      },
    });
    autoApprove(rig);
    await rig.boot.session.send('go');
    await new Promise((done) => setTimeout(done, 300)); // the PermissionRequest hook is not awaited
    const pre = payloads(out, 'pre');
    expect(pre.map((p) => p.tool_use_id)).toEqual(['toolu_bash1', 'toolu_read1', 'toolu_write1', 'toolu_read2']);
    for (const p of pre) {
      expect(p).toMatchObject({ hook_event_name: 'PreToolUse', session_id: rig.boot.session.sessionId, cwd: rig.project, permission_mode: 'default' });
      expect(p.transcript_path).toBe(rig.boot.transcript.path);
    }
    const post = payloads(out, 'post');
    const bash = post.find((p) => p.tool_name === 'Bash')!;
    expect(bash.tool_use_id).toBe('toolu_bash1');
    expect(bash.tool_response).toMatchObject({ stderr: '', interrupted: false });
    expect(bash.tool_response.stdout).toContain('hello-out');
    const read = post.find((p) => p.tool_name === 'Read')!;
    expect(read.tool_response.file).toMatchObject({ filePath: join(rig.project, 'notes.txt'), content: 'line one\nline two\n'.split('\n').slice(0, read.tool_response.file.numLines).join('\n') });
    expect(read.tool_response.file.content).toContain('line two');
    const write = post.find((p) => p.tool_name === 'Write')!;
    expect(write.tool_response.filePath).toBe(join(rig.project, 'new.txt'));
    expect(Array.isArray(write.tool_response.structuredPatch)).toBe(true);
    // Claude Code's Write response carries what was written (checked against reference-claude's payload).
    expect(write.tool_response.content).toBe('a\nb\n');
    const fail = payloads(out, 'fail');
    expect(fail).toHaveLength(1);
    expect(fail[0]).toMatchObject({ hook_event_name: 'PostToolUseFailure', tool_name: 'Read', tool_use_id: 'toolu_read2', permission_mode: 'default' });
    expect(String(fail[0]!.error)).toMatch(/missing\.txt/);
    const perm = payloads(out, 'perm');
    expect(perm).toHaveLength(1);
    expect(perm[0]).toMatchObject({ hook_event_name: 'PermissionRequest', tool_name: 'Write', tool_use_id: 'toolu_write1' });
    // Stop hooks that summarise or notify read the last answer from the payload, as in Claude Code.
    expect(payloads(out, 'stop')[0]).toMatchObject({ hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: 'done' });
  });

  it('SessionStart matchers: startup runs at start, resume and clear only on those; /clear fires clear', async () => {
    let out = '';
    rig = await engineRig([], { turns: [{ text: 'ok' }] }, {
      setup: (p) => {
        out = join(p, '..', 'hook-out');
        mkdirSync(join(p, '.tandem'), { recursive: true });
        writeFileSync(join(p, '.tandem', 'settings.json'), JSON.stringify({
          hooks: {
            SessionStart: [
              { matcher: 'startup', hooks: [recorder(out, 'startup')] },
              { matcher: 'resume', hooks: [recorder(out, 'resume')] },
              { matcher: 'clear', hooks: [recorder(out, 'clear')] },
            ],
          },
        }));
      },
    });
    expect(payloads(out, 'startup')).toHaveLength(1);
    expect(payloads(out, 'startup')[0]).toMatchObject({ hook_event_name: 'SessionStart', source: 'startup', permission_mode: 'default' });
    expect(payloads(out, 'resume')).toHaveLength(0);
    expect(payloads(out, 'clear')).toHaveLength(0);
    rig.boot.session.clear();
    await new Promise((done) => setTimeout(done, 500));
    expect(payloads(out, 'clear')).toHaveLength(1);
  });
});
