// The plugin list people read: `tandem plugin list` and `/plugins` in the shell. Each plugin with its state, where
// it was found, and what it adds (under the names it got: `plugin:name` where its own name was taken).
import path from 'node:path';
import { sanitizeLine } from '../text/sanitize';
import { markdownBelow } from './parts';
import type { Plugin } from './types';

export interface Contribution {
  commands: string[];
  agents: string[];
  skills: string[];
}

/** Names as the plugin's files give them (for `tandem plugin list`, which loads no session). */
export function contributionFromFiles(p: Plugin): Contribution {
  const commands = [
    ...p.components.commandDirs.flatMap((dir) => markdownBelow(dir).map((f) => path.relative(dir, f).slice(0, -'.md'.length).split(path.sep).join(':'))),
    ...p.components.commandFiles.map((f) => path.basename(f, '.md')),
  ];
  return { commands, agents: p.components.agentFiles.map((f) => path.basename(f, '.md')), skills: p.components.skillDirs.map((d) => path.basename(d)) };
}

function stateLabel(p: Plugin): string {
  switch (p.state) {
    case 'enabled':
      return p.codeSkipped ? 'enabled (hooks and MCP servers off: untrusted folder)' : 'enabled';
    case 'disabled':
      return 'disabled';
    case 'refused':
      return 'refused';
    default: {
      const never: never = p.state;
      return String(never);
    }
  }
}

function originLabel(p: Plugin): string {
  switch (p.origin) {
    case 'flag':
      return '--plugin-dir';
    case 'tandem':
      return 'installed with tandem';
    case 'claude':
      return 'installed by Claude Code';
    default: {
      const never: never = p.origin;
      return String(never);
    }
  }
}

export function formatPluginList(plugins: Plugin[], contribution: (p: Plugin) => Contribution = contributionFromFiles): string {
  if (plugins.length === 0) {
    return 'No plugins. Load one for a run with --plugin-dir DIR, install one with `tandem plugin install PATH`, or enable a Claude Code plugin in enabledPlugins.';
  }
  const lines = [`Plugins (${plugins.length}):`];
  for (const p of plugins) {
    lines.push(`  ${sanitizeLine(p.name)}${p.version ? ` ${sanitizeLine(p.version)}` : ''}  [${stateLabel(p)}]  ${sanitizeLine(p.id)}, ${originLabel(p)}: ${sanitizeLine(p.root)}`);
    if (p.description) lines.push(`    ${sanitizeLine(p.description)}`);
    const c = contribution(p);
    const parts: string[] = [];
    if (c.commands.length > 0) parts.push(`commands ${c.commands.map((n) => `/${sanitizeLine(n)}`).join(', ')}`);
    if (c.agents.length > 0) parts.push(`agents ${c.agents.map(sanitizeLine).join(', ')}`);
    if (c.skills.length > 0) parts.push(`skills ${c.skills.map(sanitizeLine).join(', ')}`);
    if (p.components.hookCount > 0) parts.push(`${p.components.hookCount} hook${p.components.hookCount === 1 ? '' : 's'} (${Object.keys(p.components.hooks).join(', ')})`);
    const servers = p.components.mcpSources.flatMap((s) => Object.keys((s.servers as Record<string, unknown>) ?? {}));
    if (servers.length > 0) parts.push(`MCP servers ${servers.map(sanitizeLine).join(', ')}`);
    if (parts.length > 0) lines.push(`    adds: ${parts.join('; ')}`);
    if (p.codeSkipped) lines.push(`    note: ${sanitizeLine(p.codeSkipped)}`);
    for (const problem of p.problems) lines.push(`    problem: ${sanitizeLine(problem)}`);
  }
  return lines.join('\n');
}

/** `/plugins` in the shell: the session's plugins, with the names their parts were registered under. */
export function pluginsSlashCommand(
  boot: {
    plugins: { plugins: Plugin[] };
    skills: Array<{ name: string; plugin?: string }>;
    session: { agents(): { agents: Array<{ name: string; source: { plugin?: string } }> } };
  },
  commands: Array<{ name: string; plugin?: string }>,
) {
  return {
    name: 'plugins',
    description: 'list plugins: state, where each was found, and the commands, agents, skills, hooks and MCP servers it adds',
    run: async (): Promise<string> => {
      const agents = boot.session.agents().agents;
      return formatPluginList(boot.plugins.plugins, (p) =>
        p.state !== 'enabled'
          ? contributionFromFiles(p)
          : {
              commands: commands.filter((c) => c.plugin === p.name).map((c) => c.name),
              agents: agents.filter((a) => a.source.plugin === p.name).map((a) => a.name),
              skills: boot.skills.filter((s) => s.plugin === p.name).map((s) => s.name),
            },
      );
    },
  };
}
