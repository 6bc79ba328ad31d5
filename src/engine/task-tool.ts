// The Task tool (also called Agent): hands a piece of work to another agent, which runs its own loop with a
// fresh context and returns only its final answer to the caller. The user sees its steps; the parent does not.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Message } from '../model/types';
import { FileReadTracker } from '../tools/file-state';
import type { ToolResult } from '../tools/types';
import { ToolError, defineTool } from '../tools/types';
import { narrowedMode } from '../permissions/mode-order';
import type { PermissionMode } from '../permissions/types';
import { runAgentLoop } from './agent-loop';
import type { EngineServices } from './services';

const taskInput = z
  .object({
    description: z.string().min(1).describe('A short (3-5 word) label for the work, shown to the user'),
    prompt: z.string().min(1).describe('The complete task for the agent: it starts with no other context'),
    subagent_type: z.string().min(1).describe('The name of the agent to run'),
    model: z.string().optional().describe('Optional model alias or id for this run, overriding the agent\'s own'),
  })
  .strict();

const DESCRIPTION = `Start another agent on a self-contained task and get its final answer back.
The agent runs with its own system prompt, its own tools and a fresh context: give it everything it needs in \`prompt\`, and say what you want back.
Its intermediate steps are shown to the user but not returned to you; only its final message is.
Call Task several times in one message to run independent tasks at the same time.`;

export function createTaskTool(services: EngineServices) {
  return defineTool({
    name: 'Task',
    aliases: ['Agent'],
    description: DESCRIPTION,
    inputSchema: taskInput,
    kind: 'agent',
    // Task calls may run side by side; each subagent's own tool calls are checked one by one.
    isReadOnly: () => true,
    async preview(input) {
      return { kind: 'info', title: `Run the agent ${input.subagent_type}: ${input.description}`, detail: input.prompt };
    },
    async run(input, ctx): Promise<ToolResult> {
      const agent = services.agentByName(input.subagent_type);
      if (!agent) {
        const names = services.allAgents().map((a) => a.name).sort().join(', ');
        throw new ToolError(`No agent named "${input.subagent_type}". Available agents: ${names}.`);
      }
      const caller = ctx.caller ?? { agent: 'main', depth: 0, allowedTools: [] };
      const depth = caller.depth + 1;
      if (depth > services.maxDepth) {
        throw new ToolError(
          `Agents may be nested ${services.maxDepth} deep at most; this call would be level ${depth}. Do the work yourself instead of delegating it.`,
        );
      }
      const parentTools = new Set(caller.allowedTools);
      let toolNames = services.toolNamesFor(agent).filter((name) => parentTools.has(name));
      if (depth >= services.maxDepth) toolNames = toolNames.filter((name) => name !== 'Task');

      const parentModel = services.resolveAgentModel({ ...agent, model: undefined });
      const model = input.model
        ? services.resolveAgentModel({ ...agent, model: input.model })
        : agent.model && agent.model !== 'inherit'
          ? services.resolveAgentModel(agent)
          : parentModel;
      const runId = randomUUID();
      const parentToolUseId = ctx.toolUseId ?? runId;
      const speaker = { agent: agent.name, color: agent.color, model, parentToolUseId, depth };
      const messages: Message[] = [{ role: 'user', content: input.prompt }];
      const run = { runId, agent: agent.name, parentToolUseId, messages, status: 'running' as 'running' | 'done' | 'error' };
      services.subagentRuns.push(run);
      services.emit({ type: 'subagent_start', speaker, runId, description: input.description });
      await services.transcript?.append({ type: 'subagent_run', runId, agent: agent.name, parentToolUseId, status: 'started' });
      if (services.hooks) {
        const started = await services.hooks.run('SubagentStart', { agent_id: runId, agent_type: agent.name, tool_use_id: parentToolUseId }, { toolName: agent.name, signal: ctx.signal }).catch(() => undefined);
        for (const m of started?.errors ?? []) services.emit({ type: 'notice', level: 'warning', message: `SubagentStart hook: ${m}` });
      }
      const before = services.costs.total().usage;
      const started = Date.now();

      const result = await runAgentLoop({
        services: withOwnFileState(services),
        agent,
        messages,
        speaker,
        signal: ctx.signal,
        maxTurns: agent.maxTurns,
        isMain: false,
        model,
        toolNames,
        // An agent file narrows its caller's mode, never widens it (src/permissions/mode-order.ts).
        mode: narrowedMode<PermissionMode>((ctx.caller?.mode as PermissionMode | undefined) ?? services.mode(), agent.permissionMode),
        onMessage: async (message) => {
          await services.transcript?.append({ type: 'message', message, agent: agent.name, model, parentToolUseId, subagentRunId: runId });
        },
        // Each of the subagent's results on disk as its call ends (as the main agent's are): after a crash, resume
        // tells the parent what the subagent already did (rebuild-state.ts).
        onToolResult: async (result) => {
          await services.transcript?.append({ type: 'tool_result', result, parentToolUseId });
        },
      });

      const after = services.costs.total().usage;
      const tokensIn = after.input_tokens + after.cache_read_input_tokens + after.cache_creation_input_tokens - (before.input_tokens + before.cache_read_input_tokens + before.cache_creation_input_tokens);
      const tokensOut = after.output_tokens - before.output_tokens;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const stats = `${agent.name} finished in ${seconds} s, ${result.numTurns} turn${result.numTurns === 1 ? '' : 's'}, ${tokensIn} tokens in, ${tokensOut} out`;
      const failed = result.subtype !== 'success';
      run.status = failed ? 'error' : 'done';
      const status = result.aborted ? 'cancelled' : failed ? 'error' : 'done';
      services.emit({ type: 'subagent_done', speaker, runId, status, summary: stats });
      await services.transcript?.append({ type: 'subagent_run', runId, agent: agent.name, parentToolUseId, status: 'finished', result: result.text });

      if (result.aborted) throw new ToolError(`The agent ${agent.name} was interrupted by the user.`);
      if (failed) {
        const partial = result.text ? `\nIts last message was:\n${result.text}` : '';
        throw new ToolError(`The agent ${agent.name} did not finish: ${result.error ?? result.subtype}.${partial}`);
      }
      return {
        forModel: `${result.text || '(the agent returned no text)'}\n\n[${stats}]`,
        summary: stats,
        details: { agent: agent.name, numTurns: result.numTurns, durationMs: Date.now() - started, tokensIn, tokensOut },
      };
    },
  });
}

/**
 * The same session services, except that the subagent run keeps its own memory of the files it read: an edit it
 * makes after another agent changed a file it read is refused as stale, and its own writes do not vouch for the
 * parent's older reads.
 */
function withOwnFileState(services: EngineServices): EngineServices {
  const files = new FileReadTracker();
  const own = Object.create(services) as EngineServices;
  own.toolContext = (signal, onProgress) => {
    const ctx = services.toolContext(signal, onProgress);
    ctx.files = files;
    return ctx;
  };
  return own;
}
