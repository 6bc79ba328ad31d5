// The Bash tool as the user sees it in the interactive shell: a fast writer's result counts every line (#13), and
// a command with a hidden control character is refused without a permission prompt (#12).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeServer, LoggedRequest } from '../../src/fake-server/types';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The tool_result blocks the model got in request i. */
function toolResults(s: FakeServer, i: number): Array<{ content: unknown; is_error?: boolean }> {
  const messages = (s.requests[i] as LoggedRequest).body.messages as Array<{ content: unknown }>;
  const last = messages[messages.length - 1]!.content;
  return Array.isArray(last) ? (last as Array<{ type: string; content: unknown; is_error?: boolean }>).filter((b) => b.type === 'tool_result') : [];
}

describe('Bash in the interactive shell', () => {
  it('shows every line of a fast writer and gives the model its last line', { timeout: 90_000 }, async () => {
    const seq = (n: number) => ({ content: [{ type: 'tool_use', name: 'Bash', input: { command: `seq 1 ${n}`, description: `Count to ${n}` } }] });
    const server = await ws.serve([seq(200_000), seq(5_000), seq(200_001), { text: 'Counted.' }]);
    term = startTerminal(['--allowedTools', 'Bash(seq:*)'], { cwd: ws.t.project, env: testEnv(server.url, ws.t) });
    await term.waitFor(/❯ /);
    term.write('count');
    await sleep(60);
    term.write(KEYS.enter);
    await term.waitFor('Counted.', 60_000);
    // The result line keeps the first 4 lines and counts the rest: a lost tail would show a smaller number.
    for (const n of [200_000, 5_000, 200_001]) await term.waitFor(`+${n - 4} lines (ctrl+o to expand)`, 5_000);
    const last = toolResults(server, 3)[0]!;
    expect(String(last.content).endsWith('200000\n200001')).toBe(true);
  });

  it('refuses a command with a hidden carriage return before any prompt', { timeout: 60_000 }, async () => {
    // On a terminal the CR sends the cursor back: a reviewer would read "echo hello" where bash runs the touch.
    const sneaky = 'touch pwned; # \recho hello';
    const server = await ws.serve([{ content: [{ type: 'tool_use', name: 'Bash', input: { command: sneaky } }] }, { text: 'Understood.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(server.url, ws.t) });
    await term.waitFor(/❯ /);
    term.write('go');
    await sleep(60);
    term.write(KEYS.enter);
    await term.waitFor('Understood.', 30_000);
    expect(term.all()).toMatch(/U\+000D CR/);
    expect(term.all()).not.toMatch(/Yes, and don't ask again|don't ask again/i);
    const result = toolResults(server, 1)[0]!;
    expect(result.is_error).toBe(true);
    expect(String(result.content)).toMatch(/U\+000D CR \(carriage return\)/);
    expect(existsSync(join(ws.t.project, 'pwned'))).toBe(false);
  });
});
