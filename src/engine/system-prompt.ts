// Builds the system prompt an agent runs with: its own body, then facts about the environment, the memory
// files, the agents it can delegate to, and whatever the user appended.
import type { AgentDefinition } from '../agents/types';

export interface PromptContext {
  cwd: string;
  projectRoot: string;
  isGitRepo: boolean;
  platform: string;
  date: string;
  model: string;
  memoryText?: string;
  appendSystemPrompt?: string;
  /** Agents the Task tool can start (only listed when the agent has Task). */
  delegates?: AgentDefinition[];
}

export function buildSystemPrompt(agent: AgentDefinition, ctx: PromptContext): string {
  const parts: string[] = [agent.systemPrompt.trim()];
  parts.push(
    [
      '# Environment',
      `Working directory: ${ctx.cwd}`,
      `Project root: ${ctx.projectRoot}`,
      `Is a git repository: ${ctx.isGitRepo ? 'yes' : 'no'}`,
      `Platform: ${ctx.platform}`,
      `Today's date: ${ctx.date}`,
      `You are running as the agent "${agent.name}" on the model ${ctx.model} inside tandem, a terminal shell where the user approves tool calls.`,
    ].join('\n'),
  );
  if (ctx.delegates && ctx.delegates.length > 0) {
    const lines = ctx.delegates
      .filter((d) => d.name !== agent.name)
      .map((d) => `- ${d.name}: ${oneLine(d.description)}`);
    if (lines.length > 0) {
      parts.push(
        [
          '# Agents you can delegate to',
          'Use the Task tool with `subagent_type` set to one of these names to hand a self-contained piece of work to another agent. ' +
            'It starts with a fresh context, so put everything it needs in `prompt`. Where a description says to use it proactively, delegate without being asked. ' +
            'Several Task calls in one message run at the same time.',
          ...lines,
        ].join('\n'),
      );
    }
  }
  if (ctx.memoryText?.trim()) parts.push(`# Project and user instructions (memory files)\n${ctx.memoryText.trim()}`);
  if (ctx.appendSystemPrompt?.trim()) parts.push(ctx.appendSystemPrompt.trim());
  return parts.join('\n\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 600 ? `${flat.slice(0, 597)}...` : flat;
}
