// /agents create: name, description, tools (a checklist), model, color, where; then the file is written and the
// agents are loaded again so the new one can be used at once. Esc cancels at any step.
import React, { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { usePasteAwareInput } from '../input/use-paste-aware-input';
import { sanitizeLine } from '../../text/sanitize';
import { AGENT_COLORS, type AgentColor } from '../../agents/types';
import { agentLabel, bold, cyan, gray, inverse, red } from '../theme/ansi';
import { AGENT_MODELS, agentFileText, agentPath, nameProblem, writeAgentFile, type NewAgent } from '../agents/agent-file';

export interface AgentWizardProps {
  /** Names already in use. */
  taken: string[];
  /** Tools offered in the checklist. */
  tools: string[];
  cwd: string;
  width: number;
  maxRows: number;
  /** Writes nothing itself: reloads the agents after the file is written. */
  reload: () => Promise<void>;
  /** Called once: with what happened, or nothing when cancelled. */
  onClose: (message?: string) => void;
  env?: NodeJS.ProcessEnv;
}

type StepName = 'name' | 'description' | 'tools' | 'model' | 'color' | 'where' | 'saving';
const WHERE = ['project', 'user'] as const;

interface Draft {
  step: StepName;
  text: string;
  error: string | null;
  sel: number;
  name: string;
  description: string;
  checked: boolean[];
  model: NewAgent['model'];
  color: AgentColor;
}

export function AgentWizard(props: AgentWizardProps): React.JSX.Element {
  const { tools, width, maxRows } = props;
  const initial: Draft = { step: 'name', text: '', error: null, sel: 0, name: '', description: '', checked: tools.map(() => true), model: 'inherit', color: 'cyan' };
  const [draft, setDraftState] = useState<Draft>(initial);
  const ref = useRef(draft);
  const set = (d: Partial<Draft>) => setDraftState((ref.current = { ...ref.current, ...d }));
  const closed = useRef(false);
  const close = (message?: string) => {
    if (closed.current) return;
    closed.current = true;
    props.onClose(message);
  };

  const save = async (where: (typeof WHERE)[number]) => {
    const d = ref.current;
    set({ step: 'saving' });
    const all = d.checked.every(Boolean);
    const agent: NewAgent = { name: d.name, description: d.description, tools: all ? undefined : tools.filter((_, i) => d.checked[i]), model: d.model, color: d.color };
    const path = agentPath(where, d.name, props.cwd, props.env);
    try {
      await writeAgentFile(path, agentFileText(agent));
      await props.reload();
      close(`Created ${agentLabel(d.name, d.color)} in ${path}. Use it with /agent ${d.name} (or let the main agent delegate to it with Task).`);
    } catch (e) {
      close(red(`✗ Could not create the agent: ${(e as Error).message}`));
    }
  };

  /** Text steps: printable keys type, backspace deletes, Enter accepts. */
  const editText = (input: string, key: { return: boolean; backspace: boolean; delete: boolean; ctrl: boolean; meta: boolean }, accept: (text: string) => void) => {
    const d = ref.current;
    if (key.return) return accept(d.text.trim());
    // Text and Enter in one read (the shell was busy for a moment): type the text, then accept.
    const enter = input.indexOf('\r');
    if (enter >= 0 && !key.ctrl && !key.meta) {
      const typed = d.text + input.slice(0, enter).replace(/\n+/g, ' ');
      set({ text: typed, error: null });
      return accept(typed.trim());
    }
    if (key.backspace || key.delete) return set({ text: d.text.slice(0, -1), error: null });
    if (key.ctrl || key.meta || !input) return;
    set({ text: d.text + input.replace(/[\r\n]+/g, ' '), error: null });
  };

  usePasteAwareInput((input, key) => {
    const d = ref.current;
    if (key.escape) return close('Agent creation cancelled.');
    switch (d.step) {
      case 'name':
        return editText(input, key, (name) => {
          const problem = nameProblem(name, props.taken);
          if (problem) return set({ error: problem });
          set({ name, step: 'description', text: '', error: null });
        });
      case 'description':
        return editText(input, key, (description) => {
          if (!description) return set({ error: 'describe in one line what the agent is for (the main agent reads it to decide when to delegate)' });
          set({ description, step: 'tools', sel: 0, error: null });
        });
      case 'tools': {
        const n = tools.length;
        if (key.upArrow) return set({ sel: (d.sel - 1 + n) % n });
        if (key.downArrow) return set({ sel: (d.sel + 1) % n });
        if (input === ' ') return set({ checked: d.checked.map((c, i) => (i === d.sel ? !c : c)), error: null });
        if (input === 'a') {
          const all = d.checked.every(Boolean);
          return set({ checked: d.checked.map(() => !all), error: null });
        }
        if (key.return) {
          if (!d.checked.some(Boolean)) return set({ error: 'choose at least one tool (space), or press a for all' });
          set({ step: 'model', sel: 0, error: null });
        }
        return;
      }
      case 'model':
      case 'color':
      case 'where': {
        const options: readonly string[] = d.step === 'model' ? AGENT_MODELS : d.step === 'color' ? AGENT_COLORS : WHERE;
        const n = options.length;
        if (key.upArrow) return set({ sel: (d.sel - 1 + n) % n });
        if (key.downArrow) return set({ sel: (d.sel + 1) % n });
        const digit = /^[1-9]$/.test(input) ? Number(input) - 1 : -1;
        const i = key.return ? d.sel : digit < n ? digit : -1;
        if (i < 0) return;
        if (d.step === 'model') set({ model: AGENT_MODELS[i]!, step: 'color', sel: AGENT_COLORS.indexOf(d.color) });
        else if (d.step === 'color') set({ color: AGENT_COLORS[i]!, step: 'where', sel: 0 });
        else void save(WHERE[i]!);
        return;
      }
      case 'saving':
        return;
    }
  });

  const lines: string[] = [bold('Create an agent') + gray(' · Esc to cancel')];
  const d = draft;
  const field = (label: string, hint: string) => {
    lines.push(`${label}: ${sanitizeLine(d.text)}${inverse(' ')}`); // a paste may bring control characters
    lines.push(gray(hint));
  };
  const pick = (options: readonly string[], paint: (o: string) => string = (o) => o) =>
    options.forEach((o, i) => lines.push(i === d.sel ? cyan(`❯ ${i + 1}. `) + paint(o) : `  ${i + 1}. ${paint(o)}`));
  switch (d.step) {
    case 'name':
      field('Name', 'lowercase letters, digits and dashes · Enter to go on');
      break;
    case 'description':
      lines.push(gray(`name: ${d.name}`));
      field('Description', 'one line: what it is for and when to use it · Enter to go on');
      break;
    case 'tools': {
      lines.push(gray(`name: ${d.name}`), 'Tools it may use:');
      const shown = Math.max(3, maxRows - 6);
      const start = Math.max(0, Math.min(d.sel - shown + 1, tools.length - shown));
      tools.slice(start, start + shown).forEach((t, i) => {
        const idx = start + i;
        const line = `${d.checked[idx] ? '[x]' : '[ ]'} ${sanitizeLine(t)}`; // MCP servers name their tools
        lines.push(idx === d.sel ? cyan('❯ ' + line) : '  ' + line);
      });
      lines.push(gray(`${d.checked.every(Boolean) ? 'all tools' : `${d.checked.filter(Boolean).length} of ${tools.length}`} · space toggles · a all/none · Enter to go on`));
      break;
    }
    case 'model':
      lines.push(gray(`name: ${d.name}`), 'Model:');
      pick(AGENT_MODELS);
      break;
    case 'color':
      lines.push(gray(`name: ${d.name}`), 'Color:');
      pick(AGENT_COLORS, (c) => agentLabel(c, c as AgentColor));
      break;
    case 'where':
      lines.push(gray(`name: ${d.name}`), 'Save to:');
      pick(WHERE, (w) => `${w}  ${gray(agentPath(w as 'project' | 'user', d.name, props.cwd, props.env))}`);
      break;
    case 'saving':
      lines.push(gray('Writing the agent file…'));
      break;
  }
  if (d.error) lines.push(red(d.error));
  return (
    <Box flexDirection="column" width={width}>
      <Text>{gray('─'.repeat(Math.max(1, width)))}</Text>
      <Text wrap="truncate-end">{lines.join('\n')}</Text>
    </Box>
  );
}
