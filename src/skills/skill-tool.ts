// The Skill tool: its description lists every skill's name and description; calling it loads one skill's
// instructions (SKILL.md without the frontmatter) and names the folder holding its other files, which the model
// reads and runs with the ordinary tools, each call checked by the permission rules like any other.
import { z } from 'zod';
import type { TurnOptions } from '../engine/controller';
import { defineTool, ToolError } from '../tools/types';
import { listSkillFiles, readSkillBody, type Skill } from './load';

const inputSchema = z
  .object({
    skill: z.string().min(1).describe('The name of the skill to load, exactly as listed.'),
    args: z.string().optional().describe('Optional text for the skill: what to work on.'),
  })
  .strict();

export function skillToolDescription(skills: Skill[]): string {
  const lines = skills.map((s) => `- ${s.name}: ${s.description}`);
  return [
    'Load a skill: a set of instructions (and sometimes scripts or reference files) for one kind of task.',
    'When the task in hand matches a skill below, call this tool with its name before starting, then follow what it says.',
    'Only the names and descriptions are listed here; the instructions come back when you call it.',
    '',
    'Available skills:',
    ...lines,
  ].join('\n');
}

/** The text the model receives for one skill. */
export async function skillPrompt(skill: Skill, args: string | undefined): Promise<string> {
  const body = await readSkillBody(skill);
  const { files, more } = await listSkillFiles(skill);
  const parts = [
    `Skill "${skill.name}" loaded from ${skill.file}.`,
    `Its folder is ${skill.dir}; paths in the instructions are relative to it. Read its files with Read and run its scripts with Bash, using absolute paths.`,
  ];
  if (files.length) parts.push(`Files in the skill's folder:\n${files.map((f) => `  ${f}`).join('\n')}${more ? '\n  (more files not listed)' : ''}`);
  parts.push('', body);
  if (args?.trim()) parts.push('', `ARGUMENTS: ${args.trim()}`);
  return parts.join('\n');
}

/** Whether a skill's `allowed-tools` may lift prompts: the user's own skills always, a project's only once the user
 *  trusted the folder (a cloned repository must not grant itself commands). */
export function skillMayGrant(skill: Skill, folderTrusted: boolean): boolean {
  return skill.scope === 'user' || folderTrusted;
}

export function skillSource(skill: Skill): string {
  return `skill ${skill.name} (${skill.file})`;
}

/** `/NAME` typed by the user: the skill's model and allowed-tools for that turn, as a custom command's are. */
export function skillTurn(skill: Skill, folderTrusted: boolean): { turn: TurnOptions; notes: string[] } {
  const turn: TurnOptions = { source: skillSource(skill) };
  const notes: string[] = [];
  if (skill.model) turn.model = skill.model;
  if (skill.allowedTools?.length) {
    if (skillMayGrant(skill, folderTrusted)) turn.allowRules = skill.allowedTools;
    else notes.push(`${skillSource(skill)}: allowed-tools not applied: this folder is not trusted (/trust)`);
  }
  return { turn, notes };
}

/** Puts each of the skill's allowed-tools in force for the running turn; says what was applied and what not. */
function grantAllowedTools(skill: Skill, folderTrusted: boolean, grant: ((rules: string[], source: string) => void) | undefined): string[] {
  const rules = skill.allowedTools ?? [];
  if (rules.length === 0) return [];
  if (!skillMayGrant(skill, folderTrusted)) return [`Its allowed-tools (${rules.join(', ')}) were not applied: this folder is not trusted, so its calls are approved one by one.`];
  if (!grant) return [`Its allowed-tools (${rules.join(', ')}) were not applied here; its calls are approved one by one.`];
  const applied: string[] = [];
  const refused: string[] = [];
  for (const rule of rules) {
    try {
      grant([rule], skillSource(skill));
      applied.push(rule);
    } catch (error) {
      refused.push(`${rule} (${(error as Error).message})`);
    }
  }
  const notes = applied.length > 0 ? [`Until this turn ends these calls need no approval (deny and ask rules still apply): ${applied.join(', ')}.`] : [];
  if (refused.length > 0) notes.push(`Not applied, unreadable: ${refused.join('; ')}.`);
  return notes;
}

export function createSkillTool(skills: Skill[], opts: { folderTrusted?: boolean } = {}) {
  const byName = new Map(skills.map((s) => [s.name, s]));
  return defineTool({
    name: 'Skill',
    description: skillToolDescription(skills),
    inputSchema,
    kind: 'read',
    isReadOnly: () => true,
    async preview(input) {
      const skill = byName.get(input.skill.replace(/^\//, ''));
      return { kind: 'info', title: `Load skill ${input.skill}`, ...(skill ? { detail: skill.file } : {}) };
    },
    async run(input, ctx) {
      const skill = byName.get(input.skill.replace(/^\//, ''));
      if (!skill) throw new ToolError(`No skill named "${input.skill}". Available: ${[...byName.keys()].join(', ') || 'none'}.`);
      let text: string;
      try {
        text = await skillPrompt(skill, input.args);
      } catch (error) {
        throw new ToolError(`The skill "${skill.name}" could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); its file was ${skill.file}.`);
      }
      const grants = grantAllowedTools(skill, opts.folderTrusted === true, ctx.grantForTurn?.bind(ctx));
      const forModel = grants.length > 0 ? `${text}\n\n${grants.join('\n')}` : text;
      const summary = `Loaded skill ${skill.name}${grants.length > 0 ? `. ${grants.join(' ')}` : ''}`;
      return { forModel, summary, details: { skill: skill.name, file: skill.file } };
    },
  });
}
