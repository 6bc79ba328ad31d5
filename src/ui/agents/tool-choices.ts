// The tools offered by the /agents create checklist: the built-in ones plus every tool an agent or the current
// session names (MCP tools included); globs like mcp__server__* are left out, they are not one tool.
import type { SessionController } from '../../engine/controller';

const BUILTIN_TOOLS = ['Task', 'Bash', 'BashOutput', 'KillShell', 'Glob', 'Grep', 'LS', 'Read', 'Edit', 'MultiEdit', 'Write', 'NotebookRead', 'NotebookEdit', 'WebFetch', 'WebSearch', 'TodoWrite', 'ExitPlanMode'];

export function toolChoices(controller: SessionController): string[] {
  const names = new Set(BUILTIN_TOOLS);
  const add = (list: string[] | undefined) => list?.forEach((t) => !t.includes('*') && names.add(t));
  try {
    add(controller.info().agent.tools);
    for (const a of controller.agents().agents) add(a.tools);
  } catch {
    // the session is still starting: the built-in list will do
  }
  return [...names];
}
