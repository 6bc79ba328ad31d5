// The built-in slash commands.
import type { SessionController } from '../../engine/controller';
import { PERMISSION_MODES, type PermissionMode } from '../../permissions/types';
import type { ScreenState } from '../state/types';
import { agentLabel, bold, gray, green, red, yellow } from '../theme/ansi';
import { todoLines } from '../components/TodoPanel';
import { formatTokens } from '../format/tool-text';
import type { CommandApi, CommandEntry, CustomCommand, ExtraCommand } from './types';
import { sanitizeLine } from '../../text/sanitize';
import { rankByName } from './fuzzy';

// Agent files, subagent results and error messages are outside text: every piece is sanitised before it is styled.
const one = sanitizeLine;

export const BUILTIN_COMMANDS: CommandEntry[] = [
  { name: 'help', description: 'List the commands and keys' },
  { name: 'agents', description: 'List agents, their source files and what ran this session; /agents create makes a new one', argumentHint: '[create]' },
  { name: 'agent', description: 'Switch to another agent', argumentHint: 'NAME' },
  { name: 'model', description: 'Use another model', argumentHint: 'NAME' },
  { name: 'mode', description: 'Show or set the permission mode', argumentHint: '[default|acceptEdits|plan|dontAsk|bypassPermissions]' },
  { name: 'todos', description: 'Print the todo list' },
  { name: 'clear', description: 'Forget the conversation and clear the screen' },
  { name: 'cost', description: 'Tokens and cost of this session' },
  { name: 'exit', description: 'Quit tandem' },
];

export function allCommands(custom: CustomCommand[], extra: ExtraCommand[]): CommandEntry[] {
  const seen = new Set<string>();
  const out: CommandEntry[] = [];
  for (const c of [...BUILTIN_COMMANDS, ...extra, ...custom]) {
    if (seen.has(c.name)) continue;
    seen.add(c.name);
    out.push({ name: c.name, description: c.description, argumentHint: c.argumentHint });
  }
  return out;
}

/** Commands whose name fuzzy-matches what was typed after `/`, best first (see fuzzy.ts for the ranking). */
export function matchCommands(commands: CommandEntry[], typed: string): CommandEntry[] {
  return rankByName(commands, typed, (c) => c.name);
}

export function parseSlash(text: string): { name: string; args: string } | null {
  const m = /^\/([A-Za-z0-9:_-]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  return m ? { name: m[1]!, args: (m[2] ?? '').trim() } : null;
}

export interface SlashContext {
  controller: SessionController;
  state: ScreenState;
  custom: CustomCommand[];
  extra: ExtraCommand[];
  api: CommandApi;
}

const KEYS_HELP = [
  'Enter send · \\ then Enter or shift+enter for a newline · ↑/↓ history · ctrl+r search history · / commands',
  '@path attaches a file (Tab completes) · !command runs a shell command · a leading space keeps a line out of the history',
  'Enter while the agent works queues the message (↑ edits it, esc removes it)',
  'esc interrupts the agent · shift+tab cycles the permission mode · ctrl+t todo panel · ctrl+o transcript view',
  'ctrl+c clears the input (twice on an empty input to quit) · ctrl+d on an empty input quits',
];

/** Runs a slash command. Returns a prompt to send when the command expands to one. */
export async function runSlash(text: string, ctx: SlashContext): Promise<{ send?: string } | void> {
  const parsed = parseSlash(text);
  const { controller, api } = ctx;
  if (!parsed) {
    api.print(red(`Not a command: ${text.trim()}. Type /help for the list.`));
    return;
  }
  const { name, args } = parsed;
  switch (name) {
    case 'help': {
      const cmds = allCommands(ctx.custom, ctx.extra);
      const width = Math.max(...cmds.map((c) => c.name.length + (c.argumentHint ? c.argumentHint.length + 1 : 0))) + 2;
      const lines = cmds.map((c) => {
        const sig = `/${c.name}${c.argumentHint ? ' ' + c.argumentHint : ''}`;
        return `  ${bold(one(sig).padEnd(width + 1))} ${gray(one(c.description))}`;
      });
      api.print([bold('Commands'), ...lines, '', bold('Keys'), ...KEYS_HELP.map((k) => '  ' + gray(k))].join('\n'));
      return;
    }
    case 'agents': {
      const { agents, errors } = controller.agents();
      const current = controller.info().agent.name;
      const lines = [bold('Agents')];
      for (const a of agents) {
        lines.push(`${a.name === current ? '❯' : ' '} ${agentLabel(a.name, a.color)} ${gray(`(${a.source.kind}: ${one(a.source.path)})`)}`);
        if (a.description) lines.push(`    ${gray(one(a.description.split('\n')[0]!.slice(0, 100)))}`);
        for (const w of a.warnings) lines.push(`    ${yellow('! ' + one(w))}`);
      }
      if (errors.length) {
        lines.push('', bold(red('Agents that failed to load')));
        for (const e of errors) lines.push(`  ${red('✗')} ${one(e.path)}${e.line ? `:${e.line}` : ''}${e.field ? ` (${one(e.field)})` : ''}: ${one(e.message)}`);
      }
      const runs = controller.subagentRuns?.() ?? [];
      if (runs.length) {
        lines.push('', bold('Subagent runs this session'));
        const color = new Map(agents.map((a) => [a.name, a.color]));
        for (const r of runs) {
          const status = r.status === 'done' ? green('done') : r.status === 'error' ? red('error') : yellow('running');
          const first = one((r.result ?? '').trim().split('\n')[0]!.slice(0, 90));
          lines.push(`  ${agentLabel(r.agent, color.get(r.agent))} ${status}${first ? gray(' · ' + first) : ''}`);
        }
      }
      lines.push('', gray('+ Create a new agent: /agents create'));
      api.print(lines.join('\n'));
      return;
    }
    case 'agent': {
      const names = controller.agents().agents.map((a) => a.name);
      if (!args) {
        api.print(`Current agent: ${one(controller.info().agent.name)}. Usage: /agent NAME (one of: ${one(names.join(', '))})`);
        return;
      }
      if (!names.includes(args)) {
        api.print(red(`No agent named "${one(args)}". Available: ${one(names.join(', ')) || '(none)'}. See /agents for details.`));
        return;
      }
      try {
        controller.switchAgent(args);
      } catch (e) {
        api.print(red(`Could not switch to ${one(args)}: ${one((e as Error).message)}`));
      }
      return;
    }
    case 'model': {
      if (!args) {
        api.print(`Current model: ${one(controller.info().model)}. Usage: /model NAME (an alias like sonnet, opus, haiku, or a model id)`);
        return;
      }
      try {
        controller.setModel(args);
      } catch (e) {
        api.print(red(`Could not use model ${one(args)}: ${one((e as Error).message)}`));
      }
      return;
    }
    case 'mode': {
      if (!args) {
        api.print(`Permission mode: ${controller.info().mode}. Usage: /mode ${PERMISSION_MODES.join('|')} (shift+tab cycles)`);
        return;
      }
      if (!PERMISSION_MODES.includes(args as PermissionMode)) {
        api.print(red(`Unknown mode "${one(args)}". Use one of: ${PERMISSION_MODES.join(', ')}.`));
        return;
      }
      controller.setMode(args as PermissionMode);
      return;
    }
    case 'todos': {
      const todos = ctx.state.todos.length ? ctx.state.todos : controller.info().todos;
      api.print(todos.length ? [bold('Todos'), ...todoLines(todos, 0)].join('\n') : gray('No todos yet.'));
      return;
    }
    case 'clear':
      controller.clear();
      api.clearScreen();
      return;
    case 'cost': {
      // The CLI's /cost knows the split by model and by agent; the status line's totals are the fallback.
      const detailed = ctx.extra.find((e) => e.name === 'cost');
      if (detailed) {
        const out = await detailed.run(args, api);
        if (out) api.print(out);
        return;
      }
      const s = ctx.state.status;
      api.print(
        [
          bold('Session usage'),
          `  input tokens   ${formatTokens(s.inputTokens)}`,
          `  output tokens  ${formatTokens(s.outputTokens)}`,
          `  cost           $${s.costUsd.toFixed(4)}`,
          ...(s.contextPct !== null ? [`  context used   ${s.contextPct}%`] : []),
        ].join('\n'),
      );
      return;
    }
    case 'exit':
    case 'quit':
      api.exit();
      return;
  }
  const extra = ctx.extra.find((c) => c.name === name);
  if (extra) {
    try {
      const out = await extra.run(args, api);
      if (out) api.print(out);
    } catch (e) {
      api.print(red(`/${name} failed: ${one((e as Error).message)}`));
    }
    return;
  }
  const custom = ctx.custom.find((c) => c.name === name);
  if (custom?.prepare) {
    try {
      const prepared = await custom.prepare(args);
      for (const note of prepared.notes) api.print(gray(one(note)));
      api.send(prepared.prompt, prepared.turn);
    } catch (e) {
      api.print(red(`/${name} failed: ${one((e as Error).message)}`));
    }
    return;
  }
  if (custom) return { send: custom.expand(args) };
  const all = allCommands(ctx.custom, ctx.extra);
  const fuzzy = matchCommands(all, name);
  const near = (fuzzy.length ? fuzzy : matchCommands(all, name.slice(0, 2))).slice(0, 3);
  api.print(red(`Unknown command /${name}.`) + (near.length ? ` Did you mean ${near.map((c) => '/' + c.name).join(', ')}?` : '') + ' Type /help for the list.');
}
