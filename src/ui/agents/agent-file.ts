// Writing a new agent file from the /agents create wizard: where it goes, what it says, written atomically.
// No React here, so it is unit-tested alone.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AgentColor } from '../../agents/types';
import { findProjectRoot, tandemHomeDir } from '../../settings/paths';

export const AGENT_MODELS = ['inherit', 'sonnet', 'opus', 'haiku', 'fable'] as const;
export type AgentModelChoice = (typeof AGENT_MODELS)[number];

export interface NewAgent {
  name: string;
  /** One line. */
  description: string;
  /** undefined = every tool (the key is left out of the file). */
  tools?: string[];
  model: AgentModelChoice;
  color: AgentColor;
}

const NAME_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why a name cannot be used, or null when it can. */
export function nameProblem(name: string, taken: readonly string[]): string | null {
  if (!name) return 'type a name';
  if (!NAME_RE.test(name)) return 'use lowercase letters, digits and single dashes (e.g. test-writer)';
  if (taken.includes(name)) return `an agent named ${name} exists already; pick another name`;
  return null;
}

/** The folder holding .git above cwd (cwd itself when there is none): project agents live under it. */
export const projectRoot = findProjectRoot;

export function agentPath(where: 'project' | 'user', name: string, cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = where === 'project' ? join(projectRoot(cwd), '.tandem') : tandemHomeDir(env, env.HOME || homedir());
  return join(base, 'agents', `${name}.md`);
}

/** Frontmatter (the description quoted: JSON strings are valid YAML) and a starter system prompt. */
export function agentFileText(a: NewAgent): string {
  const front = [
    '---',
    `name: ${a.name}`,
    `description: ${JSON.stringify(a.description.replace(/\s+/g, ' ').trim())}`,
    ...(a.tools ? [`tools: ${a.tools.join(', ')}`] : []),
    `model: ${a.model}`,
    `color: ${a.color}`,
    '---',
  ];
  const purpose = a.description.trim().replace(/\.$/, '');
  const body = [
    `You are ${a.name}, a focused assistant. Your job: ${purpose}.`,
    '',
    'How you work:',
    '- Read the relevant code before you change anything, and keep changes small and easy to review.',
    '- Say what you did and what is left, briefly, when you finish.',
    '- If the task is unclear or outside your job, say so instead of guessing.',
  ];
  return `${front.join('\n')}\n\n${body.join('\n')}\n`;
}

/** Writes the file through a temporary name and a rename, so a reader never sees half a file. Refuses to overwrite. */
export async function writeAgentFile(path: string, text: string): Promise<void> {
  if (existsSync(path)) throw new Error(`${path} exists already; pick another name or edit that file`);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
