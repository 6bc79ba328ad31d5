// Bash rules: `Bash`, `Bash(git status)`, `Bash(npm run test:*)`, `Bash(npm run test *)`, `Bash(git * main)`.
//
// Semantics, decided here:
//  - Matching is on WORDS after quote removal, one simple command at a time (see shell-parse.ts).
//  - `Bash(npm run test:*)` and `Bash(npm run test *)` are prefix rules: they match `npm run test` itself and
//    `npm run test <more words>`. The boundary is a whole word: `npm run test:unit` and `npm run testing` do NOT
//    match (their third word is not `test`).
//  - `Bash(git status)` (no `*`) matches exactly those words: `git status` and `git  'status'`, not
//    `git status -s`. It also matches a whole compound command written exactly as in the rule.
//  - A `*` anywhere else is a wildcard over the command's words joined by single spaces (`Bash(git * main)`).
//  - Words whose value depends on expansion (`$X`, globs, `$(...)`) never equal a rule word; they may only fall
//    under a trailing `*`.
//  - Allow: a command line is allowed only if EVERY simple command in it (substitutions included) is allowed,
//    none of them carries a dangerous environment prefix (`PATH=`, `LD_PRELOAD=`...), and no redirection writes
//    or reads outside the workspace. If the line does not parse cleanly the answer is "ask".
//  - Deny and ask: a rule matches if ANY simple command matches, including commands hidden behind wrappers
//    (`sudo`, `env`, `xargs`, `nohup`, `timeout`, `find -exec`, ...) and inside `sh -c '...'` / `eval '...'`.
import { parseShell, type ParseResult, type SimpleCommand, type ShellWord } from './shell-parse';

export type BashPattern =
  | { kind: 'any' }
  | { kind: 'prefix'; words: string[] }
  | { kind: 'exact'; words: string[]; text: string }
  | { kind: 'glob'; regex: RegExp };

export function parseBashPattern(spec: string | undefined): BashPattern {
  const s = (spec ?? '').trim();
  if (s === '' || s === '*' || s === ':*') return { kind: 'any' };
  const prefix = s.endsWith(':*') ? s.slice(0, -2) : s.endsWith(' *') ? s.slice(0, -2) : null;
  if (prefix !== null && !prefix.includes('*')) return { kind: 'prefix', words: wordsOf(prefix) };
  if (s.includes('*')) {
    const body = s.replace(/:\*$/, ' *').split('*').map(escapeRegex).join('.*');
    return { kind: 'glob', regex: new RegExp(`^${body}$`, 's') };
  }
  return { kind: 'exact', words: wordsOf(s), text: normaliseSpaces(s) };
}

function wordsOf(s: string): string[] {
  const parsed = parseShell(s, false);
  return parsed.commands[0]?.words.map((w) => w.text) ?? [];
}

function escapeRegex(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function normaliseSpaces(s: string): string {
  return s.trim().replace(/\s+/g, ' ');
}

export function simpleCommandMatches(cmd: SimpleCommand, pattern: BashPattern): boolean {
  const words = cmd.words;
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'prefix':
      return words.length >= pattern.words.length && pattern.words.every((w, i) => sameWord(words[i], w));
    case 'exact':
      return words.length === pattern.words.length && pattern.words.every((w, i) => sameWord(words[i], w));
    case 'glob':
      return words.length > 0 && pattern.regex.test(words.map((w) => w.text).join(' '));
    default: {
      const never: never = pattern;
      return never;
    }
  }
}

function sameWord(word: ShellWord | undefined, ruleWord: string): boolean {
  return word !== undefined && word.literal && word.text === ruleWord;
}

/** True when the whole command line is written exactly as an exact rule (`Bash(npm ci && npm test)`). */
export function wholeLineMatches(command: string, pattern: BashPattern): boolean {
  return pattern.kind === 'exact' && normaliseSpaces(command) === pattern.text;
}

// Variables that change what a command runs or loads. `FOO=1 npm test` is still `npm test`;
// `PATH=/tmp npm test` is not.
const DANGEROUS_ENV_EXACT = new Set([
  'PATH', 'NODE_OPTIONS', 'NODE_PATH', 'BASH_ENV', 'ENV', 'IFS', 'SHELLOPTS', 'BASHOPTS', 'PS4', 'PROMPT_COMMAND',
  'PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME', 'PERL5LIB', 'PERL5OPT', 'PERLLIB', 'RUBYOPT', 'RUBYLIB', 'CLASSPATH',
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'EDITOR', 'VISUAL', 'PAGER', 'GIT_PAGER', 'LESSOPEN', 'LESSCLOSE', 'HOME',
  'SHELL', 'CDPATH', 'GLOBIGNORE', 'TMPDIR', 'ZDOTDIR', 'XDG_CONFIG_HOME',
]);
const DANGEROUS_ENV_PREFIX = ['LD_', 'DYLD_', 'GIT_', 'npm_config_', 'NPM_CONFIG_', 'BASH_FUNC_', 'SSH_'];

export function isDangerousEnvName(name: string): boolean {
  return DANGEROUS_ENV_EXACT.has(name) || DANGEROUS_ENV_PREFIX.some((p) => name.startsWith(p));
}

export function dangerousAssignment(cmd: SimpleCommand): string | null {
  const bad = cmd.assignments.find((a) => isDangerousEnvName(a.name));
  return bad ? bad.name : null;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'busybox']);
/** Commands that run another command given in their arguments. */
export const WRAPPERS = new Set([
  'sudo', 'doas', 'env', 'nohup', 'exec', 'command', 'builtin', 'time', 'nice', 'timeout', 'xargs', 'stdbuf',
  'ionice', 'setsid', 'chroot', 'watch', 'strace', 'unbuffer', 'caffeinate',
]);
// Options of wrappers that take a separate value (so the value is not taken for the command).
const OPTION_WITH_VALUE: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U']),
  env: new Set(['-u', '-C', '-S']),
  nice: new Set(['-n']),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
  xargs: new Set(['-I', '-n', '-P', '-d', '-L', '-s', '-E', '-a']),
  stdbuf: new Set(['-i', '-o', '-e']),
  ionice: new Set(['-c', '-n', '-p']),
  watch: new Set(['-n', '-d']),
};

function stripWrapper(cmd: SimpleCommand): SimpleCommand | null {
  const name = cmd.words[0]?.text;
  if (!name || !WRAPPERS.has(name)) return null;
  const withValue = OPTION_WITH_VALUE[name] ?? new Set<string>();
  let i = 1;
  while (i < cmd.words.length) {
    const w = cmd.words[i]!.text;
    if (w === '--') { i++; break; }
    if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) { i++; continue; }
    if (w.startsWith('-')) { i += withValue.has(w) ? 2 : 1; continue; }
    if (name === 'timeout' && /^[\d.]+[smhd]?$/.test(w)) { i++; break; }
    if (name === 'chroot') { i++; break; }
    break;
  }
  if (i >= cmd.words.length) return null;
  return { ...cmd, words: cmd.words.slice(i) };
}

/** Commands hidden inside this one: `sh -c '...'`, `eval ...`, `find -exec ...`, `git -c core.pager=...` aside. */
function innerCommands(cmd: SimpleCommand, depth: number): SimpleCommand[] {
  if (depth > 5) return [];
  const name = baseName(cmd.words[0]?.text ?? '');
  const out: SimpleCommand[] = [];
  const wrapped = stripWrapper(cmd);
  if (wrapped) out.push(wrapped, ...innerCommands(wrapped, depth + 1));
  if (SHELLS.has(name)) {
    const ci = cmd.words.findIndex((w, idx) => idx > 0 && /^-[a-z]*c[a-z]*$/.test(w.text));
    const script = ci > 0 ? cmd.words[ci + 1] : undefined;
    if (script) out.push(...expandLenient(script.text, depth + 1));
  }
  if (name === 'eval' || name === 'source' || name === '.') {
    if (name === 'eval') out.push(...expandLenient(cmd.words.slice(1).map((w) => w.text).join(' '), depth + 1));
  }
  if (name === 'find') {
    cmd.words.forEach((w, idx) => {
      if (w.text === '-exec' || w.text === '-execdir' || w.text === '-ok') {
        const rest = cmd.words.slice(idx + 1);
        const end = rest.findIndex((r) => r.text === ';' || r.text === '+');
        const words = end < 0 ? rest : rest.slice(0, end);
        if (words.length) out.push({ ...cmd, assignments: [], words });
      }
    });
  }
  return out;
}

function expandLenient(script: string, depth: number): SimpleCommand[] {
  const parsed = parseShell(script, false);
  return parsed.commands.flatMap((c) => [c, ...innerCommands(c, depth)]);
}

function baseName(word: string): string {
  return word.includes('/') ? word.slice(word.lastIndexOf('/') + 1) : word;
}

/** The simple commands of a line in the order they appear (lenient parse), each followed by what it hides behind a
 * wrapper or inside `sh -c` / `eval`. Command names are left as written (`/bin/cat` stays). */
export function commandsInOrder(command: string): SimpleCommand[] {
  return expandLenient(command, 0);
}

/** Every command a deny or ask rule should look at: the lenient parse plus what hides behind wrappers. */
export function denyCandidates(command: string): SimpleCommand[] {
  return expandLenient(command, 0).map((c) => {
    // `/usr/bin/rm` is `rm` for a deny rule.
    const first = c.words[0];
    if (first && first.text.includes('/')) return { ...c, words: [{ ...first, text: baseName(first.text) }, ...c.words.slice(1)] };
    return c;
  }).concat(expandLenient(command, 0));
}

export function parseStrict(command: string): ParseResult {
  return parseShell(command, true);
}

export function commandText(cmd: SimpleCommand): string {
  return cmd.words.map((w) => w.text).join(' ');
}

// Commands whose prefix rule would be too broad to offer as "don't ask again": suggest the exact command.
const RISKY = new Set([
  'rm', 'rmdir', 'sudo', 'doas', 'chmod', 'chown', 'dd', 'mkfs', 'curl', 'wget', 'sh', 'bash', 'zsh', 'eval', 'exec',
  'xargs', 'env', 'kill', 'pkill', 'killall', 'ssh', 'scp', 'python', 'python3', 'node', 'perl', 'ruby', 'git-shell',
  'shutdown', 'reboot', 'mv', 'truncate', 'find',
]);

/** The narrowest useful Bash rule: the command and its subcommands (`npm run test`), as a prefix rule. */
export function suggestBashRule(command: string): { rule: string; label: string } {
  const parsed = parseShell(command, true);
  const exact = { rule: `Bash(${normaliseSpaces(command)})`, label: 'this exact command' };
  if (!parsed.ok || parsed.commands.length !== 1) return exact;
  const cmd = parsed.commands[0]!;
  if (cmd.assignments.length > 0 || cmd.redirects.some((r) => r.target !== null && r.op !== '<<<')) return exact;
  const first = cmd.words[0];
  if (!first || !first.literal || RISKY.has(first.text) || SHELLS.has(first.text)) return exact;
  const prefix = [first.text];
  for (const w of cmd.words.slice(1, 3)) {
    if (!w.literal || !/^[A-Za-z][A-Za-z0-9:_-]*$/.test(w.text)) break;
    prefix.push(w.text);
  }
  const text = prefix.join(' ');
  return { rule: `Bash(${text}:*)`, label: `this command prefix: ${text}` };
}
