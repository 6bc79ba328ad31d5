// The shell's view of the MCP servers' prompts and resources: each prompt is a command /mcp__server__prompt, and
// `@` completion offers `server:uri` of each resource. Both follow the servers as they connect and change.
import type { McpManager } from '../mcp/manager';
import { expandPromptCommand, promptArgumentHint, promptCommandName } from '../mcp/prompt-command';
import { completeResources } from '../mcp/resource-mentions';
import type { DynamicCommands, ExtraCommand } from '../ui/commands/types';

export function mcpDynamicCommands(manager: McpManager): DynamicCommands {
  return {
    commands: () =>
      manager.prompts().map((p): ExtraCommand => {
        const name = promptCommandName(p.server, p.name);
        const hint = promptArgumentHint(p);
        return {
          name,
          description: `(MCP ${p.server}) ${p.description ?? p.title ?? p.name}`.split('\n')[0]!.slice(0, 200),
          ...(hint ? { argumentHint: hint } : {}),
          run: async (args, api) => {
            const expanded = await expandPromptCommand(manager, name, args);
            if ('error' in expanded) throw new Error(expanded.error);
            api.send(expanded.text, expanded.images.length ? { images: expanded.images } : undefined);
          },
        };
      }),
    completeAt: (query) => completeResources(manager.resources(), query),
    subscribe: (onChange) => manager.subscribe(onChange),
  };
}
