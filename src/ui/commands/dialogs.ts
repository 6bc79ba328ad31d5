// Slash commands that open an interactive dialog instead of printing: /rewind with no arguments opens the rewind
// picker (with arguments it goes on to the CLI's /rewind command), /agents create opens the agent wizard.
import type { SessionController } from '../../engine/controller';
import { toolChoices } from '../agents/tool-choices';
import { parseSlash } from './builtin';

export type Dialog = { kind: 'rewind' } | { kind: 'agent-wizard'; tools: string[]; taken: string[] };

/** The dialog a command opens, null when it opens none, or an Error to print (the session is still starting). */
export function dialogFor(text: string, ctx: { rewind: boolean; controller: SessionController }): Dialog | Error | null {
  const parsed = parseSlash(text);
  if (!parsed) return null;
  if (parsed.name === 'rewind' && !parsed.args && ctx.rewind) return { kind: 'rewind' };
  if (parsed.name === 'agents' && parsed.args === 'create') {
    try {
      return { kind: 'agent-wizard', tools: toolChoices(ctx.controller), taken: ctx.controller.agents().agents.map((a) => a.name) };
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }
  return null;
}
