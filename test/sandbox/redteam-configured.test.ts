// Red team, what tandem runs unsandboxed from the project (configured-programs.ts) inside the real sandbox: a
// symlinked hook script, a hook script that does not exist yet, a server whose command is a project file, a hook
// written with env assignments and `&&`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRedWorld, readOr, sandboxSkipReason, type RedWorld } from './redteam-support';

const skip = sandboxSkipReason();

describe.skipIf(skip !== undefined)('red team / files the configured hooks and servers run', () => {
  let w: RedWorld;
  const p = (...parts: string[]) => path.join(w.project, ...parts);

  beforeAll(async () => {
    w = await makeRedWorld({
      prepare: (project) => {
        const q = (...parts: string[]) => path.join(project, ...parts);
        fs.mkdirSync(q('real'));
        fs.writeFileSync(q('real', 'fmt.sh'), 'ok\n');
        fs.mkdirSync(q('hooks'));
        fs.symlinkSync(q('real', 'fmt.sh'), q('hooks', 'fmt.sh'));
        fs.mkdirSync(q('real', 'dir'));
        fs.writeFileSync(q('real', 'dir', 's.sh'), 'ok\n');
        fs.mkdirSync(q('sub'));
        fs.symlinkSync(q('real', 'dir'), q('sub', 'linked'));
        fs.mkdirSync(q('scripts'));
        fs.writeFileSync(q('scripts', 'lint.sh'), 'ok\n');
        fs.mkdirSync(q('bin'));
        fs.writeFileSync(q('bin', 'server'), 'ok\n');
        fs.mkdirSync(q('.tandem'));
        fs.writeFileSync(q('.tandem', 'settings.json'), JSON.stringify({ hooks: { Stop: [{ hooks: [
          { type: 'command', command: './hooks/fmt.sh' },
          { type: 'command', command: 'bash sub/linked/s.sh' },
          { type: 'command', command: 'FOO=1 true && bash "$CLAUDE_PROJECT_DIR/scripts/lint.sh"' },
          { type: 'command', command: '${CLAUDE_PROJECT_DIR}/hooks-later/new.sh' },
        ] }] } }));
        fs.writeFileSync(q('.mcp.json'), JSON.stringify({ mcpServers: { own: { command: './bin/server' } } }));
      },
    });
    w.startIn('project');
  });
  afterAll(async () => w?.close());

  it('cannot rewrite a symlinked hook script, through the link, by replacing the link, or at its target', async () => {
    await w.run(`echo evil > hooks/fmt.sh; echo evil > real/fmt.sh; rm -f hooks/fmt.sh; echo evil > hooks/fmt.sh; mv real real2; mv hooks hooks2`);
    expect({ link: fs.lstatSync(p('hooks', 'fmt.sh')).isSymbolicLink(), text: readOr(p('hooks', 'fmt.sh')), target: readOr(p('real', 'fmt.sh')) }).toEqual({ link: true, text: 'ok\n', target: 'ok\n' });
  });

  it('cannot swap a symlinked folder on the way to a hook script for a folder of its own (sub/linked/s.sh)', async () => {
    await w.run(`rm -f sub/linked; mkdir -p sub/linked && echo evil > sub/linked/s.sh; mv sub sub2`);
    expect({ link: fs.lstatSync(p('sub', 'linked')).isSymbolicLink(), text: readOr(p('sub', 'linked', 's.sh')) }).toEqual({ link: true, text: 'ok\n' });
  });

  it('cannot rewrite the script of a hook written with env assignments and && (scripts/lint.sh)', async () => {
    await w.run(`echo evil > scripts/lint.sh; rm -f scripts/lint.sh`);
    expect(readOr(p('scripts', 'lint.sh'))).toBe('ok\n');
  });

  it('cannot create the script a hook names before it exists (hooks-later/new.sh)', async () => {
    await w.run(`mkdir -p hooks-later; printf '#!/bin/sh\\ntouch x\\n' > hooks-later/new.sh`);
    expect(readOr(p('hooks-later', 'new.sh'))).not.toContain('touch');
  });

  it('cannot rewrite a server whose command is a project file (./bin/server)', async () => {
    await w.run(`echo evil > bin/server; rm -f bin/server; mv bin bin2`);
    expect(readOr(p('bin', 'server'))).toBe('ok\n');
  });

  it('other project files stay writable (the project is not frozen)', async () => {
    await w.run(`echo new > scripts/other.sh && echo new > notes.txt`);
    expect([readOr(p('scripts', 'other.sh')), readOr(p('notes.txt'))]).toEqual(['new\n', 'new\n']);
  });
});
