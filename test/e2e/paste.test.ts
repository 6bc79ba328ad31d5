// Pasting into the shell: the terminal is put in bracketed-paste mode while the shell runs, so a pasted block
// that starts with a newline is kept as text (it used to send at that newline), and the mode is off after exit.
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pasting', () => {
  it('keeps a paste that starts with a newline as text, and sends it whole on Enter', async () => {
    const server = await ws.serve([{ text: 'Got it.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(server.url, ws.t) });
    await term.waitFor(/\/help for commands/);
    await sleep(100);
    expect(term.raw()).toContain('\x1b[?2004h');
    term.write('look:');
    await sleep(60);
    term.paste('\nline one\nline two');
    // Waits for the text rather than a fixed time: on a loaded machine the shell may still be finishing start-up.
    await term.waitFor(/❯ look:\s*\n\s+line one\n\s+line two/);
    expect(server.requests).toHaveLength(0);
    term.write(KEYS.enter);
    await term.waitFor('Got it.');
    const sent = JSON.stringify(server.requests[0]!.body.messages);
    expect(sent).toContain('look:\\nline one\\nline two');
    term.write(KEYS.ctrlC);
    await sleep(50);
    term.write(KEYS.ctrlC);
    await term.exited;
    expect(term.raw().lastIndexOf('\x1b[?2004l')).toBeGreaterThan(term.raw().lastIndexOf('\x1b[?2004h'));
  });
});
