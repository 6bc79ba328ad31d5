// The commands that only read, which run without a prompt in every mode (headless and plan mode included), like
// `ls`, `git status`, `cat README.md | grep x`. The whole list lives here.
//
// A line is read-only when ALL of this holds, else it is decided as any other command (usually: it asks):
//  - it parses cleanly (strict parse: no here-docs, subshells, `if`/`for`, arithmetic...);
//  - every simple command in it, those inside `$(...)` included, is in READ_ONLY and passes that entry's check
//    (no option that writes, runs a program, follows symlinks out, or never ends), or is a `cd` into the project;
//  - no command has an environment prefix (`GIT_PAGER=x git log`, `X=1 ls`) or a name written as a path (`./ls`);
//  - its words are literal (no globs, variables, brace lists, `~user`), except where the words are only printed
//    (`echo $HOME`);
//  - nothing is written (no redirection but to /dev/null and the like, no write the effects analysis sees);
//  - every path it reads is known and, symlinks resolved, inside the project or an additional directory, and so is
//    the folder it runs in;
//  - for git: the repository's own config names no program git would run (git-repo-config.ts).
// Read deny and ask rules are applied before this list (policy.ts): a read they match or may match never gets here.
import { analyseBash, type BashEffects } from './bash-effects';
import { parseShell, type ShellWord, type SimpleCommand } from './shell-parse';
import { readerArgs } from './bash-reads';
import { sedScripts } from './bash-writes';
import { sedScriptFacts } from './sed-script';
import { insideWorkspace, resolvePath } from './path-rule';
import { gitConfigRisk } from './git-repo-config';

export type ReadOnlyVerdict = { readOnly: true } | { readOnly: false; why: string };

interface Entry {
  /** Why these arguments are not read-only, or null when they are. */
  check?: (args: ShellWord[], cwd: string) => string | null;
  /** The words are only printed, so they may depend on expansion (`echo $HOME`). */
  anyWords?: boolean;
}

/** True when `word` is the long option `name` (with `=value`, or abbreviated as GNU and git allow). */
function isLong(word: string, name: string): boolean {
  if (!word.startsWith('--') || word === '--') return false;
  const given = word.split('=')[0]!;
  return given === name || (given.length >= 3 && name.startsWith(given));
}

/** True when a short-option word (`-fn5`, `-R`) holds one of these letters. Over-matches on purpose. */
function hasShortLetter(word: string, letters: string): boolean {
  return /^-[^-]/.test(word) && [...word.slice(1)].some((c) => letters.includes(c));
}

/** A check that refuses any of these options (short letters, whole short words like `-exec`, long names). */
function refuse(opts: { letters?: string; words?: string[]; long?: string[] }): (args: ShellWord[]) => string | null {
  return (args) => {
    for (const a of args) {
      const t = a.text;
      if (t === '--') break;
      if (opts.words?.includes(t)) return `${t} is not read-only`;
      if (opts.letters && hasShortLetter(t, opts.letters) && !opts.words?.some((w) => t.startsWith(w))) {
        return `the option ${t} is not read-only`;
      }
      if (opts.long?.some((l) => isLong(t, l))) return `the option ${t} is not read-only`;
    }
    return null;
  };
}

const FREE: Entry = {};
const PRINTS: Entry = { anyWords: true };

const GIT_SUBCOMMANDS = new Set(['status', 'diff', 'log', 'show', 'branch', 'rev-parse', 'blame']);
// Options that write a file, run a program (`--help` opens man in a pager), or read beyond the repository.
const GIT_REFUSED_LONG = ['--output', '--ext-diff', '--no-index', '--contents', '--ignore-revs-file', '--orderfile',
  '--open-files-in-pager', '--exec', '--help'];
const GIT_BRANCH_LISTING = ['--list', '--contains', '--no-contains', '--merged', '--no-merged', '--points-at'];
const GIT_BRANCH_OK_LONG = [...GIT_BRANCH_LISTING, '--all', '--remotes', '--verbose', '--show-current', '--sort', '--format',
  '--color', '--no-color', '--column', '--no-column', '--ignore-case', '--abbrev', '--no-abbrev'];

function gitCheck(args: ShellWord[], cwd: string): string | null {
  let i = 0;
  // Global options: only those that keep git from starting a pager.
  while (i < args.length && args[i]!.text.startsWith('-')) {
    const t = args[i]!.text;
    if (t !== '--no-pager' && t !== '-P' && t !== '--no-optional-locks') return `git ${t} is not read-only`;
    i++;
  }
  const sub = args[i]?.text;
  if (sub === undefined || !GIT_SUBCOMMANDS.has(sub)) return `git ${sub ?? ''} is not on the read-only list`.trimEnd();
  const rest = args.slice(i + 1);
  for (const a of rest) {
    const t = a.text;
    if (t === '--') break;
    if (GIT_REFUSED_LONG.some((l) => isLong(t, l))) return `git ${sub} ${t} is not read-only`;
    if (/^-O/.test(t)) return `git ${sub} ${t} is not read-only`;
  }
  const operands = rest.filter((a) => !a.text.startsWith('-'));
  // A path outside the repository makes `git diff` compare files anywhere (as --no-index does).
  const outside = operands.find((a) => /^(\/|~|\.\.(\/|$))/.test(a.text));
  if (outside) return `git ${sub} is given ${outside.text}, outside the project`;
  if (sub === 'blame' && rest.some((a) => a.text === '-S')) return 'git blame -S reads a file of revisions';
  if (sub === 'branch') {
    for (const a of rest) {
      const t = a.text;
      if (t.startsWith('--') && !GIT_BRANCH_OK_LONG.some((l) => t === l || t.startsWith(`${l}=`))) return `git branch ${t} changes branches`;
      if (/^-[^-]/.test(t) && !/^-[arlvi]+$/.test(t)) return `git branch ${t} changes branches`;
    }
    const listing = rest.some((a) => a.text === '-l' || /^-[arvi]*l/.test(a.text) || GIT_BRANCH_LISTING.some((l) => isLong(a.text, l)));
    if (operands.length > 0 && !listing) return 'git branch with a name creates a branch';
  }
  return gitConfigRisk(cwd);
}

/** `sed -n 1p f` reads; `sed -i`, `w file`, `e cmd` and scripts from files do more. */
function sedCheck(args: ShellWord[]): string | null {
  const parsed = readerArgs('sed', args)!;
  for (const o of parsed.options) {
    if (o.name === '-i' || isLong(o.name, '--in-place')) return 'sed -i edits files';
    if (o.name === '-f' || isLong(o.name, '--file')) return 'sed -f runs a script from a file';
  }
  const scripts = sedScripts(parsed);
  if (scripts.length === 0) return 'sed has no script';
  for (const s of scripts) {
    const facts = sedScriptFacts(s.text);
    if (!facts.safe || facts.writes.length > 0 || facts.reads.length > 0) return 'the sed script may write files or run commands';
  }
  return null;
}

/** awk programs can run commands (`system`, `|`), write (`>`) and read other files (`getline`). */
function awkCheck(args: ShellWord[]): string | null {
  const parsed = readerArgs('awk', args)!;
  for (const o of parsed.options) {
    if (['-f', '-i', '-l', '-E'].includes(o.name) || ['--file', '--include', '--load', '--exec'].some((l) => isLong(o.name, l))) {
      return `awk ${o.name} loads a program from a file`;
    }
  }
  const programs = [...parsed.options.filter((o) => o.name === '-e' || isLong(o.name, '--source')).flatMap((o) => o.values),
    ...(parsed.options.some((o) => o.name === '-e' || isLong(o.name, '--source')) ? [] : parsed.operands.slice(0, 1))];
  if (programs.length === 0) return 'awk has no program';
  if (programs.some((p) => /system|getline|close|[|>@]/.test(p.text))) return 'the awk program may run commands or write files';
  return null;
}

function dateCheck(args: ShellWord[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '-d' || isLong(t, '--date')) { if (!t.includes('=')) i++; continue; }
    if (t.startsWith('+')) continue;
    if (/^-[uRI]/.test(t) || isLong(t, '--utc') || isLong(t, '--iso-8601') || isLong(t, '--rfc-3339') || isLong(t, '--rfc-email')) continue;
    return `date ${t} is not read-only`;
  }
  return null;
}

const READ_ONLY: Record<string, Entry> = {
  echo: PRINTS,
  // `printf -v PATH ...` assigns a variable the rest of the line runs with.
  printf: { anyWords: true, check: (args) => (args.some((a) => /^-[^-]*v/.test(a.text)) ? 'printf -v assigns a variable' : null) },
  true: PRINTS,
  false: PRINTS,
  ':': PRINTS,
  pwd: FREE,
  whoami: FREE,
  id: FREE,
  groups: FREE,
  uname: FREE,
  arch: FREE,
  nproc: FREE,
  tty: FREE,
  locale: FREE,
  uptime: FREE,
  printenv: FREE,
  which: FREE,
  basename: FREE,
  dirname: FREE,
  realpath: FREE,
  readlink: FREE,
  date: { check: dateCheck },
  hostname: { check: (args) => (args.every((a) => /^-[fsiIdAa]+$/.test(a.text)) ? null : 'hostname with an argument sets the name') },
  env: { check: (args) => (args.length === 0 ? null : 'env with arguments runs a command or changes the environment') },
  ls: FREE,
  tree: { check: refuse({ words: ['-o', '-l', '-R'], long: ['--fromfile'] }) },
  find: {
    check: refuse({
      words: ['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fprint', '-fprint0', '-fprintf', '-fls', '-L', '-follow', '-files0-from'],
    }),
  },
  stat: FREE,
  file: { check: refuse({ letters: 'Cf', long: ['--compile', '--files-from'] }) },
  du: { check: refuse({ letters: 'L', long: ['--dereference', '--files0-from'] }) },
  df: FREE,
  cat: FREE,
  head: FREE,
  // `tail -f` never ends.
  tail: { check: refuse({ letters: 'fF', long: ['--follow', '--retry', '--pid'] }) },
  wc: { check: refuse({ long: ['--files0-from'] }) },
  grep: { check: refuse({ letters: 'R', long: ['--dereference-recursive'] }) },
  egrep: { check: refuse({ letters: 'R', long: ['--dereference-recursive'] }) },
  fgrep: { check: refuse({ letters: 'R', long: ['--dereference-recursive'] }) },
  // rg --pre runs a program on every file; -L follows symlinks out of the project; -z runs decompressors.
  rg: { check: refuse({ letters: 'Lz', long: ['--pre', '--follow', '--search-zip'] }) },
  nl: FREE,
  tac: FREE,
  cut: FREE,
  sort: { check: refuse({ letters: 'oT', long: ['--output', '--temporary-directory', '--compress-program', '--files0-from'] }) },
  uniq: { check: (args) => ((readerArgs('uniq', args)?.operands.length ?? 0) <= 1 ? null : 'uniq writes its second operand') },
  xxd: { check: (args) => ((readerArgs('xxd', args)?.operands.length ?? 0) <= 1 ? null : 'xxd writes its second operand') },
  // diff -r follows symlinks inside the folders it compares.
  diff: { check: refuse({ letters: 'r', long: ['--recursive'] }) },
  cmp: FREE,
  comm: FREE,
  od: FREE,
  strings: FREE,
  base64: FREE,
  md5sum: { check: refuse({ letters: 'c', long: ['--check'] }) },
  sha1sum: { check: refuse({ letters: 'c', long: ['--check'] }) },
  sha256sum: { check: refuse({ letters: 'c', long: ['--check'] }) },
  sha512sum: { check: refuse({ letters: 'c', long: ['--check'] }) },
  cksum: FREE,
  jq: FREE,
  sed: { check: sedCheck },
  awk: { check: awkCheck },
  gawk: { check: awkCheck },
  mawk: { check: awkCheck },
  git: { check: gitCheck },
};

/** The command names on the read-only list, for documentation and tests. */
export const READ_ONLY_COMMANDS: readonly string[] = Object.keys(READ_ONLY);

const DEVICE = /^\/dev\/(null|stdout|stderr)$/;

function commandProblem(cmd: SimpleCommand, cwd: string, roots: string[], home: string): string | null {
  if (cmd.assignments.length > 0) return `it sets ${cmd.assignments[0]!.name}`;
  for (const r of cmd.redirects) {
    if (r.target === null || r.op === '<' || r.op === '<<<') continue;
    if (!(r.target.literal && DEVICE.test(r.target.text))) return `it redirects output to ${r.target.text}`;
  }
  const first = cmd.words[0];
  if (!first) return null;
  if (!first.literal || first.text.includes('/')) return `\`${first.text}\` is not a command on the read-only list`;
  if (first.text === 'cd') {
    const target = cmd.words[1];
    if (cmd.words.length !== 2 || !target?.literal) return 'cd goes to a folder only known when it runs';
    return insideWorkspace(resolvePath(target.text, cwd, home), roots) ? null : `cd ${target.text} leaves the project`;
  }
  const entry = Object.hasOwn(READ_ONLY, first.text) ? READ_ONLY[first.text] : undefined;
  if (!entry) return `\`${first.text}\` is not on the read-only list`;
  const args = cmd.words.slice(1);
  // `${X:=v}` and `${X=v}` assign while expanding.
  const assigning = cmd.words.find((w) => /\$\{[^}]*=/.test(w.text));
  if (assigning) return `\`${assigning.text}\` assigns a variable`;
  if (!entry.anyWords) {
    const dynamic = args.find((a) => !a.literal);
    if (dynamic) return `\`${dynamic.text}\` is only known when it runs`;
  }
  return entry.check?.(args, cwd) ?? null;
}

/** Whether the whole line only reads (see the header). `effects` may be passed when the caller has them. */
export function readOnlyVerdict(command: string, cwd: string, roots: string[], home: string, effects?: BashEffects): ReadOnlyVerdict {
  const parsed = parseShell(command, true);
  if (!parsed.ok) return { readOnly: false, why: parsed.error };
  if (parsed.commands.length === 0) return { readOnly: false, why: 'the command is empty' };
  if (!insideWorkspace(resolvePath('.', cwd, home), roots)) return { readOnly: false, why: 'it runs outside the project' };
  // As in the effects analysis, a path after `cd` is checked from the new folder and from the first one.
  const dirs = [cwd];
  for (const cmd of parsed.commands) {
    for (const dir of dirs) {
      const problem = commandProblem(cmd, dir, roots, home);
      if (problem) return { readOnly: false, why: problem };
    }
    const target = cmd.words[0]?.text === 'cd' ? cmd.words[1] : undefined;
    if (target) dirs.unshift(resolvePath(target.text, dirs[0]!, home).lexical);
  }
  const fx = effects ?? analyseBash(command, cwd, home);
  const write = fx.writes[0];
  if (write) return { readOnly: false, why: `it writes ${write.written}` };
  for (const r of fx.reads) {
    if (!r.known) return { readOnly: false, why: `it reads ${r.written}, which is only known when it runs` };
    if (!r.resolved.every((p) => insideWorkspace(p, roots))) return { readOnly: false, why: `it reads ${r.written}, outside the project` };
  }
  return { readOnly: true };
}
