// A resumed session's conversation printed once at the top, a first prompt sent as if typed, and the fast start
// where the shell is drawn before the session exists.
import React from 'react';
import { afterAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { App, type AppProps } from '../../src/ui/components/App';
import { DeferredController } from '../../src/ui/state/deferred-controller';
import { resumedItems } from '../../src/ui/state/resumed';
import type { Message } from '../../src/model/types';
import type { EngineEvent } from '../../src/engine/events';
import { FakeController, mainSpeaker } from './fake-controller';
import { plain, wait } from './helpers';
import { makeTestTempDir } from '../support/temp-dirs';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const conversation: Message[] = [
  { role: 'user', content: 'fix the typo in notes.txt' },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'I will **read** it first.' },
      { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: '/p/notes.txt' } },
    ],
  },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'the quikc fox\nline two' }] },
  { role: 'assistant', content: [{ type: 'tool_use', id: 't2', name: 'Bash', input: { command: 'make lint' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't2', content: 'lint: 2 errors', is_error: true }] },
  { role: 'assistant', content: [{ type: 'text', text: '## Done\n\n- fixed *quikc*' }] },
];

async function props(extra: Partial<AppProps> = {}): Promise<AppProps & { controller: FakeController }> {
  const dir = makeTestTempDir('tandem-ui-start-');
  dirs.push(dir);
  return { controller: new FakeController(), version: '0.0.0', startupNotices: [], history: [], historyFile: path.join(dir, 'h.jsonl'), onQuit: () => {}, ...extra } as AppProps & {
    controller: FakeController;
  };
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('resumed conversation', () => {
  it('turns messages into prompts, markdown answers and one line per tool call with its result', () => {
    const items = resumedItems(conversation, '/p');
    expect(items.map((i) => i.kind)).toEqual(['user', 'markdown', 'tool', 'tool', 'markdown']);
    expect(items[0]).toMatchObject({ kind: 'user', text: 'fix the typo in notes.txt' });
    expect(items[2]).toMatchObject({ kind: 'tool', name: 'Read', keyArg: 'notes.txt', state: 'done', summary: 'the quikc fox' });
    expect(items[3]).toMatchObject({ kind: 'tool', name: 'Bash', keyArg: 'make lint', state: 'error', summary: 'lint: 2 errors' });
  });

  it('prints it once at the top of the shell, as markdown, and never again', async () => {
    const p = await props({ resumedMessages: conversation });
    const r = render(<App {...p} />);
    await wait();
    p.controller.emit({ type: 'user_prompt', text: 'next question' } as EngineEvent);
    await wait(80);
    const all = plain(r.lastFrame());
    expect(all).toContain('> fix the typo in notes.txt');
    expect(all).toContain('I will read it first.'); // **read** rendered, not shown raw
    expect(all).not.toContain('**read**');
    expect(all).toMatch(/Read\(notes\.txt\)/);
    expect(all).toMatch(/Bash\(make lint\)[\s\S]*failed: lint: 2 errors/);
    expect(all).toContain('Done');
    expect(count(all, 'fix the typo in notes.txt')).toBe(1);
    expect(all.indexOf('fix the typo')).toBeLessThan(all.indexOf('next question'));
    r.unmount();
  });
});

describe('initial prompt', () => {
  it('is sent once, as if typed, when the shell is ready', async () => {
    const p = await props({ initialPrompt: 'explain the build' });
    const r = render(<App {...p} />);
    await wait(60);
    p.controller.emit({ type: 'assistant_start', speaker: mainSpeaker, messageId: 'm' } as EngineEvent);
    await wait(60);
    expect(p.controller.sent).toEqual(['explain the build']);
    expect(plain(r.frames.join('\n'))).toContain('> explain the build');
    r.unmount();
  });

  it('waits while the session is starting, then prints the banner and sends it', async () => {
    const p = await props({ initialPrompt: 'hello', starting: true, startupNotices: ['a late notice'] });
    const r = render(<App {...p} />);
    await wait(60);
    expect(plain(r.lastFrame())).toMatch(/❯ /); // the prompt is drawn before the session exists
    expect(p.controller.sent).toEqual([]);
    expect(plain(r.frames.join('\n'))).not.toContain('a late notice');
    r.rerender(<App {...p} starting={false} />);
    await wait(60);
    expect(p.controller.sent).toEqual(['hello']);
    const all = plain(r.lastFrame());
    expect(count(all, 'a late notice')).toBe(1);
    expect(all).toContain('claude-test'); // status/banner filled in from the session's info
    r.unmount();
  });
});

describe('deferred controller', () => {
  it('forwards events to listeners that subscribed early and holds send() until the session exists', async () => {
    let resolve!: (c: FakeController) => void;
    const d = new DeferredController(new Promise<FakeController>((r) => (resolve = r)));
    const seen: string[] = [];
    d.subscribe((e) => seen.push(e.type));
    expect(() => d.info()).toThrow(/still starting/);
    const sent = d.send('early');
    const real = new FakeController();
    resolve(real);
    await d.ready;
    await wait(5);
    expect(real.sent).toEqual(['early']);
    expect(seen).toContain('user_prompt');
    real.endTurn();
    await expect(sent).resolves.toMatchObject({ subtype: 'success' });
  });
});
