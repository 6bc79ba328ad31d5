// The scripted model behind `tandem --demo`: a short tour (a streamed markdown answer, a todo list, a file
// read, an Edit with its diff prompt, and a hint to switch agents) that runs on the fake server, no key needed.
import type { LoggedRequest, ScriptedTurn } from '../fake-server/types';

export const DEMO_FILE = 'greet.ts';
export const DEMO_FILE_TEXT = `export function greet(name: string): string {
  return 'Hello ' + name;
}

console.log(greet('world'));
`;

const TODOS_START = [
  { content: 'Read greet.ts', status: 'in_progress', activeForm: 'Reading greet.ts' },
  { content: 'Use a template literal in greet()', status: 'pending', activeForm: 'Updating greet()' },
  { content: 'Explain the change', status: 'pending', activeForm: 'Explaining the change' },
];

const TODOS_DONE = TODOS_START.map((t) => ({ ...t, status: 'completed' }));

const INTRO = `## Welcome to the tandem demo

This answer is **streamed** from a scripted model running on \`127.0.0.1\`. Everything you see works the same
with a real API key:

- every tool call stops for your approval, with a *diff preview* for edits;
- the todo panel below follows the agent's plan;
- \`/agent NAME\` switches agents, \`/help\` lists the commands.

Let me plan the work first.
`;

const FINAL = `Done: \`greet()\` now uses a template literal.

\`\`\`ts
export function greet(name: string): string {
  return \`Hello \${name}\`;
}
\`\`\`

Try \`/agent api-engineer\` and ask something: the next answer comes from that agent, with its own prompt and tools.
`;

/** Decides the next demo answer from where the conversation stands. */
export function demoRespond(req: LoggedRequest): ScriptedTurn {
  const body = req.body as { system?: unknown; messages?: Array<{ role: string; content: unknown }> };
  const messages = body.messages ?? [];
  const last = messages[messages.length - 1];
  const lastResults = Array.isArray(last?.content) ? (last!.content as Array<{ type: string; tool_use_id?: string; is_error?: boolean }>).filter((b) => b.type === 'tool_result') : [];
  const previousAssistant = [...messages].reverse().find((m) => m.role === 'assistant');
  const lastToolName = Array.isArray(previousAssistant?.content)
    ? ((previousAssistant!.content as Array<{ type: string; name?: string }>).filter((b) => b.type === 'tool_use').pop()?.name ?? null)
    : null;
  const system = JSON.stringify(body.system ?? '');
  const pace = { chunkChars: 6, deltaDelayMs: 12 };

  if (system.includes('running as the agent \\"api-engineer\\"')) {
    return { ...pace, text: `Speaking as **api-engineer** now: same transcript, a different system prompt and tool set.\n\nFor a FastAPI service, start with async endpoints, a pooled database session per request, and typed Pydantic models at the edges.` };
  }
  if (lastResults.length === 0) {
    return { ...pace, content: [{ type: 'text', text: INTRO }, { type: 'tool_use', name: 'TodoWrite', input: { todos: TODOS_START } }] };
  }
  if (lastResults.some((r) => r.is_error)) {
    return { ...pace, text: 'Understood, I will leave it there. Ask me anything else, or type /exit to leave the demo.' };
  }
  switch (lastToolName) {
    case 'TodoWrite':
      if (messages.filter((m) => m.role === 'assistant').length > 3) return { ...pace, text: FINAL };
      return { ...pace, content: [{ type: 'text', text: 'Reading the file first.' }, { type: 'tool_use', name: 'Read', input: { file_path: DEMO_FILE } }] };
    case 'Read':
      return {
        ...pace,
        content: [
          { type: 'text', text: 'A template literal reads better here. This edit needs your approval: press 1 to accept.' },
          { type: 'tool_use', name: 'Edit', input: { file_path: DEMO_FILE, old_string: "return 'Hello ' + name;", new_string: 'return `Hello ${name}`;' } },
        ],
      };
    case 'Edit':
      return { ...pace, content: [{ type: 'tool_use', name: 'TodoWrite', input: { todos: TODOS_DONE } }] };
    default:
      return { ...pace, text: 'This is the demo model: it knows one tour. Type /exit to leave, or set ANTHROPIC_API_KEY for the real thing.' };
  }
}
