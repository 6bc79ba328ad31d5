// `!command` typed in the shell: the user runs a command themselves. It goes through the Bash tool's own path
// (runToolCall: PreToolUse hooks, the permission policy with its deny and ask rules, the prompt, the sandbox, the
// output truncation), so typing `!` is never a way around a rule. What ran and what it printed is added to the
// conversation as the user's own message, so the model sees it with the next prompt; no turn starts.
import { randomUUID } from 'node:crypto';
import type { AgentDefinition } from '../agents/types';
import type { Message, ToolResultBlock, ToolUseBlock, UserBlock } from '../model/types';
import type { Speaker } from './events';
import { appendUserContent } from './history';
import type { EngineServices } from './services';
import { runToolCall } from './tool-runner';
import { SHELL_BLOCK_OPEN } from './user-blocks';

export interface UserShellOutcome {
  /** The command ran (whatever its exit code); false when a rule, the user or an interruption stopped it. */
  ran: boolean;
  result: ToolResultBlock;
}

export interface UserShellScope {
  services: EngineServices;
  agent: AgentDefinition;
  speaker: Speaker;
  signal: AbortSignal;
  messages: Message[];
  record: (message: Message) => Promise<void>;
}

export async function runUserShellCommand(command: string, scope: UserShellScope): Promise<UserShellOutcome> {
  const call: ToolUseBlock = { type: 'tool_use', id: `toolu_user_${randomUUID().replace(/-/g, '')}`, name: 'Bash', input: { command } };
  let ran = false;
  const services: EngineServices = {
    ...scope.services,
    // A command the user types is not the agent's: no checkpoint of its own (as in any terminal), whatever the
    // current agent's tool list says.
    checkpoints: undefined,
    emit: (event) => {
      if (event.type === 'tool_state' && event.callId === call.id && event.state === 'running') ran = true;
      scope.services.emit(event);
    },
  };
  const { result } = await runToolCall(call, { services, agent: scope.agent, allowedTools: new Set(['Bash']), speaker: scope.speaker, signal: scope.signal });
  if (ran && !scope.signal.aborted) {
    const block: UserBlock = { type: 'text', text: conversationText(command, result) };
    appendUserContent(scope.messages, [block]);
    await scope.record({ role: 'user', content: [block] });
  }
  return { ran, result };
}

/** What the model is told: the user's own command and its output (already truncated by the tool runner). */
function conversationText(command: string, result: ToolResultBlock): string {
  const output = typeof result.content === 'string'
    ? result.content
    : result.content.map((b) => (b.type === 'text' ? b.text : `[${b.type}]`)).join('\n');
  return [
    SHELL_BLOCK_OPEN,
    'The user ran this command in their terminal themselves (it was not a call of yours):',
    `$ ${command}`,
    '<output>',
    output,
    '</output>',
    '</user-shell-command>',
  ].join('\n');
}
