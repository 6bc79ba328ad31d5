// `/skills` lists the skills found at start; `/NAME [args]` sends a skill's instructions as the prompt (the same
// text the Skill tool returns), unless a built-in or custom command already has that name.
import type { Skill } from '../skills/load';
import { skillPrompt, skillTurn } from '../skills/skill-tool';
import type { CommandApi, ExtraCommand } from '../ui/commands/types';
import { BUILTIN_COMMANDS } from '../ui/commands/builtin';
import { sanitizeLine } from '../text/sanitize';

export function formatSkillList(skills: Skill[]): string {
  if (skills.length === 0) return 'No skills. Put one in .claude/skills/NAME/SKILL.md (project) or ~/.claude/skills/NAME/SKILL.md (yours).';
  const width = Math.max(...skills.map((s) => s.name.length));
  return [
    `Skills (${skills.length}); the model loads one with the Skill tool, or type /NAME:`,
    ...skills.map((s) => `  ${sanitizeLine(s.name).padEnd(width)}  ${sanitizeLine(s.description)}  (${s.scope}: ${sanitizeLine(s.file)})`),
  ].join('\n');
}

export function skillSlashCommands(skills: Skill[], taken: Set<string>, folderTrusted = false): ExtraCommand[] {
  const out: ExtraCommand[] = [{ name: 'skills', description: 'List the skills the model can load', run: async () => formatSkillList(skills) }];
  for (const skill of skills) {
    if (taken.has(skill.name) || skill.name === 'skills') continue;
    out.push({
      name: skill.name,
      description: `(skill) ${skill.description}`,
      argumentHint: '[what to work on]',
      run: async (args: string, api: CommandApi) => {
        const { turn, notes } = skillTurn(skill, folderTrusted);
        const prompt = await skillPrompt(skill, args);
        api.send(prompt, turn);
        return notes.length > 0 ? notes.join('\n') : undefined;
      },
    });
  }
  return out;
}

/** The REPL's extra commands plus /skills and one per skill whose name is still free. */
export function withSkillCommands(extra: ExtraCommand[], customNames: string[], skills: Skill[], folderTrusted = false): ExtraCommand[] {
  const taken = new Set([...BUILTIN_COMMANDS.map((c) => c.name), 'quit', ...extra.map((c) => c.name), ...customNames]);
  return [...extra, ...skillSlashCommands(skills, taken, folderTrusted)];
}
