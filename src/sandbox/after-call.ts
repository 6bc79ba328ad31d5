// What no list of read-only paths can stop, checked once a sandboxed command has ended: git files that git obeys
// unsandboxed but that cannot be protected by a placeholder or did not exist when the command was wrapped.
// - `.git/commondir` in a repository that had none: git then reads config and hooks from the folder it names
//   (a placeholder cannot stand in for it: an empty commondir breaks every git command inside the sandbox).
// - A repository that appeared during the command (made by it, or by the user while a background job ran): its
//   hooks and its config's command-running keys were never protected.
// What is found is moved aside or switched off, never deleted, and named to the user and the model: the user may
// rename a hook back if it was theirs.
import fs from 'node:fs';
import path from 'node:path';
import { pathExists } from './dir-listings';
import { mapConfigLines, type ConfigSection } from './git-config';

export const QUARANTINE_SUFFIX = '.tandem-quarantine';

/** Config keys git runs as commands (section.key, lower case; `*` for any subsection). */
const RUNNING_KEYS = new Set(['core.fsmonitor', 'core.hookspath', 'core.pager', 'core.editor', 'core.sshcommand', 'core.askpass', 'sequence.editor', 'diff.external', 'credential.helper', 'gpg.program', 'uploadpack.packobjectshook']);
/** Sections whose subsections name commands (`filter.x.clean`, `diff.x.textconv`...) or pull in other files. */
const RUNNING_SECTIONS = new Set(['filter', 'include', 'includeif', 'merge', 'alias']);

function moveAside(p: string): string {
  let target = p + QUARANTINE_SUFFIX;
  for (let i = 2; pathExists(target); i++) target = `${p}${QUARANTINE_SUFFIX}.${i}`;
  fs.renameSync(p, target);
  return target;
}

/** Whether a config line (in its section) makes git run a command or read another file. */
function isRunningLine(section: ConfigSection, line: string): boolean {
  const kv = /^\s*([A-Za-z][A-Za-z0-9-]*)\s*(=|$)/.exec(line);
  if (!kv) return false;
  const { head, sub } = section;
  return RUNNING_KEYS.has(`${head}.${kv[1]!.toLowerCase()}`) || RUNNING_SECTIONS.has(head) || ((head === 'diff' || head === 'merge') && sub);
}

/** A running line as compared before and after: its section's header and the line. */
const lineKey = (section: ConfigSection, line: string) => `${section.key}\u0000${line.trim()}`;

/** Each command-running line of a config (to compare before and after). */
function runningLines(text: string): string[] {
  const out: string[] = [];
  mapConfigLines(text, (section, line) => {
    if (isRunningLine(section, line)) out.push(lineKey(section, line));
  });
  return out;
}

function readConfig(configFile: string): string | undefined {
  try {
    return fs.lstatSync(configFile).isFile() ? fs.readFileSync(configFile, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Turns the command-running lines of a config that `keep` does not hold into comments; returns how many. */
function disableRunningLines(configFile: string, keep: ReadonlySet<string> = new Set()): number {
  const text = readConfig(configFile);
  if (text === undefined) return 0;
  let changed = 0;
  const lines = mapConfigLines(text, (section, line) => {
    if (!isRunningLine(section, line) || keep.has(lineKey(section, line))) return;
    changed++;
    return `# disabled by tandem (written while a sandboxed command ran): ${line.trim()}`;
  });
  if (changed > 0) fs.writeFileSync(configFile, lines.join('\n'));
  return changed;
}

export interface BeforeCall {
  /** Git folders found when the command was wrapped. */
  gitDirs: string[];
  /** Those of them without a commondir then. */
  withoutCommondir: string[];
  /**
   * Their configs' command-running lines then. A config is read-only to the command, but a long-running one may
   * write it once the host's git has replaced the file by rename (the bind of the old file does not follow): a
   * running line that appears while the command runs is switched off after it (the user's own is rarely added then,
   * and comes back by removing the comment).
   */
  runningLines: Map<string, Set<string>>;
}

export function recordBeforeCall(gitDirs: string[]): BeforeCall {
  const lines = new Map<string, Set<string>>();
  for (const dir of gitDirs) lines.set(dir, new Set(runningLines(readConfig(path.join(dir, 'config')) ?? '')));
  return { gitDirs: [...gitDirs], withoutCommondir: gitDirs.filter((d) => !pathExists(path.join(d, 'commondir'))), runningLines: lines };
}

/** The check after the command; returns one line per thing moved aside or switched off. */
export function checkAfterCall(before: BeforeCall, gitDirsNow: string[]): string[] {
  const notes: string[] = [];
  for (const dir of before.withoutCommondir) {
    const file = path.join(dir, 'commondir');
    if (!pathExists(file)) continue;
    try {
      notes.push(`moved ${file} aside to ${path.basename(moveAside(file))}: it would make git read config and hooks from another folder`);
    } catch (error) {
      notes.push(`could not move ${file} aside (${(error as Error).message}): remove it before running git there`);
    }
  }
  for (const [dir, lines] of before.runningLines) {
    const disabled = disableRunningLines(path.join(dir, 'config'), lines);
    if (disabled > 0) notes.push(`switched off ${disabled} command-running setting${disabled > 1 ? 's' : ''} added to ${path.join(dir, 'config')} while the command ran (now comments; remove the comment mark if it is yours)`);
  }
  const known = new Set(before.gitDirs);
  for (const dir of gitDirsNow) {
    if (known.has(dir)) continue;
    const hooks = path.join(dir, 'hooks');
    let names: string[] = [];
    try {
      names = fs.readdirSync(hooks).filter((n) => !n.endsWith('.sample') && !n.includes(QUARANTINE_SUFFIX));
    } catch {
      /* no hooks folder */
    }
    for (const name of names) {
      try {
        moveAside(path.join(hooks, name));
        notes.push(`moved the git hook ${path.join(hooks, name)} aside (rename it back if it is yours)`);
      } catch (error) {
        notes.push(`could not move the git hook ${path.join(hooks, name)} aside (${(error as Error).message})`);
      }
    }
    const disabled = disableRunningLines(path.join(dir, 'config'));
    if (disabled > 0) notes.push(`switched off ${disabled} command-running setting${disabled > 1 ? 's' : ''} in ${path.join(dir, 'config')} (now comments)`);
  }
  return notes;
}
