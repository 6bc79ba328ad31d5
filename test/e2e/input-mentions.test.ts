// `@path` in a typed prompt, in a pseudo-terminal: the file is read (as the Read tool would, under its rules) and
// sent with the prompt; the transcript shows one attachment line per mention.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
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
  // Each prompt ends with a plain word: no `@` completion menu is open at the cursor when Enter comes.
  term!.write(text);
  await sleep(150);
  term!.write(KEYS.enter);
}

const sentText = (body: { messages: unknown[] }) => JSON.stringify(body.messages);

describe('@path', () => {
  it('attaches files, quoted paths and folders; leaves missing ones as text with a note', async () => {
    mkdirSync(join(ws.t.project, 'src'), { recursive: true });
    writeFileSync(join(ws.t.project, 'src', 'x.ts'), Array.from({ length: 120 }, (_, i) => `export const line${i} = ${i}; // marker-x`).join('\n') + '\n');
    writeFileSync(join(ws.t.project, 'my notes.txt'), 'the spaced marker\n');
    writeFileSync(join(ws.t.project, 'src', 'y.ts'), 'export {};\n');
    const s = await ws.serve([{ text: 'Read them all.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/Type a message/);
    await sleep(300);
    await type('explain @src/x.ts and @"my notes.txt", list @src/ and @nope.ts, mail me@example.com, see @docs:readme. Thanks');
    await term.waitFor('Read them all.');
    const all = term.all();
    expect(all).toContain('@src/x.ts (120 lines)');
    expect(all).toContain('@my notes.txt (1 line)');
    expect(all).toMatch(/@src\/ \(\d+ entr/);
    expect(all).toContain('@nope.ts: no such file or folder; left as text');
    expect(all).not.toContain('example.com: no such'); // an email address is no mention
    expect(all).not.toContain('docs:readme: no such'); // an MCP resource's form: left for the mcp side, no note
    const sent = sentText(s.requests[0]!.body);
    expect(sent).toContain('export const line119 = 119; // marker-x');
    expect(sent).toContain('the spaced marker');
    expect(sent).toContain('y.ts');
    expect(sent).toContain('explain @src/x.ts and'); // the prompt itself is unchanged
  });

  it('follows Read rules: a denied file, a symlink to it, and an outside file answered no are not attached', async () => {
    mkdirSync(join(ws.t.project, '.tandem'), { recursive: true });
    writeFileSync(join(ws.t.project, '.tandem', 'settings.json'), JSON.stringify({ permissions: { deny: ['Read(./secret.env)'] } }));
    writeFileSync(join(ws.t.project, 'secret.env'), 'TOKEN=hunter2-secret\n');
    symlinkSync(join(ws.t.project, 'secret.env'), join(ws.t.project, 'innocent.txt'));
    writeFileSync(join(ws.t.home, 'outside.txt'), 'outside-marker\n');
    const s = await ws.serve([{ text: 'Nothing secret here.' }]);
    term = startTerminal([], { cwd: ws.t.project, env: testEnv(s.url, ws.t) });
    await term.waitFor(/Type a message/);
    await sleep(300);
    await type(`check @secret.env and @innocent.txt and @${join(ws.t.home, 'outside.txt')} now`);
    await term.waitFor('wants to use Read');
    expect(term.screen()).toContain('outside.txt');
    await sleep(400); // the prompt takes the keyboard once drawn
    term.write('3'); // No: the feedback field opens; Enter sends it empty
    await sleep(400);
    term.write(KEYS.enter);
    await term.waitFor('Nothing secret here.');
    const all = term.all();
    expect(all).toMatch(/@secret\.env: not attached: denied/);
    expect(all).toMatch(/@innocent\.txt: not attached: denied/);
    expect(all).toMatch(/outside\.txt: not attached/);
    const sent = sentText(s.requests[0]!.body);
    expect(sent).not.toContain('hunter2');
    expect(sent).not.toContain('outside-marker');
  });
});
