import React from 'react';
import { afterAll, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/components/App';
import { FakeController } from './fake-controller';
import { KEYS, plain, press, wait } from './helpers';
import { makeTestTempDir } from '../support/temp-dirs';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function setup(history: string[] = []) {
  const dir = makeTestTempDir('tandem-ui-');
  dirs.push(dir);
  const c = new FakeController();
  let quit = 0;
  const historyFile = path.join(dir, 'history.jsonl');
  const r = render(<App controller={c} version="0.0.0" startupNotices={['No API key set']} history={history} historyFile={historyFile} onQuit={() => quit++} />);
  await wait();
  return { c, r, historyFile, quits: () => quit };
}

const inputLine = (frame: string | undefined) => plain(frame).split('\n').find((l) => l.startsWith('❯ ')) ?? '';

describe('input', () => {
  it('shows a prompt line starting with "❯ " and the startup notices', async () => {
    const { r } = await setup();
    expect(inputLine(r.lastFrame())).toMatch(/^❯ /);
    expect(plain(r.lastFrame())).toContain('No API key set');
    r.unmount();
  });

  it('types, edits with the cursor, submits, and stores the history in the file', async () => {
    const { c, r, historyFile } = await setup();
    await press(r.stdin, 'helo', KEYS.left, 'l');
    expect(inputLine(r.lastFrame())).toContain('hello');
    await press(r.stdin, KEYS.enter);
    expect(c.sent).toEqual(['hello']);
    expect(plain(r.lastFrame())).toContain('> hello');
    await wait(50);
    const lines = (await readFile(historyFile, 'utf8')).trim().split('\n');
    expect(JSON.parse(lines[0]!).text).toBe('hello');
    r.unmount();
  });

  it('walks the history with up and down', async () => {
    const { r } = await setup(['first', 'second']);
    await press(r.stdin, 'draft', KEYS.up);
    expect(inputLine(r.lastFrame())).toContain('second');
    await press(r.stdin, KEYS.up);
    expect(inputLine(r.lastFrame())).toContain('first');
    await press(r.stdin, KEYS.down, KEYS.down);
    expect(inputLine(r.lastFrame())).toContain('draft');
    r.unmount();
  });

  it('a trailing backslash then Enter makes a newline; the full text is sent', async () => {
    const { c, r } = await setup();
    await press(r.stdin, 'one\\', KEYS.enter, 'two');
    expect(c.sent).toEqual([]);
    expect(plain(r.lastFrame())).toMatch(/❯ one\n\s+two/);
    await press(r.stdin, KEYS.enter);
    expect(c.sent).toEqual(['one\ntwo']);
    r.unmount();
  });

  it('keeps a long paste as one block and submits the full text', async () => {
    const { c, r } = await setup();
    const pasted = 'l1\rl2\rl3\rl4\rl5';
    await press(r.stdin, 'see ', pasted);
    expect(inputLine(r.lastFrame())).toContain('see [pasted 5 lines #1]');
    await press(r.stdin, KEYS.enter);
    expect(c.sent).toEqual(['see l1\nl2\nl3\nl4\nl5']);
    r.unmount();
  });

  it('a bracketed paste is text: a newline at its start or inside it does not send, however the reads split it', async () => {
    const { c, r } = await setup();
    // As a terminal in paste mode sends it, split over three reads with Enter keys inside.
    await press(r.stdin, 'fix: ', '\x1b[200~\rfirst line', '\r', 'second\x1b[201~');
    expect(c.sent).toEqual([]);
    expect(plain(r.lastFrame())).toMatch(/❯ fix:\s*\n\s+first line\n\s+second/);
    await press(r.stdin, KEYS.enter);
    expect(c.sent).toEqual(['fix: \nfirst line\nsecond']);
    r.unmount();
    // A long one becomes a block, the same as an unmarked long paste.
    const second = await setup();
    await press(second.r.stdin, '\x1b[200~a\rb\rc\rd\re\x1b[201~');
    expect(inputLine(second.r.lastFrame())).toContain('[pasted 5 lines #1]');
    await press(second.r.stdin, KEYS.enter);
    expect(second.c.sent).toEqual(['a\nb\nc\nd\ne']);
    second.r.unmount();
  });

  it('ctrl+c clears the input, then twice on an empty input quits', async () => {
    const { r, quits } = await setup();
    await press(r.stdin, 'abc', KEYS.ctrlC);
    expect(inputLine(r.lastFrame())).not.toContain('abc');
    expect(quits()).toBe(0);
    await press(r.stdin, KEYS.ctrlC);
    expect(plain(r.lastFrame())).toContain('Press ctrl+c again to exit');
    expect(quits()).toBe(0);
    await press(r.stdin, KEYS.ctrlC);
    expect(quits()).toBe(1);
  });

  it('typing / lists commands filtered; Tab completes; /agent switches', async () => {
    const { c, r } = await setup();
    await press(r.stdin, '/');
    expect(plain(r.lastFrame())).toMatch(/\/help\s+List the commands/);
    await press(r.stdin, 'ag');
    const f = plain(r.lastFrame());
    expect(f).toContain('/agents');
    expect(f).not.toMatch(/\/help\s+List the commands/);
    await press(r.stdin, KEYS.down, KEYS.tab);
    expect(inputLine(r.lastFrame())).toContain('/agent ');
    await press(r.stdin, 'reviewer', KEYS.enter);
    await wait(50);
    expect(c.called('switchAgent')).toEqual([{ method: 'switchAgent', args: ['reviewer'] }]);
    expect(plain(r.lastFrame())).toContain('switched to reviewer');
    r.unmount();
  });

  it('an unknown agent name lists the valid ones; an unknown command says so', async () => {
    const { c, r } = await setup();
    await press(r.stdin, '/agent nobody', KEYS.enter);
    await wait(50);
    expect(plain(r.lastFrame())).toContain('No agent named "nobody". Available: main, reviewer');
    expect(c.called('switchAgent')).toEqual([]);
    await press(r.stdin, '/frobnicate', KEYS.enter);
    await wait(50);
    expect(plain(r.lastFrame())).toContain('Unknown command /frobnicate');
    r.unmount();
  });

  it('Esc while busy interrupts the agent; shift+tab cycles the mode', async () => {
    const { c, r } = await setup();
    await press(r.stdin, 'go', KEYS.enter);
    r.stdin.write(KEYS.esc);
    await wait(60);
    expect(c.called('abort').length).toBe(1);
    await press(r.stdin, KEYS.shiftTab);
    expect(c.called('setMode')).toEqual([{ method: 'setMode', args: ['acceptEdits'] }]);
    expect(plain(r.lastFrame())).toContain('accept edits');
    c.endTurn();
    r.unmount();
  });
});
