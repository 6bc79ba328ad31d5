// Skills: folders holding a SKILL.md (YAML frontmatter + instructions) and whatever files the instructions use.
// Only the frontmatter is read at start (name, description, allowed-tools, model); the body is read when the
// skill is invoked, so a session with fifty skills pays for fifty one-line descriptions, not fifty manuals.
// Precedence, highest first (the first skill of a name wins): .tandem/skills then .claude/skills of the working
// directory and each parent up to the project root, then $TANDEM_HOME/skills and ~/.claude/skills.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseFrontmatter } from '../session/frontmatter';
import { foldersUpToRoot } from '../session/custom-commands';
import type { PluginSkillSource } from '../plugins/types';

export interface Skill {
  name: string;
  description: string;
  /** As written: allow rules for the turn that loads the skill (user skills, and project skills in a trusted folder). */
  allowedTools?: string[];
  model?: string;
  /** The skill's folder (absolute). */
  dir: string;
  /** Its SKILL.md. */
  file: string;
  scope: 'project' | 'user' | 'plugin';
  /** The plugin that ships it. */
  plugin?: string;
}

export interface SkillProblem {
  file: string;
  /** The frontmatter field at fault, when there is one. */
  field?: string;
  message: string;
}

export interface LoadedSkills {
  skills: Skill[];
  problems: SkillProblem[];
}

export function describeProblem(p: SkillProblem): string {
  return `skill ${p.file}${p.field ? `: ${p.field}` : ''}: ${p.message}`;
}

export function skillFolders(opts: { cwd: string; projectRoot: string; tandemHome: string; homeDir: string }): Array<[string, 'project' | 'user']> {
  const out: Array<[string, 'project' | 'user']> = [];
  for (const dir of foldersUpToRoot(opts.cwd, opts.projectRoot)) {
    out.push([path.join(dir, '.tandem', 'skills'), 'project'], [path.join(dir, '.claude', 'skills'), 'project']);
  }
  out.push([path.join(opts.tandemHome, 'skills'), 'user'], [path.join(opts.homeDir, '.claude', 'skills'), 'user']);
  return out;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export async function loadSkills(opts: { cwd: string; projectRoot: string; tandemHome: string; homeDir: string; plugins?: PluginSkillSource[] }): Promise<LoadedSkills> {
  const byName = new Map<string, Skill>();
  const problems: SkillProblem[] = [];
  const seen = new Set<string>();
  for (const [folder, scope] of skillFolders(opts)) {
    const real = await realpath(folder).catch(() => null);
    if (!real || seen.has(real)) continue;
    seen.add(real);
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const dir = path.join(folder, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(dir).then((s) => s.isDirectory(), () => false)));
      if (!isDir) continue;
      const file = path.join(dir, 'SKILL.md');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') problems.push({ file, message: `cannot read (${code ?? String(error)}); skipped` });
        continue;
      }
      const parsed = parseSkill(text, file, dir, scope, entry.name);
      problems.push(...parsed.problems);
      if (!parsed.skill) continue;
      if (byName.has(parsed.skill.name)) continue;
      byName.set(parsed.skill.name, parsed.skill);
    }
  }
  for (const source of opts.plugins ?? []) await addPluginSkills(source, byName, problems);
  return { skills: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)), problems };
}

/** Plugin skills come after every project and user skill; a taken name becomes `plugin:name`. */
async function addPluginSkills(source: PluginSkillSource, byName: Map<string, Skill>, problems: SkillProblem[]): Promise<void> {
  for (const dir of source.dirs) {
    const file = path.join(dir, 'SKILL.md');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      problems.push({ file, message: `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)}); skipped` });
      continue;
    }
    const parsed = parseSkill(text, file, dir, 'plugin', path.basename(dir));
    problems.push(...parsed.problems);
    const skill = parsed.skill;
    if (!skill) continue;
    skill.plugin = source.plugin;
    if (byName.has(skill.name)) skill.name = `${source.plugin}:${skill.name}`;
    if (byName.has(skill.name)) {
      problems.push({ file, message: `a skill named "${skill.name}" is already loaded; skipped` });
      continue;
    }
    byName.set(skill.name, skill);
  }
}

/** One SKILL.md: a skill, or the problems that keep it out (each naming the field). */
export function parseSkill(text: string, file: string, dir: string, scope: Skill['scope'], folderName: string): { skill?: Skill; problems: SkillProblem[] } {
  const problems: SkillProblem[] = [];
  const { data, warning } = parseFrontmatter(text);
  if (warning) problems.push({ file, message: warning });
  const text1 = (key: string): string | undefined => {
    const v = data[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v.trim() || undefined;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    problems.push({ file, field: key, message: `should be text, found ${Array.isArray(v) ? 'a list' : typeof v}` });
    return undefined;
  };
  let name = text1('name');
  if (name !== undefined && !NAME.test(name)) {
    problems.push({ file, field: 'name', message: `"${name}" is not a skill name (lowercase letters, digits and '-', at most 64); the folder name "${folderName}" is used instead` });
    name = undefined;
  }
  name ??= folderName.toLowerCase();
  if (!NAME.test(name)) {
    problems.push({ file, field: 'name', message: `neither the frontmatter nor the folder "${folderName}" gives a usable skill name; skipped` });
    return { problems };
  }
  const description = text1('description');
  if (!description) {
    problems.push({ file, field: 'description', message: 'missing: the model could not know when to use this skill; add a one-line description; skipped' });
    return { problems };
  }
  const skill: Skill = { name, description: description.replace(/\s+/g, ' '), dir, file, scope };
  const tools = data['allowed-tools'];
  if (Array.isArray(tools)) skill.allowedTools = tools.filter((t): t is string => typeof t === 'string').map((t) => t.trim()).filter(Boolean);
  else if (typeof tools === 'string') skill.allowedTools = tools.split(/,(?![^(]*\))/).map((t) => t.trim()).filter(Boolean);
  else if (tools !== undefined && tools !== null) problems.push({ file, field: 'allowed-tools', message: 'should be a list or a comma-separated string; ignored' });
  const model = text1('model');
  if (model) skill.model = model;
  return { skill, problems };
}

/** The instructions, read when the skill is invoked (the frontmatter stripped). */
export async function readSkillBody(skill: Skill): Promise<string> {
  const text = await readFile(skill.file, 'utf8');
  return parseFrontmatter(text).body.trim();
}

/** The skill's other files, relative to its folder (bounded, so a huge folder does not flood the result). */
export async function listSkillFiles(skill: Skill, limit = 50): Promise<{ files: string[]; more: boolean }> {
  const files: string[] = [];
  let more = false;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 4 || more) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name === '.git' || e.name === 'node_modules') continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full, depth + 1);
      else if (full !== skill.file) {
        if (files.length >= limit) {
          more = true;
          return;
        }
        files.push(path.relative(skill.dir, full));
      }
    }
  };
  await walk(skill.dir, 0);
  return { files, more };
}
