// Issue #14: /rewind puts back the todos as they were before the turn and the turn's prompt into the input,
// ready to edit and send again.
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const ws = useWorkspace();
let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill();
  term = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function type(session: TerminalSession, text: string) {
  session.write(text);
  await sleep(60);
  session.write(KEYS.enter);
}
const todo = (content: string, status: string) => ({ content, status, activeForm: content });

describe('/rewind', () => {
  it('puts back the todos from before the turn and the turn prompt into the input, then sends the edit', async () => {
    const s = await ws.serve([
      { content: [{ type: 'tool_use', name: 'TodoWrite', input: { todos: [todo('alpha step', 'pending'), todo('beta step', 'pending')] } }] },
      { text: 'Planned it.' },
      { content: [{ type: 'tool_use', name: 'TodoWrite', input: { todos: [todo('alpha step', 'completed'), todo('beta step', 'pending'), todo('gamma step', 'pending')] } }] },
      { text: 'Did alpha.' },
      { text: 'Did alpha again, carefully.' },
    ]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t), cols: 100, rows: 30 });
    await term.waitFor('/help for commands');
    await type(term, 'plan the work');
    await term.waitFor('Planned it.');
    await type(term, 'do the alpha step now');
    await term.waitFor('Did alpha.');
    await term.waitFor(/gamma step/);
    await term.waitFor(/Type a message/);
    await type(term, '/rewind');
    await term.waitFor('Rewind to before which turn?');
    await term.waitFor(/2\. \d\d:\d\d\s+do the alpha step now/);
    term.write(KEYS.enter); // the last turn is selected
    await term.waitFor('conversation only');
    term.write('3');
    await term.waitFor(/Rewind to before turn 2: .*conversation rewound/);
    await term.waitFor(/❯ do the alpha step now/);
    const screen = term.screen();
    expect(screen).not.toMatch(/gamma step/); // the todo panel is as it was before turn 2
    expect(screen).toMatch(/Todos 0\/2/);
    term.write(' carefully');
    await sleep(60);
    term.write(KEYS.enter);
    await term.waitFor('Did alpha again, carefully.');
    const last = JSON.stringify(s.requests[s.requests.length - 1]!.body.messages);
    expect(last).toContain('do the alpha step now carefully');
    expect(last).not.toContain('Did alpha.');
  }, 90_000);
});
