// Headless mode runs slash commands too: a prompt that starts with `/name` where name is a custom command or a
// skill is expanded exactly as the REPL would (`!` lines, `@` files, the command's model and allowed-tools).
// Anything else, `/etc/hosts looks wrong` included, is sent as typed.
import type { TurnOptions } from '../engine/controller';
import { prepareCustomCommand } from '../session/command-prepare';
import { loadCustomCommands } from '../session/custom-commands';
import { pluginCommandSources } from '../plugins/contributions';
import { skillPrompt, skillTurn } from '../skills/skill-tool';
import type { Bootstrapped } from './bootstrap';
import { expandPromptCommand, promptCommandName } from '../mcp/prompt-command';

export interface HeadlessSlash {
  prompt: string;
  turn?: TurnOptions;
  /** For stderr: loader warnings, what ran, what was refused. */
  notes: string[];
  /** Every custom command and skill name (the init line's slash_commands). */
  names: string[];
}

export async function expandHeadlessSlash(prompt: string, boot: Bootstrapped): Promise<HeadlessSlash> {
  const { cwd, projectRoot, tandemHome, homeDir } = boot.locations;
  const loaded = await loadCustomCommands({ cwd, projectRoot, tandemHome, homeDir, trusted: boot.trust.trusted, plugins: pluginCommandSources(boot.plugins) });
  const mcpPrompts = boot.mcp.manager.prompts().map((p) => promptCommandName(p.server, p.name));
  const names = [...new Set([...loaded.commands.map((c) => c.name), ...boot.skills.map((s) => s.name), ...mcpPrompts])].sort();
  const m = /^\/([A-Za-z0-9][\w.:-]*)(?:\s+([\s\S]*))?$/.exec(prompt.trim());
  if (!m) return { prompt, notes: [], names };
  const [, name, args = ''] = m;
  const command = loaded.commands.find((c) => c.name === name);
  if (command) {
    const prepared = await prepareCustomCommand(command, args, {
      policy: boot.policy,
      mode: boot.session.info().mode,
      cwd,
      projectRoot,
    });
    return { prompt: prepared.prompt, turn: prepared.turn, notes: [...loaded.warnings, ...prepared.notes], names };
  }
  const skill = boot.skills.find((s) => s.name === name);
  if (skill) {
    const { turn, notes } = skillTurn(skill, boot.trust.trusted);
    return { prompt: await skillPrompt(skill, args), turn, notes, names };
  }
  // `/mcp__server__prompt args`: an MCP server's prompt (the servers have settled by now).
  if (name?.startsWith('mcp__')) {
    const expanded = await expandPromptCommand(boot.mcp.manager, name, args);
    if ('error' in expanded) return { prompt, notes: [`${expanded.error}; the text was sent as typed`], names };
    return { prompt: expanded.text, ...(expanded.images.length ? { turn: { images: expanded.images } } : {}), notes: [], names };
  }
  return { prompt, notes: [], names };
}
