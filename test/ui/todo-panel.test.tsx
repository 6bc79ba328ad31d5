import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/components/App';
import { TodoPanel } from '../../src/ui/components/TodoPanel';
import type { TodoItem } from '../../src/tools/types';
import { FakeController } from './fake-controller';
import { KEYS, plain, press, wait } from './helpers';

const todos: TodoItem[] = [
  { content: 'Read the code', status: 'completed', activeForm: 'Reading the code' },
  { content: 'Write the fix', status: 'in_progress', activeForm: 'Writing the fix' },
  { content: 'Run the tests', status: 'pending', activeForm: 'Running the tests' },
];

describe('TodoPanel', () => {
  it('shows each state: completed checked, in progress with its activeForm, pending boxed', () => {
    const f = plain(render(<TodoPanel todos={todos} maxRows={10} tick={0} />).lastFrame());
    expect(f).toContain('Todos 1/3');
    expect(f).toContain('☑ Read the code');
    expect(f).toMatch(/⠋ Writing the fix/);
    expect(f).toContain('☐ Run the tests');
  });

  it('updates in place in the app, never printing into the transcript, and ctrl+t hides it', async () => {
    const c = new FakeController();
    const r = render(<App controller={c} version="0.0.0" startupNotices={[]} history={[]} historyFile="/nonexistent/h.jsonl" onQuit={() => {}} />);
    await wait();
    c.emit({ type: 'todos', todos });
    await wait();
    expect(plain(r.lastFrame())).toContain('Writing the fix');
    c.emit({ type: 'todos', todos: todos.map((t) => ({ ...t, status: 'completed' as const })) });
    await wait();
    const f = plain(r.lastFrame());
    expect(f).toContain('Todos 3/3');
    expect(f).toContain('☑ Write the fix');
    expect(f.match(/Read the code/g)?.length).toBe(1);
    // Nothing of the list went into the static transcript output.
    expect(r.frames.join('').match(/Todos 1\/3/g)?.length ?? 0).toBeGreaterThan(0);
    await press(r.stdin, KEYS.ctrlT);
    expect(plain(r.lastFrame())).not.toContain('Write the fix');
    await press(r.stdin, KEYS.ctrlT);
    expect(plain(r.lastFrame())).toContain('Write the fix');
    r.unmount();
  });
});
