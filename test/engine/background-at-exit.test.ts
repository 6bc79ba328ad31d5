// Issue #13, background commands when the session ends: they are stopped (nothing keeps running after tandem),
// but what they printed is not silently thrown away: each one's output is saved in the session folder and the
// transcript records that it was stopped and where its output is.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { transcriptPath as transcriptFile } from '../../src/session/transcript-store';
import { autoApprove, engineRig } from './boot';

it('a background command still running at exit: stopped, its output saved, the transcript says so', { timeout: 60_000 }, async () => {
  const rig = await engineRig([], {
    turns: [
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: "printf 'BG-%s\\n' 1 2 3; sleep 30", run_in_background: true } }] },
      { text: 'started' },
    ],
  });
  autoApprove(rig);
  await rig.boot.session.send('start the server');
  const { tandemHome, projectRoot } = rig.boot.locations;
  const file = transcriptFile({ tandemHome, projectRoot, sessionId: rig.boot.session.sessionId });
  await new Promise((r) => setTimeout(r, 1000));
  await rig.boot.close();
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const stopped = lines.filter((l) => l.type === 'background_stopped');
  try {
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatchObject({ shellId: 'bash_1', command: expect.stringContaining('sleep 30') });
    const saved = String(stopped[0]!.outputFile);
    expect(existsSync(saved)).toBe(true);
    expect(readFileSync(saved, 'utf8')).toMatch(/BG-1\nBG-2\nBG-3/);
  } finally {
    await rig.server.close();
    rmSync(dirname(rig.project), { recursive: true, force: true });
  }
});
