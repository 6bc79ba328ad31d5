// TodoWrite: the agent's visible plan. Each call replaces the whole list; the UI shows it in the todo panel.
import { z } from 'zod';
import { defineTool, ToolError, type TodoItem } from './types';

const todoSchema = z.object({
  content: z.string().trim().min(1, 'content must not be empty').describe('The task, in the imperative ("Run the tests").'),
  status: z.enum(['pending', 'in_progress', 'completed']),
  activeForm: z
    .string()
    .trim()
    .min(1, 'activeForm must not be empty')
    .describe('The task as shown while it is being done ("Running the tests").'),
  // Some models send an id per item; it is accepted and not needed.
  id: z.string().optional(),
});

const inputSchema = z
  .object({
    todos: z.array(todoSchema).describe('The complete, updated list: it replaces the previous one.'),
  })
  .strict();

export const todoWriteTool = defineTool({
  name: 'TodoWrite',
  description: [
    'Keep a todo list for the current task, shown to the user. Use it for work with several steps: write the plan',
    'first, mark exactly one item in_progress while you work on it, and mark it completed as soon as it is done.',
    'Every call sends the whole list, which replaces the previous one. Skip it for a single trivial step.',
  ].join(' '),
  inputSchema,
  kind: 'plan',
  // It only changes session state, never the user's files.
  isReadOnly: () => true,
  async preview(input) {
    return { kind: 'info', title: `Update the todo list (${input.todos.length} item${input.todos.length === 1 ? '' : 's'})` };
  },
  async run(input, ctx) {
    const active = input.todos.filter((t) => t.status === 'in_progress');
    if (active.length > 1) {
      throw new ToolError(
        `Only one todo may be in_progress at a time, but ${active.length} are: ${active.map((t) => `"${t.content}"`).join(', ')}. ` +
          'Mark the others pending or completed and send the list again.',
      );
    }
    const todos: TodoItem[] = input.todos.map(({ content, status, activeForm }) => ({ content, status, activeForm }));
    ctx.todos.set(todos);
    ctx.progress({ type: 'todos', todos });
    const done = todos.filter((t) => t.status === 'completed').length;
    return {
      forModel:
        'Todo list updated. Keep using it to track your progress: mark each item completed as soon as it is done, ' +
        'and move the next one to in_progress.',
      summary: `${done}/${todos.length} todos completed`,
      details: { todos },
    };
  },
});
