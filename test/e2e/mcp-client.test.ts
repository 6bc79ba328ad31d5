// The MCP client features end to end, with a real stdio server (test/fixtures/mcp/interactive-server.mjs) the
// user configured in ~/.claude.json: a server's form in the shell (keys in, screen out), declined headless;
// progress on the tool line; @server:uri resources and /mcp__server__prompt commands; resources in tool results
// saved where the model can Read them; an agent's stale MCP tool name warned when the server connects.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../src/fake-server/types';
import { KEYS, runTandem, startTerminal, testEnv, useWorkspace, type TerminalSession } from './harness';

const SERVER = join(__dirname, '../fixtures/mcp/interactive-server.mjs');
const ws = useWorkspace();
let term: TerminalSession | undefined;
let serverEnv: Record<string, string> = {};

beforeEach(() => {
  serverEnv = {};
});
afterEach(() => {
  term?.kill('SIGKILL');
  term = undefined;
});

/** The user's own server (no approval needed), with the environment the test sets. */
function configure(env: Record<string, string> = {}): void {
  serverEnv = env;
  writeFileSync(join(ws.t.home, '.claude.json'), JSON.stringify({ mcpServers: { srv: { command: process.execPath, args: [SERVER], env: serverEnv } } }));
}

type Block = { type: string; text?: string; content?: unknown; is_error?: boolean };
function lastUserBlocks(s: FakeServer, i: number): Block[] {
  const messages = s.requests[i]!.body.messages as Array<{ role: string; content: string | Block[] }>;
  const last = messages[messages.length - 1]!;
  return typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
}
const toolResultText = (s: FakeServer, i: number) => JSON.stringify(lastUserBlocks(s, i).find((b) => b.type === 'tool_result')?.content ?? null);

async function startShell(server: FakeServer, args: string[] = []): Promise<TerminalSession> {
  term = startTerminal(['--allowedTools', 'mcp__srv', ...args], { cwd: ws.t.project, env: testEnv(server.url, ws.t), cols: 120, rows: 40 });
  await term.waitFor(/❯ /, 20_000);
  return term;
}

/** Types a prompt once the server is connected (its tools are in the next request). */
async function send(t: TerminalSession, text: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  t.write(text);
  await new Promise((r) => setTimeout(r, 200));
  t.write(KEYS.enter);
}

async function waitConnected(t: TerminalSession): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    t.write('/mcp');
    await new Promise((r) => setTimeout(r, 300));
    t.write(KEYS.enter);
    try {
      await t.waitFor(/connected\s+srv/, 2000);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

describe('elicitation', () => {
  it('shows the server form in the shell, checks it, and sends what the user typed', async () => {
    configure({ FIXTURE_FORM_MESSAGE: 'Send the report \u001b[2J\u001b[31mnow\u001b[0m to whom?' });
    const server = await ws.serve({
      turns: [
        { content: [{ type: 'tool_use', name: 'mcp__srv__ask', input: {} }] },
        { content: [{ type: 'tool_use', name: 'mcp__srv__ask', input: {} }] },
        { text: 'both forms done' },
      ],
    });
    const t = await startShell(server);
    await waitConnected(t);
    await send(t, 'ask me');
    await t.waitFor('asks you to fill in a form', 30_000);
    const screen = t.screen();
    expect(screen).toContain('MCP server "srv" asks you to fill in a form');
    expect(screen).toContain('this form approves nothing');
    // The server's escape sequences are shown, not obeyed.
    expect(screen).toContain('Send the report \\x1b[2J\\x1b[31mnow\\x1b[0m to whom?');
    // Its badge is not the permission prompt's.
    const inverse = await t.inverseRows();
    expect(inverse.some((r) => r.inverse.includes('MCP form'))).toBe(true);
    expect(inverse.some((r) => /permission/.test(r.inverse))).toBe(false);

    // Too short a name and no colour: the form says so and stays.
    t.write('A');
    for (let i = 0; i < 4; i++) t.write(KEYS.tab);
    await new Promise((r) => setTimeout(r, 200));
    t.write(KEYS.enter);
    await t.waitFor('needs at least 2 characters', 10_000);
    expect(t.screen()).toContain('required: pick one');
    // Focus went back to the name.
    t.write('da');
    t.write(KEYS.tab);
    t.write('36');
    t.write(KEYS.tab);
    t.write('\x1b[C'); // red
    t.write('\x1b[C'); // green
    t.write(KEYS.tab);
    t.write('y');
    t.write(KEYS.tab);
    await t.waitFor('❯ Submit', 10_000);
    t.write(KEYS.enter);

    // The second form: declined from the answers row.
    await t.waitFor('form answer: {"action":"accept"', 30_000);
    await t.waitFor(/asks you to fill in a form[\s\S]*❯ Your name\*: *\n/, 30_000);
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 4; i++) t.write(KEYS.tab);
    t.write('\x1b[C');
    await t.waitFor('❯ Decline', 10_000);
    t.write(KEYS.enter);
    await t.waitFor('both forms done', 30_000);
    expect(toolResultText(server, 1)).toContain('form answer: {\\"action\\":\\"accept\\",\\"content\\":{\\"name\\":\\"Ada\\",\\"age\\":36,\\"color\\":\\"green\\",\\"subscribe\\":true}}');
    expect(toolResultText(server, 2)).toContain('form answer: {\\"action\\":\\"decline\\"}');
  }, 120_000);

  it('Esc cancels the form', async () => {
    configure();
    const server = await ws.serve({ turns: [{ content: [{ type: 'tool_use', name: 'mcp__srv__ask', input: {} }] }, { text: 'after the form' }] });
    const t = await startShell(server);
    await waitConnected(t);
    await send(t, 'ask me');
    await t.waitFor('asks you to fill in a form', 30_000);
    await new Promise((r) => setTimeout(r, 200));
    t.write(KEYS.esc);
    await t.waitFor('after the form', 30_000);
    expect(readLog(server)).toMatch(/"action\\*":\\*"cancel/);
  }, 120_000);

  it('is declined in headless mode', async () => {
    configure();
    const server = await ws.serve({ turns: [{ content: [{ type: 'tool_use', name: 'mcp__srv__ask', input: {} }] }, { text: 'declined' }] });
    const run = await runTandem(['-p', 'ask', '--allowedTools', 'mcp__srv'], { cwd: ws.t.project, env: testEnv(server.url, ws.t), timeoutMs: 30_000 });
    expect(run.stdout.trim()).toBe('declined');
    expect(toolResultText(server, 1)).toContain('form answer: {\\"action\\":\\"decline\\"}');
  }, 60_000);
});

function readLog(server: FakeServer): string {
  return JSON.stringify(server.requests.map((r) => r.body.messages));
}

describe('progress', () => {
  it('shows the server progress on the running tool line', async () => {
    const release = join(ws.t.home, 'release');
    configure({ FIXTURE_RELEASE_FILE: release });
    const server = await ws.serve({ turns: [{ content: [{ type: 'tool_use', name: 'mcp__srv__index', input: {} }] }, { text: 'indexed it' }] });
    const t = await startShell(server);
    await waitConnected(t);
    await send(t, 'index');
    await t.waitFor(/running.*3\/4 indexing files/, 30_000);
    writeFileSync(release, '');
    await t.waitFor('indexed it', 30_000);
    expect(toolResultText(server, 1)).toContain('indexed with progress token');
  }, 120_000);
});

describe('resources and prompts', () => {
  it('@ completion lists the server resources and the mention attaches the content', async () => {
    configure();
    const server = await ws.serve({ turns: [{ text: 'read it' }] });
    const t = await startShell(server);
    await waitConnected(t);
    await new Promise((r) => setTimeout(r, 300));
    t.write('summarise @srv:memo://gr');
    await t.waitFor('srv:memo://greeting', 10_000);
    t.write(KEYS.tab);
    await new Promise((r) => setTimeout(r, 300));
    t.write('please');
    await new Promise((r) => setTimeout(r, 200));
    t.write(KEYS.enter);
    await t.waitFor('read it', 30_000);
    const blocks = lastUserBlocks(server, 0);
    expect(blocks[0]!.text).toBe('summarise @srv:memo://greeting please');
    expect(blocks.map((b) => b.text ?? '').join('\n')).toContain('hello from a resource');
  }, 120_000);

  it('a server prompt runs as /mcp__srv__review in the shell, listed with its arguments', async () => {
    configure();
    const server = await ws.serve({ turns: [{ text: 'reviewed' }] });
    const t = await startShell(server);
    await waitConnected(t);
    await new Promise((r) => setTimeout(r, 300));
    t.write('/mcp__srv__re');
    await t.waitFor('(MCP srv) Asks for a review of one file.', 10_000);
    t.write('view "src/a b.ts" naming things');
    await new Promise((r) => setTimeout(r, 300));
    t.write(KEYS.enter);
    await t.waitFor('reviewed', 30_000);
    const text = lastUserBlocks(server, 0).map((b) => b.text ?? '').join('\n');
    expect(text).toContain('Please review src/a b.ts with a focus on naming things.');
    expect(text).toContain('hello from a resource');
  }, 120_000);

  it('headless: /mcp__srv__review by name, and @srv:uri in -p', async () => {
    configure();
    const server = await ws.serve({ turns: [{ text: 'one' }, { text: 'two' }, { text: 'three' }] });
    const env = testEnv(server.url, ws.t);
    const first = await runTandem(['-p', '/mcp__srv__review focus=tests lib/x.ts'], { cwd: ws.t.project, env, timeoutMs: 30_000 });
    expect(first.stdout.trim()).toBe('one');
    expect(lastUserBlocks(server, 0)[0]!.text).toContain('Please review lib/x.ts with a focus on tests.');
    const missing = await runTandem(['-p', '/mcp__srv__review'], { cwd: ws.t.project, env, timeoutMs: 30_000 });
    expect(missing.stderr).toMatch(/needs file; usage: \/mcp__srv__review <file> \[focus\]/);
    const mention = await runTandem(['-p', 'look at @srv:memo://big and @srv:memo://nothing'], { cwd: ws.t.project, env, timeoutMs: 30_000 });
    expect(mention.stdout.trim()).toBe('three');
    expect(mention.stderr).toMatch(/@srv:memo:\/\/nothing was not attached/);
    const attached = lastUserBlocks(server, 2).map((b) => b.text ?? '').join('\n');
    // The big resource is over the inline cap: saved under tandem's home, its path given.
    const saved = /saved at (\S+)\] \(use Read/.exec(attached)?.[1];
    expect(saved).toBeDefined();
    expect(saved!.startsWith(join(ws.t.home, '.tandem'))).toBe(true);
    expect(readFileSync(saved!, 'utf8')).toContain('line of a big resource');
  }, 120_000);
});

describe('resources in tool results', () => {
  it('a linked PDF is saved under the session tool-output folder and its path given to the model', async () => {
    configure();
    const server = await ws.serve({ turns: [{ content: [{ type: 'tool_use', name: 'mcp__srv__links', input: {} }] }, { text: 'saved' }] });
    const run = await runTandem(['-p', 'links', '--allowedTools', 'mcp__srv'], { cwd: ws.t.project, env: testEnv(server.url, ws.t), timeoutMs: 30_000 });
    expect(run.stdout.trim()).toBe('saved');
    const result = lastUserBlocks(server, 1).find((b) => b.type === 'tool_result')!;
    const text = JSON.stringify(result.content);
    expect(text).toContain('hello from a resource');
    const paths = [...text.matchAll(/saved at ([^\]]+)\] \(use Read/g)].map((m) => m[1]!);
    expect(paths).toHaveLength(2);
    for (const p of paths) {
      expect(p.startsWith(join(ws.t.home, '.tandem'))).toBe(true);
      expect(p).toMatch(/\/tool-output\/[A-Za-z0-9_-]+-resource-\d\.(pdf|bin)$/);
      expect(existsSync(p)).toBe(true);
    }
    expect(readFileSync(paths[0]!).subarray(0, 4).toString()).toBe('%PDF');
    expect(JSON.stringify(result.content)).toContain('"type":"image"');
  }, 60_000);
});

describe('agents and MCP tools', () => {
  it('a server that is configured but broken or turned off is not "not configured", in tandem agents or a session', async () => {
    writeFileSync(
      join(ws.t.project, '.mcp.json'),
      JSON.stringify({ mcpServers: { broken: { command: 'x', args: ['${NOPE_NOT_SET}'] }, off: { command: 'y', disabled: true } } }),
    );
    mkdirSync(join(ws.t.project, '.claude', 'agents'), { recursive: true });
    writeFileSync(join(ws.t.project, '.claude', 'agents', 'a1.md'), '---\nname: a1\ndescription: d\ntools: Read, mcp__broken__x, mcp__off__z, mcp__absent__w\n---\nBody.\n');
    const server = await ws.serve({ turns: [{ text: 'fine' }] });
    const env = testEnv(server.url, ws.t);
    const agents = await runTandem(['agents'], { cwd: ws.t.project, env });
    expect(agents.stdout).not.toMatch(/"broken", which is not configured/);
    expect(agents.stdout).not.toMatch(/"off", which is not configured/);
    expect(agents.stdout).toMatch(/"absent", which is not configured/);
    const run = await runTandem(['-p', 'hi', '--agent', 'a1'], { cwd: ws.t.project, env, timeoutMs: 30_000 });
    expect(run.stdout.trim()).toBe('fine');
    expect(run.stderr).not.toMatch(/"(broken|off)", which is not configured/);
    expect(run.stderr).toMatch(/NOPE_NOT_SET/);
  }, 60_000);

  it('the shell warns, when the server connects, about a tool the agent names and the server lacks', async () => {
    configure();
    mkdirSync(join(ws.t.project, '.tandem', 'agents'), { recursive: true });
    writeFileSync(join(ws.t.project, '.tandem', 'agents', 'old.md'), '---\nname: old\ndescription: Written for an older server.\ntools: mcp__srv__ask, mcp__srv__shout\n---\nBody.\n');
    const server = await ws.serve({ turns: [{ text: 'ok' }] });
    await startShell(server, ['--agent', 'old']);
    await term!.waitFor('has no such tool now', 30_000);
    expect(term!.all()).toMatch(/agent "old" names "mcp__srv__shout", but MCP server "srv" has no such tool now; its tools: ask, index, links/);
  }, 60_000);
});
