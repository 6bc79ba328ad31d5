// The sandbox end to end: /sandbox in the shell (status, the boundary, turning it on for the project), a sandboxed
// Bash call that runs without a prompt, --sandbox / --no-sandbox headless, and failIfUnavailable.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../src/fake-server/types';
import { sandboxSkipReason } from '../sandbox/support';
import { KEYS, runTandem, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';
import { makeTestTempDir } from '../support/temp-dirs';

const skip = sandboxSkipReason();
if (skip) console.warn(`sandbox e2e tests skipped: ${skip}`);

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});

function lastToolResult(s: FakeServer): { content: unknown; is_error?: boolean } {
  const messages = s.requests[s.requests.length - 1]!.body.messages as Array<{ content: any }>;
  const blocks = messages[messages.length - 1]!.content as Array<{ type: string; content: unknown; is_error?: boolean }>;
  return blocks.find((b) => b.type === 'tool_result')!;
}

describe.skipIf(skip !== undefined)('sandbox end to end', () => {
  it('/sandbox shows it off with the boundary, /sandbox on saves it, then Bash runs unprompted and sandboxed', async () => {
    const s = await ws.serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo made > made-inside && echo ok-from-sandbox' } }] }, { text: 'all done' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor('Type a message', 15_000);
    // Typed into the early frame, a command of the full shell is not known yet: type it again until it is.
    for (let attempt = 0; ; attempt++) {
      term.write('/sandbox');
      await new Promise((r) => setTimeout(r, 200));
      term.write(KEYS.enter);
      const shown = await term.waitFor('Sandbox: off (not enabled in settings', 3000).then(() => true, () => false);
      if (shown) break;
      if (attempt === 5) throw new Error(`/sandbox never answered:\n${term.screen()}`);
    }
    await term.waitFor('Turn it on for this project: /sandbox on');
    expect(term.all()).toContain(`writable:         ${ws.t.project}`);
    term.write('/sandbox on');
    await new Promise((r) => setTimeout(r, 200));
    term.write(KEYS.enter);
    await term.waitFor('The sandbox is on', 15_000);
    const saved = JSON.parse(readFileSync(join(ws.t.project, '.tandem', 'settings.local.json'), 'utf8'));
    expect(saved.sandbox).toEqual({ enabled: true });
    term.write('make a file');
    await new Promise((r) => setTimeout(r, 200));
    term.write(KEYS.enter);
    await term.waitFor('all done', 20_000);
    expect(term.all()).toContain('(sandboxed)');
    expect(term.all()).not.toMatch(/Allow|Yes, and don't ask/);
    expect(readFileSync(join(ws.t.project, 'made-inside'), 'utf8')).toBe('made\n');
  });

  it("a sandboxed command cannot rewrite the project's hook script or MCP server script; /sandbox lists them", async () => {
    const p = ws.t.project;
    mkdirSync(join(p, '.claude'), { recursive: true });
    mkdirSync(join(p, 'scripts'));
    mkdirSync(join(p, 'mcp'));
    writeFileSync(join(p, 'scripts', 'fmt.sh'), 'exit 0\n');
    writeFileSync(join(p, 'mcp', 'server.js'), '// approved\n');
    writeFileSync(join(p, '.claude', 'settings.json'), JSON.stringify({ hooks: { PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'FOO=1 bash "$CLAUDE_PROJECT_DIR/scripts/fmt.sh"' }] }] } }));
    writeFileSync(join(p, '.mcp.json'), JSON.stringify({ mcpServers: { local: { command: 'node', args: ['mcp/server.js'] } } }));
    const s = await ws.serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo evil > scripts/fmt.sh; echo evil > mcp/server.js; echo attempted' } }] }, { text: 'all done' }]);
    term = startTerminal(['--sandbox'], { cwd: p, env: testEnv(s.url, ws.t), cols: 400 });
    await term.waitFor('Type a message', 15_000);
    term.write('rewrite them');
    await new Promise((r) => setTimeout(r, 200));
    term.write(KEYS.enter);
    await term.waitFor('all done', 20_000);
    expect([readFileSync(join(p, 'scripts', 'fmt.sh'), 'utf8'), readFileSync(join(p, 'mcp', 'server.js'), 'utf8')]).toEqual(['exit 0\n', '// approved\n']);
    for (let attempt = 0; ; attempt++) {
      term.write('/sandbox');
      await new Promise((r) => setTimeout(r, 200));
      term.write(KEYS.enter);
      const shown = await term.waitFor('read-only (run by your hooks, MCP servers, plugins):', 3000).then(() => true, () => false);
      if (shown) break;
      if (attempt === 5) throw new Error(`/sandbox never answered:\n${term.screen()}`);
    }
    expect(term.all()).toContain(`read-only (run by your hooks, MCP servers, plugins): ${join(p, 'mcp', 'server.js')}, ${join(p, 'scripts', 'fmt.sh')}`);
  });

  it('/doctor lists the sandbox: on, and that the --sandbox flag turned it on', async () => {
    const s = await ws.serve([{ text: 'unused' }]);
    term = startTerminal(['--sandbox'], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor('Type a message', 15_000);
    for (let attempt = 0; ; attempt++) {
      term.write('/doctor');
      await new Promise((r) => setTimeout(r, 200));
      term.write(KEYS.enter);
      const shown = await term.waitFor('Sandbox: on (bubblewrap)', 3000).then(() => true, () => false);
      if (shown) break;
      if (attempt === 5) throw new Error(`/doctor never answered:\n${term.screen()}`);
    }
    await term.waitFor('from the --sandbox flag');
  });

  it('a domain no list decides asks once in the shell; no refuses it', async () => {
    const get = 'curl -sS --max-time 20 -o /dev/null -w "code=%{http_code}\\n" http://unlisted.invalid/';
    const s = await ws.serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: `${get}; ${get}; echo finished` } }] }, { text: 'all done' }]);
    term = startTerminal(['--sandbox'], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor('Type a message', 15_000);
    term.write('fetch it');
    await new Promise((r) => setTimeout(r, 200));
    term.write(KEYS.enter);
    await term.waitFor('A sandboxed command wants to connect to unlisted.invalid', 20_000);
    term.write('n');
    await new Promise((r) => setTimeout(r, 300));
    term.write(KEYS.enter);
    await term.waitFor('all done', 30_000);
    const result = JSON.stringify(lastToolResult(s).content);
    expect(result).toContain('code=403');
    expect(result).toContain('finished');
    // Asked once: the second request got its answer without a second prompt (nobody would have answered it).
    expect(result.split('code=403').length - 1).toBe(2);
  });

  it('headless --sandbox: runs without --allowedTools, and a write outside comes back with the sandbox reason', async () => {
    const outside = makeTestTempDir('tandem-e2e-outside-');
    const s = await ws.serve([
      { content: [{ type: 'tool_use', name: 'Bash', input: { command: `touch inside.txt && echo x > ${outside}/escape.txt` } }] },
      { text: 'done' },
    ]);
    const run = await runTandem(['-p', 'go', '--sandbox'], { cwd: ws.t.project, env: testEnv(s.url, ws.t), timeoutMs: 40_000 });
    expect(run.code).toBe(0);
    expect(existsSync(join(ws.t.project, 'inside.txt'))).toBe(true);
    expect(existsSync(join(outside, 'escape.txt'))).toBe(false);
    const result = JSON.stringify(lastToolResult(s).content);
    expect(result).toContain('Read-only file system');
    expect(result).toContain("tandem's sandbox");
  });

  it('--no-sandbox overrides the settings: the call needs approval again (denied headless)', async () => {
    mkdirSync(join(ws.t.project, '.tandem'), { recursive: true });
    writeFileSync(join(ws.t.project, '.tandem', 'settings.json'), JSON.stringify({ sandbox: { enabled: true } }));
    const s = await ws.serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch nope.txt' } }] }, { text: 'done' }]);
    await runTandem(['-p', 'go', '--no-sandbox'], { cwd: ws.t.project, env: testEnv(s.url, ws.t), timeoutMs: 40_000 });
    expect(existsSync(join(ws.t.project, 'nope.txt'))).toBe(false);
    expect(JSON.stringify(lastToolResult(s).content)).toMatch(/not granted/);
  });

  it('failIfUnavailable: with bubblewrap missing, Bash is refused with the install line (and without it, it prompts)', async () => {
    // A PATH holding node only: bwrap and socat are "not installed".
    const bin = makeTestTempDir('tandem-e2e-nobwrap-');
    symlinkSync(process.execPath, join(bin, 'node'));
    mkdirSync(join(ws.t.project, '.tandem'), { recursive: true });
    writeFileSync(join(ws.t.project, '.tandem', 'settings.json'), JSON.stringify({ sandbox: { enabled: true, failIfUnavailable: true } }));
    const s = await ws.serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch refused.txt' } }] }, { text: 'done' }]);
    const run = await runTandem(['-p', 'go', '--allowedTools', 'Bash'], { cwd: ws.t.project, env: testEnv(s.url, ws.t, { PATH: bin }), timeoutMs: 40_000 });
    expect(run.stderr).toContain('apt-get install -y bubblewrap socat');
    expect(existsSync(join(ws.t.project, 'refused.txt'))).toBe(false);
    expect(JSON.stringify(lastToolResult(s).content)).toMatch(/did not run: the sandbox cannot start: bubblewrap and socat are not installed/);
  });
});
