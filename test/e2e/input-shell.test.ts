// `!command` in a pseudo-terminal: the user's own shell command, through the Bash tool's permission rules, shown
// as a Bash call, its output added to the conversation for the next prompt.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function type(text: string) {
  term!.write(text);
  await sleep(100);
  term!.write(KEYS.enter);
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}\n--- screen ---\n${term?.screen()}`);
    await sleep(40);
  }
}

describe('!command', () => {
  it('runs a read-only command at once, shows it as a Bash call, and the model sees it with the next prompt', async () => {
    const s = await ws.serve([{ text: 'I see the greeting.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/Type a message/);
    await sleep(300);
    await type('!echo hello-from-shell');
    await term.waitFor(/Bash\(echo hello-from-shell\)/);
    await term.waitFor(/^\s+hello-from-shell/m);
    expect(term.all()).toContain('> ! echo hello-from-shell');
    expect(s.requests.length).toBe(0); // no turn started
    // A failing command: marked as failed, with its exit code.
    await type('!ls no-such-dir-here');
    await term.waitFor(/✗ .*Bash\(ls no-such-dir-here\)/);
    await term.waitFor(/exit(ed with)? (code )?2/);
    await type('what did it print?');
    await term.waitFor('I see the greeting.');
    const sent = JSON.stringify(s.requests[0]!.body.messages);
    expect(sent).toContain('$ echo hello-from-shell');
    expect(sent).toContain('hello-from-shell\\n');
    expect(sent).toContain('$ ls no-such-dir-here');
    expect(sent).toContain('what did it print?');
  });

  it('obeys deny rules and asks where an ask rule matches, as the Bash tool does', async () => {
    mkdirSync(join(ws.t.project, '.tandem'), { recursive: true });
    writeFileSync(join(ws.t.project, '.tandem', 'settings.json'), JSON.stringify({ permissions: { deny: ['Bash(rm:*)'], ask: ['Bash(cat:*)'] } }));
    writeFileSync(join(ws.t.project, 'keep.txt'), 'precious\n');
    const s = await ws.serve([{ text: 'Noted.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/Type a message/);
    await sleep(300);
    await type('!rm -f keep.txt');
    await term.waitFor(/✗ .*Bash\(rm -f keep\.txt\)/);
    await term.waitFor(/denied/);
    expect(existsSync(join(ws.t.project, 'keep.txt'))).toBe(true);
    // `cat` is read-only, but an ask rule matches: the normal prompt comes up.
    await type('!cat keep.txt');
    await term.waitFor('wants to use Bash');
    term.write('1');
    await term.waitFor(/^\s+precious/m);
    // Not read-only: asks too; answered no, nothing runs.
    await type('!touch made.txt');
    await term.waitFor(/wants to use Bash[\s\S]*touch made\.txt/);
    term.write(KEYS.esc);
    await until(() => !term!.screen().includes('wants to use Bash'), 'the prompt to close');
    await sleep(300);
    expect(existsSync(join(ws.t.project, 'made.txt'))).toBe(false);
    await type('go on');
    await term.waitFor('Noted.');
    const sent = JSON.stringify(s.requests[0]!.body.messages);
    expect(sent).toContain('$ cat keep.txt');
    expect(sent).not.toContain('rm -f keep.txt'); // what did not run is not in the conversation
    expect(sent).not.toContain('touch made.txt');
  });

  it('is refused while the agent works, and stays in the input', async () => {
    const s = await ws.serve([{ text: `Thinking hard. ${'la '.repeat(60)} Finished.`, chunkChars: 4, deltaDelayMs: 50 }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/Type a message/);
    await sleep(300);
    await type('start');
    await term.waitFor('Thinking hard.');
    await type('!touch during.txt');
    await term.waitFor('the command stays in the input');
    expect(term.screen()).toMatch(/❯ !touch during\.txt/);
    await term.waitFor('Finished.');
    await sleep(300);
    expect(existsSync(join(ws.t.project, 'during.txt'))).toBe(false);
    expect(s.requests.length).toBe(1);
  });
});
