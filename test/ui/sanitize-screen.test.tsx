// Every kind of forging character through every place of the screen that shows outside text. Each place is the
// real path: engine events through the reducer into the component that draws them (ink-testing-library), or the
// component fed as the shell feeds it. What is drawn may hold our own styling (SGR colours) and nothing else:
// no escape sequence, no carriage return, backspace, C1 control, bidi control or invisible format character; and
// the visible escape for it is on the screen instead.
import React from 'react';
import { afterAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { render } from 'ink-testing-library';
import type { EngineEvent, Speaker } from '../../src/engine/events';
import { initialState, reduceMany } from '../../src/ui/state/reducer';
import { resumedItems } from '../../src/ui/state/resumed';
import type { ScreenState } from '../../src/ui/state/types';
import { TranscriptItemView } from '../../src/ui/components/TranscriptItemView';
import { LiveArea } from '../../src/ui/components/LiveArea';
import { PermissionPrompt } from '../../src/ui/components/PermissionPrompt';
import { DiffView } from '../../src/ui/components/DiffView';
import { TodoPanel } from '../../src/ui/components/TodoPanel';
import { StatusLine } from '../../src/ui/components/StatusLine';
import { RewindPicker } from '../../src/ui/components/RewindPicker';
import { InputBox } from '../../src/ui/components/InputBox';
import { AgentWizard } from '../../src/ui/components/AgentWizard';
import { App } from '../../src/ui/components/App';
import type { RewindApi } from '../../src/ui/run';
import { FakeController, agent, mainSpeaker, turnResult } from './fake-controller';
import { KEYS, plain, press, wait } from './helpers';
import { makeTestTempDir } from '../support/temp-dirs';

/** Each kind of character, and the visible escape that must be on screen in its place. */
const CASES: Array<{ name: string; raw: string; shown: string; markdownOnly?: boolean }> = [
  { name: 'ESC [2J (clear screen)', raw: 'A\x1b[2JB', shown: 'A\\x1b[2JB' },
  { name: 'OSC 52 clipboard write', raw: 'C\x1b]52;c;cm0gLXJm\x07D', shown: 'C\\x1b]52;c;cm0gLXJm\\x07D' },
  { name: 'OSC 8 link', raw: 'E\x1b]8;;https://evil.example/\x07F', shown: 'E\\x1b]8;;https://evil.example/\\x07F' },
  { name: 'carriage return overwriting a line', raw: 'deny this\r allow', shown: 'deny this␍ allow' },
  { name: 'backspaces', raw: 'rm -rf /tmp/x\b\b\b\b\b\b\b\b\b\b\b\b\bls', shown: 'rm -rf /tmp/x\\x08\\x08' },
  { name: 'C1 CSI \\x9b', raw: 'G\x9b2JH', shown: 'G\\x9b2JH' },
  { name: 'bidi override reordering deny/allow', raw: 'I \u202eynned\u202c J', shown: 'I ⟨U+202E⟩ynned⟨U+202C⟩ J' },
  { name: 'zero-width space', raw: 'K\u200bL', shown: 'K⟨U+200B⟩L' },
  { name: 'BOM', raw: 'M\ufeffN', shown: 'M⟨U+FEFF⟩N' },
  { name: 'DEL', raw: 'O\x7fP', shown: 'O\\x7fP' },
  { name: 'ESC written as a character reference', raw: 'Q &#27;[2J R', shown: 'Q \\x1b[2J R', markdownOnly: true },
];

// eslint-disable-next-line no-control-regex
const OUR_STYLING = /\x1b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]|\p{Cf}/u;

const W = 200;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const stateOf = (...events: EngineEvent[]): ScreenState => reduceMany(initialState({ cwd: '/p' }), events);
const sub: Speaker = { agent: 'helper', model: 'm', parentToolUseId: 'task1', depth: 1 };
const noop = () => undefined;

function frameOf(el: React.JSX.Element): string {
  const r = render(el);
  const f = r.lastFrame() ?? '';
  r.unmount();
  return f;
}

const transcript = (s: ScreenState) => s.staticItems.map((item) => frameOf(<TranscriptItemView item={item} width={W} />)).join('\n');
const live = (s: ScreenState) =>
  frameOf(<LiveArea streams={Object.values(s.streams)} tools={s.tools} maxRows={30} width={W} cwd="/p" tick={0} now={Date.now()} />);
const request = (preview: Extract<EngineEvent, { type: 'permission_request' }>['preview'], toolName = 'Bash', speaker = mainSpeaker): EngineEvent => ({
  type: 'permission_request',
  requestId: 'r1',
  speaker,
  callId: 'c1',
  toolName,
  input: {},
  preview,
  reason: 'asks',
  suggestion: { rule: 'Bash(x:*)', label: 'commands starting with x' },
});
const prompt = (s: ScreenState) => frameOf(<PermissionPrompt request={s.prompts[0]!} cwd="/p" width={W} maxRows={30} onDecision={noop} />);

async function waitFrame(r: { lastFrame(): string | undefined }, text: string): Promise<string> {
  for (let i = 0; i < 100 && !plain(r.lastFrame()).includes(text); i++) await wait(20);
  return r.lastFrame() ?? '';
}

/** Where outside text is shown. Each takes the raw text and returns what was drawn. */
const PLACES: Array<{ name: string; markdown?: boolean; draw: (raw: string) => string | Promise<string> }> = [
  {
    name: 'answer in the transcript (markdown)',
    markdown: true,
    draw: (raw) => transcript(stateOf({ type: 'text_delta', speaker: mainSpeaker, text: `Hello\n\n${raw}\n\n- item ${raw}` }, { type: 'assistant_done', speaker: mainSpeaker, message: {} as never })),
  },
  {
    name: 'answer streaming (live tail)',
    markdown: true,
    draw: (raw) => live(stateOf(...[...`Hello ${raw} and **${raw}**`].map((ch): EngineEvent => ({ type: 'text_delta', speaker: mainSpeaker, text: ch })))),
  },
  {
    name: "subagent's label and answer",
    markdown: true,
    draw: (raw) => {
      const s = stateOf({ type: 'text_delta', speaker: { ...sub, agent: `helper${raw}` }, text: raw });
      return live(s) + transcript(reduceMany(s, [{ type: 'assistant_done', speaker: { ...sub, agent: `helper${raw}` }, message: {} as never }]));
    },
  },
  { name: 'user prompt', draw: (raw) => transcript(stateOf({ type: 'user_prompt', text: raw })) },
  {
    name: 'tool line while it runs, with its live output',
    draw: (raw) =>
      live(
        stateOf(
          { type: 'tool_call', speaker: mainSpeaker, callId: 'c1', name: `Bash${raw}`, input: { command: `echo ${raw}` } },
          { type: 'tool_state', speaker: mainSpeaker, callId: 'c1', state: 'running' },
          { type: 'tool_output', speaker: mainSpeaker, callId: 'c1', chunk: `out ${raw.replace(/\r/g, '\x1b')}\n` },
        ),
      ),
  },
  {
    name: 'tool line, summary and result in the transcript',
    draw: (raw) =>
      transcript(
        stateOf(
          { type: 'tool_call', speaker: mainSpeaker, callId: 'c1', name: `mcp__srv${raw}__t`, input: { path: raw } },
          { type: 'tool_result', speaker: mainSpeaker, callId: 'c1', name: 'mcp__srv__t', result: { type: 'tool_result', tool_use_id: 'c1', content: `result ${raw}\nline 2` }, summary: `sum ${raw}` },
        ),
      ),
  },
  {
    name: 'permission prompt: a command',
    draw: (raw) => prompt(stateOf(request({ kind: 'command', command: `echo ${raw}\nsecond ${raw}`, cwd: `/p${raw}`, description: `says ${raw}` }))),
  },
  {
    name: 'permission prompt: an MCP tool (info)',
    draw: (raw) => prompt(stateOf(request({ kind: 'info', title: `call ${raw}`, detail: `{"arg": "${raw}"}` }, `mcp__srv__${raw}`, { ...sub, agent: raw }))),
  },
  {
    name: 'permission prompt: an Edit diff of a file holding them',
    draw: (raw) => prompt(stateOf(request({ kind: 'diff', path: `/p/notes${raw}.txt`, oldText: `keep\nold ${raw}\n`, newText: `keep\nnew ${raw}\nadded ${raw}\n`, outsideProject: false }, 'Edit'))),
  },
  {
    name: 'diff view of a new file',
    draw: (raw) => frameOf(<DiffView path={`/p/n${raw}`} oldText={null} newText={`first ${raw}\n`} cwd="/p" maxRows={10} width={W} />),
  },
  { name: 'notice (a hook message)', draw: (raw) => transcript(stateOf({ type: 'notice', level: 'warning', message: `hook says ${raw}` })) },
  {
    name: 'retry and fallback notices',
    draw: (raw) =>
      transcript(
        stateOf(
          { type: 'retry', speaker: mainSpeaker, attempt: 1, maxAttempts: 3, delayMs: 100, reason: raw },
          { type: 'fallback', speaker: mainSpeaker, from: 'a', to: raw, reason: raw },
          { type: 'turn_done', result: turnResult({ isError: true, error: `failed: ${raw}` }) },
        ),
      ),
  },
  {
    name: 'todo panel',
    draw: (raw) =>
      frameOf(
        <TodoPanel
          todos={stateOf({ type: 'todos', todos: [{ content: `do ${raw}`, status: 'pending', activeForm: 'x' }, { content: 'b', status: 'in_progress', activeForm: `doing ${raw}` }] }).todos}
          maxRows={5}
          tick={0}
        />,
      ),
  },
  {
    name: 'agent switch and status line',
    draw: (raw) => {
      const s = stateOf({ type: 'agent_switched', from: 'main', to: `rev${raw}`, model: `model${raw}` });
      return transcript(s) + frameOf(<StatusLine status={s.status} tick={0} />);
    },
  },
  {
    name: 'resumed conversation',
    markdown: true,
    draw: (raw) =>
      transcript(
        reduceMany(
          initialState(),
          resumedItems(
            [
              { role: 'user', content: `asked ${raw}` },
              { role: 'assistant', content: [{ type: 'text', text: `said ${raw}` }, { type: 'tool_use', id: 't1', name: 'Bash', input: { command: raw } }] },
              { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: `got ${raw}` }] },
            ],
            '/p',
          ).map((item) => ({ type: 'ui_item' as const, item })),
        ),
      ),
  },
  {
    name: 'rewind picker',
    draw: async (raw) => {
      const api: RewindApi = {
        turns: async () => [{ turn: 1, prompt: `asked ${raw}`, time: '2026-01-01T10:00:00Z', files: [{ path: `f${raw}`, status: 'modified', added: 1, removed: 0 }] }],
        plan: async () => [],
        restore: async () => 'ok',
      };
      const r = render(<RewindPicker api={api} width={W} maxRows={10} onClose={noop} />);
      const f = await waitFrame(r, 'asked');
      r.unmount();
      return f;
    },
  },
  {
    name: 'input box holding a paste',
    draw: (raw) =>
      frameOf(
        <InputBox initialText={`pasted ${raw}`} onSubmit={noop} history={[]} commands={[]} cwd="/p" busy={false} isActive={false} width={W} maxRows={5} onInterrupt={noop} onExit={noop} onCycleMode={noop} onToggleTodos={noop} onExpand={noop} />,
      ),
  },
  {
    name: 'agent wizard tool list (MCP tool names)',
    draw: async (raw) => {
      const r = render(<AgentWizard taken={[]} tools={[`mcp__s__${raw}`]} cwd="/p" width={W} maxRows={20} reload={async () => undefined} onClose={noop} />);
      await press(r.stdin, 'abc', KEYS.enter);
      await press(r.stdin, 'desc', KEYS.enter);
      const f = await waitFrame(r, 'Tools it may use');
      r.unmount();
      return f;
    },
  },
  {
    name: '/agents output (agent files) in the shell, and ctrl+o on the last result',
    draw: async (raw) => {
      const dir = makeTestTempDir('tandem-ui-san-');
      dirs.push(dir);
      const c = new FakeController();
      c.agentList = [agent('main'), agent(`evil${raw}`, { description: `desc ${raw}`, warnings: [`warn ${raw}`], source: { kind: 'project', path: `/p/a${raw}.md` } })];
      const r = render(<App controller={c} version="0" startupNotices={[`startup ${raw}`]} history={[]} historyFile={path.join(dir, 'h')} onQuit={noop} />);
      await wait();
      await press(r.stdin, '/agents', KEYS.enter);
      await waitFrame(r, 'Create a new agent');
      c.emit({ type: 'tool_call', speaker: mainSpeaker, callId: 'c9', name: 'Read', input: { file_path: '/p/x' } });
      c.emit({ type: 'tool_result', speaker: mainSpeaker, callId: 'c9', name: 'Read', result: { type: 'tool_result', tool_use_id: 'c9', content: `file ${raw}` }, summary: 's' });
      await wait(120);
      await press(r.stdin, '\x0f');
      const f = await waitFrame(r, 'file ');
      r.unmount();
      return f;
    },
  },
];

describe('outside text on the screen', () => {
  for (const place of PLACES) {
    describe(place.name, () => {
      for (const c of CASES) {
        if (c.markdownOnly && !place.markdown) continue;
        it(c.name, async () => {
          const drawn = await place.draw(c.raw);
          const bare = drawn.replace(OUR_STYLING, '');
          const bad = FORBIDDEN.exec(bare);
          expect(bad && `raw U+${bad[0].codePointAt(0)!.toString(16)} at …${JSON.stringify(bare.slice(Math.max(0, bad.index - 30), bad.index + 10))}`).toBeNull();
          expect(bare).toContain(c.shown);
        });
      }
    });
  }
});
