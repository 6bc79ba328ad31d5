// The headless loop runs a scripted session that uses every tool of the tool belt against the fake server:
// files, notebooks, search, shell (foreground and background), planning and web (against a loopback page).
import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import type { FakeServer, LoggedRequest, ScriptedTurn } from '../../src/fake-server/types';
import { jsonLines, runTandem, tempHome, testEnv, type TempHome } from './harness';

let t: TempHome;
let api: FakeServer | undefined;
let page: Server | undefined;
beforeEach(() => {
  t = tempHome();
});
afterEach(async () => {
  await api?.close();
  await new Promise((r) => (page ? page.close(r) : r(undefined)));
  t.cleanup();
});

const NOTEBOOK = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ id: 'c1', cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['print(1)'] }] };
const isSideRequest = (req: LoggedRequest) => String(req.body.model).includes('haiku');

describe('every tool in one headless session', () => {
  it('runs green and each call gets a successful result', async () => {
    const p = t.project;
    writeFileSync(join(p, 'main.py'), 'def main():\n    return 1\n');
    writeFileSync(join(p, 'nb.ipynb'), JSON.stringify(NOTEBOOK, null, 1));
    page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><head><script>bad()</script></head><body><h1>Release notes</h1><p>Version 2 adds caching.</p></body></html>');
    });
    await new Promise<void>((r) => page!.listen(0, '127.0.0.1', () => r()));
    const pageUrl = `http://127.0.0.1:${(page.address() as { port: number }).port}/notes`;

    const call = (name: string, input: Record<string, unknown>): ScriptedTurn => ({ match: (r) => !isSideRequest(r), content: [{ type: 'tool_use', name, input }] });
    const turns: ScriptedTurn[] = [
      { match: (r) => !isSideRequest(r), content: [{ type: 'tool_use', name: 'TodoWrite', input: { todos: [{ content: 'Use every tool', status: 'in_progress', activeForm: 'Using every tool' }] } }] },
      call('Read', { file_path: 'main.py' }),
      call('Edit', { file_path: 'main.py', old_string: 'return 1', new_string: 'return 2' }),
      call('MultiEdit', { file_path: 'main.py', edits: [{ old_string: 'def main', new_string: 'def run' }, { old_string: 'return 2', new_string: 'return 3' }] }),
      call('Write', { file_path: 'docs/new.md', content: '# New\n' }),
      call('NotebookRead', { notebook_path: 'nb.ipynb' }),
      call('NotebookEdit', { notebook_path: 'nb.ipynb', cell_id: 'c1', new_source: 'print(2)' }),
      call('Glob', { pattern: '**/*.md' }),
      call('Grep', { pattern: 'def run', output_mode: 'content', '-n': true }),
      call('LS', { path: '.' }),
      call('Bash', { command: 'echo hello-from-bash && ls docs', description: 'Say hello' }),
      call('Bash', { command: 'sleep 30', run_in_background: true }),
      call('BashOutput', { bash_id: 'bash_1' }),
      call('KillShell', { shell_id: 'bash_1' }),
      call('WebFetch', { url: pageUrl, prompt: 'What does version 2 add?' }),
      { match: isSideRequest, text: 'Version 2 adds caching.' },
      call('WebSearch', { query: 'tandem terminal shell' }),
      {
        match: isSideRequest,
        content: [
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'tandem terminal shell' } },
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', title: 'Tandem docs', url: 'https://example.com/tandem', encrypted_content: 'x', page_age: null }] },
          { type: 'text', text: 'Tandem is a terminal shell.' },
        ],
        stop_reason: 'end_turn',
      },
      call('ExitPlanMode', { plan: '1. done' }),
      { match: (r) => !isSideRequest(r), text: 'Used every tool.' },
    ];
    api = await startFakeServer({ turns });
    const allowed = 'Read,Edit,MultiEdit,Write,NotebookRead,NotebookEdit,Glob,Grep,LS,Bash,BashOutput,KillShell,TodoWrite,WebFetch,WebSearch,ExitPlanMode';
    const run = await runTandem(['-p', 'use every tool', '--allowedTools', allowed, '--output-format', 'stream-json', '--verbose'], { cwd: p, env: testEnv(api.url, t), timeoutMs: 60_000 });
    const lines = jsonLines(run.stdout) as Array<Record<string, any>>;
    const results = lines.filter((l) => l.type === 'user').map((l) => l.message.content[0]);
    const calls = lines.filter((l) => l.type === 'assistant' && l.message.content[0].type === 'tool_use').map((l) => l.message.content[0].name);
    expect(calls).toEqual(['TodoWrite', 'Read', 'Edit', 'MultiEdit', 'Write', 'NotebookRead', 'NotebookEdit', 'Glob', 'Grep', 'LS', 'Bash', 'Bash', 'BashOutput', 'KillShell', 'WebFetch', 'WebSearch', 'ExitPlanMode']);
    const failures = results.map((r, i) => [calls[i], r.is_error ? String(r.content) : null]).filter(([, e]) => e);
    expect(failures).toEqual([]);
    expect(lines[lines.length - 1]).toMatchObject({ type: 'result', subtype: 'success', result: 'Used every tool.' });

    const text = (i: number) => JSON.stringify(results[i].content);
    expect(readFileSync(join(p, 'main.py'), 'utf8')).toBe('def run():\n    return 3\n');
    expect(readFileSync(join(p, 'docs/new.md'), 'utf8')).toBe('# New\n');
    expect(JSON.parse(readFileSync(join(p, 'nb.ipynb'), 'utf8')).cells[0].source.join('')).toBe('print(2)');
    expect(text(7)).toContain('new.md');
    expect(text(8)).toContain('def run');
    expect(text(10)).toContain('hello-from-bash');
    expect(text(14)).toContain('Version 2 adds caching.');
    expect(text(15)).toContain('https://example.com/tandem');
    // The WebFetch side request carried the page as markdown, script removed.
    const side = api.requests.find(isSideRequest)!;
    expect(JSON.stringify(side.body.messages)).toContain('Release notes');
    expect(JSON.stringify(side.body.messages)).not.toContain('bad()');
  });
});
