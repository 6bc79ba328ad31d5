// Whether allow rules cover a whole Bash line: every simple command (substitutions included) must be covered,
// redirections must stay inside the workspace, and no environment prefix may change what runs.
import { parseShell, type SimpleCommand, type ShellWord } from './shell-parse';
import { dangerousAssignment, simpleCommandMatches, wholeLineMatches, commandText, type BashPattern } from './bash-command';
import { resolvePath, insideWorkspace } from './path-rule';
import { analyseBash, DEVICE_TARGETS } from './bash-effects';

export type BashAllowVerdict = { allowed: true; rules: string[] } | { allowed: false; reason?: string };

/** A problem with the redirections of one command, or null. */
function redirectProblem(cmd: SimpleCommand, cwd: string, roots: string[], home: string): string | null {
  for (const r of cmd.redirects) {
    if (r.target === null || r.op === '<<<') continue;
    if (!r.target.literal) return `the redirection ${r.op} ${r.target.text} goes to a path only known when it runs`;
    if (DEVICE_TARGETS.test(r.target.text)) continue;
    const p = resolvePath(r.target.text, cwd, home);
    if (!insideWorkspace(p, roots)) {
      const what = r.op.includes('>') ? 'writes to' : 'reads from';
      // Where it really lands (`link/../x` is not the x beside link): the place the user must judge.
      const where = p.real !== p.lexical ? `${r.target.text} (really ${p.real})` : p.lexical;
      return `the command ${what} ${where}, outside the project and its additional directories`;
    }
  }
  return null;
}

export function checkBashAllow(
  command: string,
  cwd: string,
  rules: Array<{ rule: string; pattern: BashPattern }>,
  roots: string[],
  home: string,
): BashAllowVerdict {
  const parsed = parseShell(command, true);
  if (!parsed.ok) return { allowed: false, reason: `the command could not be checked safely (${parsed.error})` };
  if (parsed.commands.length === 0) return { allowed: false };
  for (const cmd of parsed.commands) {
    const problem = redirectProblem(cmd, cwd, roots, home);
    if (problem) return { allowed: false, reason: problem };
  }
  // A rule written as the exact whole line (`Bash(npm ci && npm test)`) covers it.
  const whole = rules.find((r) => wholeLineMatches(command, r.pattern));
  if (whole) return { allowed: true, rules: [whole.rule] };

  const used: string[] = [];
  for (const cmd of parsed.commands) {
    const env = dangerousAssignment(cmd);
    if (env) return { allowed: false, reason: `the command sets ${env}, which changes what runs, so no rule covers it` };
    if (cmd.words.length === 0) continue; // plain assignments or a bare redirection
    if (isCdInside(cmd, cwd, roots, home)) continue;
    const hit = rules.find((r) => simpleCommandMatches(cmd, r.pattern));
    if (!hit) {
      if (used.length === 0 && rules.length === 0) return { allowed: false };
      return parsed.commands.length > 1 || cmd.fromSubstitution
        ? { allowed: false, reason: `part of the command, \`${commandText(cmd)}\`, is not covered by an allow rule` }
        : { allowed: false };
    }
    if (!used.includes(hit.rule)) used.push(hit.rule);
  }
  if (used.length === 0) return { allowed: false };
  return { allowed: true, rules: used };
}

function isCdInside(cmd: SimpleCommand, cwd: string, roots: string[], home: string): boolean {
  if (cmd.words[0]?.text !== 'cd' || cmd.words.length !== 2) return false;
  const target = cmd.words[1]!;
  return target.literal && insideWorkspace(resolvePath(target.text, cwd, home), roots);
}

const FS_COMMANDS = new Set(['mkdir', 'touch', 'cp', 'mv']);

/** acceptEdits: a line made only of mkdir/touch/cp/mv (and cd inside) whose every path, each write target of the
 * effects analysis (`-t DIR`, the destination, what lands in it) and each source, is known and inside the
 * workspace. */
export function isSimpleFsLine(command: string, cwd: string, roots: string[], home: string): boolean {
  const parsed = parseShell(command, true);
  if (!parsed.ok || parsed.commands.length === 0) return false;
  const commandsOk = parsed.commands.every((cmd) => {
    if (cmd.fromSubstitution || cmd.assignments.length > 0 || cmd.redirects.length > 0) return false;
    if (isCdInside(cmd, cwd, roots, home)) return true;
    const [name, ...args] = cmd.words;
    if (!name || !name.literal || !FS_COMMANDS.has(name.text)) return false;
    return args.length > 0 && args.every((a: ShellWord) => a.literal);
  });
  if (!commandsOk) return false;
  const effects = analyseBash(command, cwd, home);
  if (effects.writes.length === 0) return false;
  return [...effects.writes, ...effects.reads].every((e) => e.known && e.resolved.every((p) => insideWorkspace(p, roots)));
}
