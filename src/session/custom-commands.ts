// Custom slash commands: markdown files whose body becomes the prompt; a file in a subfolder `git/commit.md` is the
// command `git:commit`. Precedence, highest first (the first command of a name wins, the others are silently
// shadowed): .tandem/commands then .claude/commands of the working directory, then of each parent folder up to and
// including the project root, then the user's $TANDEM_HOME/commands and ~/.claude/commands. So a subproject's
// command overrides the repository's, and any project command overrides a user one.
import { readdir } from 'node:fs/promises';
import { readRegularText } from '../tools/regular-file';
import path from 'node:path';
import { parseFrontmatter } from './frontmatter';
import type { PluginCommandSource } from '../plugins/types';

export interface CustomCommand {
  name: string;
  description: string;
  argumentHint?: string;
  allowedTools?: string[];
  model?: string;
  /** The file it came from. */
  source: string;
  scope: 'project' | 'user' | 'plugin';
  /** The plugin that ships it (its commands come last, and take the name `plugin:name` when theirs is taken). */
  plugin?: string;
  /**
   * Whether lines of this command may run shell commands (`!` lines) when expanded. Folder trust decides for a
   * project's commands (src/trust/gate.ts); a user's own commands may. Whatever expands `!` lines must check this.
   */
  mayRunShell: boolean;
  /** The prompt: `$ARGUMENTS` is the whole argument string, `$1`, `$2`... its words (quotes group words). */
  expand(args: string): string;
  /** The body as written (frontmatter removed), for expansion with `!` lines and `@` files (command-prepare.ts). */
  template: string;
  /** `disable-model-invocation: true`: only the user may run it (tandem has no tool that runs commands anyway). */
  disableModelInvocation?: boolean;
}

export interface LoadedCommands {
  commands: CustomCommand[];
  warnings: string[];
}

export async function loadCustomCommands(opts: {
  cwd: string;
  projectRoot: string;
  tandemHome: string;
  homeDir: string;
  /** Folder trust: false or left out, project commands may not run shell lines (fail closed). */
  trusted?: boolean;
  /** Enabled plugins' command folders and files (src/plugins): below every project and user command. */
  plugins?: PluginCommandSource[];
  /** Names a plugin command may not take (the shell's own commands): it becomes `plugin:name` instead. */
  reserved?: string[];
}): Promise<LoadedCommands> {
  // Highest precedence first; the first command of a name wins.
  const folders: Array<[string, 'project' | 'user']> = [];
  for (const dir of foldersUpToRoot(opts.cwd, opts.projectRoot)) {
    folders.push([path.join(dir, '.tandem', 'commands'), 'project'], [path.join(dir, '.claude', 'commands'), 'project']);
  }
  folders.push([path.join(opts.tandemHome, 'commands'), 'user'], [path.join(opts.homeDir, '.claude', 'commands'), 'user']);

  const byName = new Map<string, CustomCommand>();
  const warnings: string[] = [];
  const seenFolders = new Set<string>();
  for (const [folder, scope] of folders) {
    if (seenFolders.has(folder)) continue;
    seenFolders.add(folder);
    for (const file of await markdownFiles(folder)) {
      const name = path
        .relative(folder, file)
        .slice(0, -'.md'.length)
        .split(path.sep)
        .join(':');
      if (!/^[A-Za-z0-9][\w.:-]*$/.test(name)) {
        warnings.push(`${file}: "${name}" is not a usable command name (letters, digits, '-', '_', ':'); skipped.`);
        continue;
      }
      if (byName.has(name)) continue;
      const command = await readCommandFile(file, name, scope, warnings);
      if (!command) continue;
      command.mayRunShell = scope === 'user' || opts.trusted === true;
      byName.set(name, command);
    }
  }
  for (const source of opts.plugins ?? []) await addPluginCommands(source, byName, warnings, new Set(opts.reserved ?? []));
  const commands = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { commands, warnings };
}

/** A plugin's commands keep their own name while it is free; on a clash they become `plugin:name`, as Claude Code names them. */
async function addPluginCommands(source: PluginCommandSource, byName: Map<string, CustomCommand>, warnings: string[], reserved: ReadonlySet<string>): Promise<void> {
  const found: Array<[string, string]> = [];
  for (const dir of source.dirs) {
    for (const file of await markdownFiles(dir)) found.push([path.relative(dir, file).slice(0, -'.md'.length).split(path.sep).join(':'), file]);
  }
  for (const file of source.files) found.push([path.basename(file, '.md'), file]);
  for (const [base, file] of found) {
    if (!/^[A-Za-z0-9][\w.:-]*$/.test(base)) {
      warnings.push(`${file}: "${base}" is not a usable command name (letters, digits, '-', '_', ':'); skipped.`);
      continue;
    }
    const name = byName.has(base) || reserved.has(base) ? `${source.plugin}:${base}` : base;
    if (byName.has(name)) {
      warnings.push(`${file}: plugin ${source.plugin}'s command "${base}" clashes with "${name}", which is taken too; skipped.`);
      continue;
    }
    const command = await readCommandFile(file, name, 'plugin', warnings);
    if (!command) continue;
    command.plugin = source.plugin;
    command.mayRunShell = source.mayRunShell;
    byName.set(name, command);
  }
}

/** One command file read and parsed; what is wrong with it goes to `warnings` (undefined: it could not be read). */
async function readCommandFile(file: string, name: string, scope: Parameters<typeof buildCommand>[2], warnings: string[]): Promise<CustomCommand | undefined> {
  let text: string;
  try {
    text = await readRegularText(file);
  } catch (error) {
    warnings.push(`${file}: cannot read (${(error as Error).message}).`);
    return undefined;
  }
  const { command, warnings: fileWarnings } = buildCommand(name, file, scope, text);
  warnings.push(...fileWarnings.map((w) => `${file}: ${w}`));
  return command;
}

/** `cwd`, its parents up to `projectRoot`, nearest first. A cwd outside the project gives just the two. */
export function foldersUpToRoot(cwd: string, projectRoot: string): string[] {
  const root = path.resolve(projectRoot);
  let dir = path.resolve(cwd);
  const rel = path.relative(root, dir);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return [dir, root];
  const out = [dir];
  // Compared with path.relative, not ===, so a differently cased root on Windows still ends the walk.
  while (path.relative(root, dir) !== '') {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
    out.push(dir);
  }
  return out;
}

async function markdownFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownFiles(full)));
    else if (entry.isFile() && entry.name.endsWith('.md')) out.push(full);
  }
  return out;
}

export function buildCommand(name: string, source: string, scope: CustomCommand['scope'], text: string): { command: CustomCommand; warnings: string[] } {
  const warnings: string[] = [];
  const { data, body, warning } = parseFrontmatter(quoteArgumentHint(text));
  if (warning) warnings.push(warning);
  const template = body.trim();
  const str = (key: string): string | undefined => {
    const v = data[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    warnings.push(`frontmatter "${key}" should be text; ignored.`);
    return undefined;
  };
  const firstLine = template.split('\n').find((l) => l.trim() !== '')?.replace(/^#+\s*/, '').trim() ?? '';
  const description = str('description') ?? (firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine);
  const command: CustomCommand = {
    name,
    description,
    source,
    scope,
    mayRunShell: scope === 'user',
    expand: (args: string) => expandTemplate(template, args),
    template,
  };
  const dmi = data['disable-model-invocation'];
  if (dmi === true || dmi === 'true') command.disableModelInvocation = true;
  const hint = str('argument-hint');
  if (hint) command.argumentHint = hint;
  const model = str('model');
  if (model) command.model = model;
  const tools = toolList(data['allowed-tools']);
  if (tools) command.allowedTools = tools;
  else if (data['allowed-tools'] !== undefined && data['allowed-tools'] !== null) warnings.push('frontmatter "allowed-tools" should be a list or a comma-separated string; ignored.');
  return { command, warnings };
}

/**
 * `argument-hint: [file] [focus]` is how most command files write it, and it is not valid YAML (a list followed by
 * text) or becomes a list (`[file]`): the hint is text, so its line is quoted before the YAML is read.
 */
function quoteArgumentHint(text: string): string {
  const block = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?)(\r?\n---[ \t]*(?:\r?\n|$))/.exec(text);
  if (!block) return text;
  const inner = block[2]!.replace(/^(argument-hint[ \t]*:[ \t]*)(\[.*?)[ \t]*$/m, (_m, key: string, value: string) => `${key}${JSON.stringify(value)}`);
  return block[1]! + inner + block[3]! + text.slice(block[0].length);
}

/** `Bash(git add:*), Read` or a YAML list: commas inside parentheses belong to the rule. */
function toolList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
  if (typeof value !== 'string') return undefined;
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Splits like a shell would for words: whitespace separates, quotes group and are removed. */
export function splitArguments(args: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of args.matchAll(re)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return out;
}

export function expandTemplate(template: string, args: string): string {
  const trimmed = args.trim();
  const expanded = substituteArguments(template, args);
  // A command that does not place its arguments still gets them, rather than silently dropping what was typed.
  return !usesArguments(template) && trimmed ? `${expanded}\n\nARGUMENTS: ${trimmed}` : expanded;
}

export function usesArguments(template: string): boolean {
  return /\$ARGUMENTS\b|\$[1-9]/.test(template);
}

/** `$ARGUMENTS` and `$1`, `$2`... replaced; nothing appended. */
export function substituteArguments(template: string, args: string): string {
  const trimmed = args.trim();
  const words = splitArguments(trimmed);
  return template.replace(/\$ARGUMENTS\b|\$(\d+)/g, (match, index: string | undefined) => {
    if (index === undefined) return trimmed;
    const n = Number(index);
    return n >= 1 ? (words[n - 1] ?? '') : match;
  });
}
