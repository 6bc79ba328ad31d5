// The plain first frame drawn before Ink loads: what is typed there is kept by the shell, and a prompt sent
// with Enter before the shell is up becomes the first prompt.
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});

describe('the first frame', () => {
  it('keeps text typed before the shell draws, and the shell sends it', async () => {
    const server = await ws.serve([{ text: 'Got your early words.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(server.url, ws.t) });
    await term.waitFor('starting…', 5000);
    term.write('early words');
    await term.waitFor('/help for commands'); // the full shell is up
    await term.waitFor(/❯ early words/);
    term.write(KEYS.enter);
    await term.waitFor('Got your early words.');
    expect(JSON.stringify(server.requests[0]!.body.messages)).toContain('early words');
    expect(term.screen()).not.toContain('starting…');
  });

  it('a prompt sent with Enter before the shell is up is sent once it is', async () => {
    const server = await ws.serve([{ text: 'Answer to the quick one.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(server.url, ws.t) });
    await term.waitFor('starting…', 5000);
    term.write('quick one\r');
    await term.waitFor('Answer to the quick one.');
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(server.requests[0]!.body.messages)).toContain('quick one');
  });
});
