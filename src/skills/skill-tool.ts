// The Skill tool: its description lists every skill's name and description; calling it loads one skill's
// instructions (SKILL.md without the frontmatter) and names the folder holding its other files, which the model
// reads and runs with the ordinary tools, each call checked by the permission rules like any other.
import { z } from 'zod';
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

export function createSkillTool(skills: Skill[]) {
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
    async run(input) {
      const skill = byName.get(input.skill.replace(/^\//, ''));
      if (!skill) throw new ToolError(`No skill named "${input.skill}". Available: ${[...byName.keys()].join(', ') || 'none'}.`);
      let text: string;
      try {
        text = await skillPrompt(skill, input.args);
      } catch (error) {
        throw new ToolError(`The skill "${skill.name}" could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); its file was ${skill.file}.`);
      }
      return { forModel: text, summary: `Loaded skill ${skill.name}`, details: { skill: skill.name, file: skill.file } };
    },
  });
}
