// Trying tandem without a key: the shell opens with a message that says how to set one and offers the demo, and
// `tandem --demo` walks the whole tour against the scripted model it starts on loopback (a streamed answer, the
// todo panel, an Edit with its diff prompt, an agent switch), editing a scratch folder, never the user's project.
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The test environment with no API key at all, and a base URL nothing listens on (nothing may be sent there). */
function keylessEnv(): Record<string, string> {
  const env = testEnv('http://127.0.0.1:9', ws.t);
  delete env.ANTHROPIC_API_KEY;
  return env;
}

async function send(session: TerminalSession, text: string) {
  session.write(text);
  await sleep(80);
  session.write(KEYS.enter);
}

describe('without an API key', () => {
  it('the shell opens, says how to set a key and offers the demo', async () => {
    term = startTerminal([], { cwd: ws.t.project, env: keylessEnv() });
    await term.waitFor(/\/help for commands/);
    await term.waitFor('ANTHROPIC_API_KEY');
    expect(term.all()).toContain('tandem --demo');
    await send(term, 'hello');
    // A prompt without a key explains again instead of failing with a stack.
    await term.waitFor(/ANTHROPIC_API_KEY[\s\S]*ANTHROPIC_API_KEY/);
    expect(term.all()).not.toMatch(/at .*\.js:\d+/);
  });

  it('tandem --demo walks the tour: stream, todos, Edit with its diff, agent switch', async () => {
    term = startTerminal(['--demo'], { cwd: ws.t.project, env: keylessEnv() });
    await term.waitFor('demo mode');
    await send(term, 'show me');
    await term.waitFor('Welcome to the tandem demo');
    await term.waitFor('Reading greet.ts'); // the todo panel, first item in progress
    await term.waitFor('wants to use Edit', 20_000);
    expect(term.screen()).toContain("return 'Hello ' + name;");
    expect(term.screen()).toContain('return `Hello ${name}`;');
    term.write('1');
    await term.waitFor('now uses a template literal', 20_000);
    await term.waitFor('☑'); // todos completed
    await term.waitFor(/Type a message/);
    await send(term, '/agent api-engineer');
    await term.waitFor('switched to');
    await send(term, 'and now?');
    await term.waitFor('Speaking as api-engineer now', 20_000);
    // The demo edited its scratch folder: the project the shell was started in is untouched.
    expect(readdirSync(ws.t.project)).toEqual([]);
  });
});
