// What the common reading commands read: the file operands of `cat .env`, `head -n 5 x`, `grep -e foo .env`,
// `sed -n 1p f`, `grep -r x .`, `ls dir`... (writing and copying commands are in bash-writes.ts).
//
// Semantics, decided here:
//  - Only the commands in READERS are understood. Any other command is not guessed at: its arguments may be
//    patterns, names or numbers as easily as files.
//  - Options and their values are not paths (bash-args.ts).
//  - The script or pattern operand of sed, awk, grep, rg and jq is not a path; once an option gave it (`-e`, `-f`),
//    every operand is a file. A file an option reads (`grep -f pats`, `awk -f prog.awk`) is a read too.
//  - xxd and uniq read only their first operand (the second is their output); cmp its first two; `source` and `.`
//    their script.
//  - Recursive reads (`grep -r`, `rg`, `diff -r`) read the whole folder (use `tree`); with no folder named they
//    read the working directory. Listing (`ls`, `find`, `tree`, `du`, `stat`) reads the names in a folder, not the
//    files' contents, so it is a read of the folder itself only.
import { parseArgs, hasOption, optionValue, sameOption, withValue, type ArgSpec, type ParsedArgs } from './bash-args';
import { DOT, file, tree, type CommandEffects, type Operand } from './bash-effect-types';
import type { ShellWord } from './shell-parse';

/** Which operands (non-option words) a command reads. */
type OperandRule =
  | 'all'
  /** The first operand is a script or pattern unless an option gave one. */
  | 'afterScript'
  | 'first'
  | 'firstTwo'
  /** None: only the files options name, or the folders a recursive read defaults to. */
  | 'none';

interface ReaderSpec extends ArgSpec {
  operands: OperandRule;
  /** Options whose (last) value is a file the command reads. */
  readValues?: string[];
  /** Options that give the script or pattern, so the first operand is a file too. */
  scriptOptions?: string[];
  /** Whether these arguments make the command read its folders recursively (`grep -r`); true: always (`rg`). */
  recursive?: true | ((args: ParsedArgs) => boolean);
  /** `name=value` operands are variable assignments (awk). */
  skipAssignments?: boolean;
}

const GREP: ReaderSpec = {
  operands: 'afterScript',
  values: withValue('-e', '-f', '-m', '-A', '-B', '-C', '-d', '-D', '--regexp', '--file', '--max-count', '--after-context',
    '--before-context', '--context', '--directories', '--devices', '--label', '--include', '--exclude', '--exclude-dir',
    '--exclude-from', '--binary-files'),
  readValues: ['-f', '--file', '--exclude-from'],
  scriptOptions: ['-e', '-f', '--regexp', '--file'],
  recursive: (a) => hasOption(a, '-r', '-R', '--recursive', '--dereference-recursive') ||
    optionValue(a, '-d', '--directories')?.text === 'recurse',
};

const RG: ReaderSpec = {
  operands: 'afterScript',
  values: withValue('-e', '-f', '-g', '-t', '-T', '-m', '-A', '-B', '-C', '-j', '-M', '-d', '-E', '-r', '--regexp', '--file',
    '--glob', '--iglob', '--type', '--type-not', '--type-add', '--type-clear', '--max-count', '--after-context',
    '--before-context', '--context', '--threads', '--max-columns', '--max-depth', '--max-filesize', '--encoding',
    '--replace', '--pre', '--pre-glob', '--sort', '--sortr', '--color', '--colors', '--context-separator',
    '--field-context-separator', '--field-match-separator', '--path-separator', '--ignore-file', '--engine',
    '--dfa-size-limit', '--regex-size-limit', '--hyperlink-format', '--generate'),
  readValues: ['-f', '--file', '--ignore-file'],
  // `rg --files DIR` lists files: no pattern operand.
  scriptOptions: ['-e', '-f', '--regexp', '--file', '--files', '--type-list'],
  recursive: true,
};

const AWK: ReaderSpec = {
  operands: 'afterScript',
  values: withValue('-f', '-v', '-F', '-e', '-i', '-l', '-W', '--file', '--assign', '--field-separator', '--source',
    '--include', '--load'),
  readValues: ['-f', '--file'],
  scriptOptions: ['-f', '-e', '--file', '--source'],
  skipAssignments: true,
};

const READERS: Record<string, ReaderSpec> = {
  cat: { operands: 'all' },
  tac: { operands: 'all', values: withValue('-s', '--separator') },
  nl: {
    operands: 'all',
    values: withValue('-b', '-d', '-f', '-h', '-i', '-l', '-n', '-s', '-v', '-w', '--body-numbering', '--section-delimiter',
      '--footer-numbering', '--header-numbering', '--line-increment', '--join-blank-lines', '--number-format',
      '--number-separator', '--starting-line-number', '--number-width'),
  },
  head: { operands: 'all', values: withValue('-n', '-c', '--lines', '--bytes') },
  tail: { operands: 'all', values: withValue('-n', '-c', '-s', '--lines', '--bytes', '--sleep-interval', '--pid', '--max-unchanged-stats') },
  less: {
    operands: 'all',
    plusIsOption: true,
    values: withValue('-b', '-h', '-j', '-k', '-o', '-O', '-p', '-P', '-t', '-T', '-x', '-y', '-z', '-D', '-#', '--buffers',
      '--max-back-scroll', '--jump-target', '--lesskey-file', '--log-file', '--LOG-FILE', '--pattern', '--prompt', '--tag',
      '--tag-file', '--tabs', '--max-forw-scroll', '--window', '--shift'),
    readValues: ['-k', '--lesskey-file'],
  },
  more: { operands: 'all', plusIsOption: true, values: withValue('-n', '--lines') },
  bat: {
    operands: 'all',
    values: withValue('-l', '-H', '-m', '-r', '--language', '--highlight-line', '--file-name', '--map-syntax', '--theme',
      '--style', '--line-range', '--tabs', '--wrap', '--color', '--italic-text', '--decorations', '--paging', '--pager',
      '--terminal-width', '--ignored-suffix', '--diff-context', '--nonprintable-notation', '--binary', '--squeeze-limit',
      '--strip-ansi'),
  },
  od: {
    operands: 'all',
    values: withValue('-A', '-j', '-N', '-t', '-S', '--address-radix', '--skip-bytes', '--read-bytes', '--format'),
    attachedOnly: 'w',
  },
  // xxd also spells its options long with one dash (`-len 16`); the second operand is the output file.
  xxd: {
    operands: 'first',
    values: withValue('-c', '-g', '-l', '-o', '-s', '-n', '-cols', '-groupsize', '-len', '-offset', '-seek', '-name', '-octets'),
  },
  hexdump: { operands: 'all', values: withValue('-e', '-f', '-n', '-s'), readValues: ['-f'] },
  strings: {
    operands: 'all',
    values: withValue('-n', '-t', '-e', '-T', '-s', '--bytes', '--radix', '--encoding', '--target', '--output-separator'),
  },
  base64: { operands: 'all', values: withValue('-w', '--wrap') },
  sed: {
    operands: 'afterScript',
    values: withValue('-e', '-f', '-l', '--expression', '--file', '--line-length'),
    attachedOnly: 'i',
    readValues: ['-f', '--file'],
    scriptOptions: ['-e', '-f', '--expression', '--file'],
  },
  awk: AWK,
  gawk: AWK,
  mawk: AWK,
  nawk: AWK,
  grep: GREP,
  egrep: GREP,
  fgrep: GREP,
  rg: RG,
  cut: { operands: 'all', values: withValue('-b', '-c', '-f', '-d', '--bytes', '--characters', '--fields', '--delimiter', '--output-delimiter') },
  sort: {
    operands: 'all',
    values: withValue('-k', '-t', '-o', '-S', '-T', '--key', '--field-separator', '--output', '--buffer-size',
      '--temporary-directory', '--parallel', '--batch-size', '--compress-program', '--files0-from', '--random-source'),
    readValues: ['--files0-from', '--random-source'],
  },
  uniq: { operands: 'first', values: withValue('-f', '-s', '-w', '--skip-fields', '--skip-chars', '--check-chars') },
  wc: { operands: 'all', values: withValue('--files0-from'), readValues: ['--files0-from'] },
  diff: {
    operands: 'all',
    recursive: (a) => hasOption(a, '-r', '--recursive'),
    values: withValue('-C', '-U', '-I', '-x', '-X', '-F', '-L', '-W', '-D', '-S', '--from-file', '--to-file', '--label',
      '--ignore-matching-lines', '--exclude', '--exclude-from', '--show-function-line', '--starting-file', '--width',
      '--tabsize', '--ifdef', '--horizon-lines'),
    readValues: ['-X', '--from-file', '--to-file', '--exclude-from'],
  },
  cmp: { operands: 'firstTwo', values: withValue('-i', '-n', '--ignore-initial', '--bytes') },
  jq: {
    operands: 'afterScript',
    values: { ...withValue('-f', '-L', '--from-file', '--indent'), '--arg': 2, '--argjson': 2, '--slurpfile': 2, '--rawfile': 2 },
    readValues: ['-f', '--from-file', '--slurpfile', '--rawfile'],
    scriptOptions: ['-f', '--from-file'],
    endOperands: ['--args', '--jsonargs'],
  },
  source: { operands: 'first' },
  '.': { operands: 'first' },
  comm: { operands: 'firstTwo' },
  paste: { operands: 'all', values: withValue('-d', '--delimiters') },
  rev: { operands: 'all' },
  fold: { operands: 'all', values: withValue('-w', '--width') },
  md5sum: { operands: 'all' },
  sha1sum: { operands: 'all' },
  sha256sum: { operands: 'all' },
  sha512sum: { operands: 'all' },
  cksum: { operands: 'all' },
  // Listing reads the names in the folders named, not what the files hold.
  ls: { operands: 'all', values: withValue('-I', '-w', '-T', '--ignore', '--hide', '--width', '--tabsize', '--format',
    '--sort', '--time', '--time-style', '--quoting-style', '--indicator-style', '--block-size') },
  tree: { operands: 'all', values: withValue('-L', '-P', '-I', '-o', '--filelimit', '--timefmt', '--charset', '--sort') },
  du: { operands: 'all', values: withValue('-d', '-B', '-t', '--max-depth', '--block-size', '--threshold', '--exclude',
    '--time-style', '-X', '--exclude-from', '--files0-from'), readValues: ['-X', '--exclude-from', '--files0-from'] },
  stat: { operands: 'all', values: withValue('-c', '--format', '--printf') },
  file: { operands: 'all', values: withValue('-f', '-F', '-m', '-P', '-e', '--files-from', '--separator', '--magic-file',
    '--parameter', '--exclude'), readValues: ['-f', '--files-from', '-m', '--magic-file'] },
  df: { operands: 'all', values: withValue('-B', '-t', '-x', '--block-size', '--type', '--exclude-type', '--output') },
  readlink: { operands: 'all' },
  realpath: { operands: 'all', values: withValue('--relative-to', '--relative-base') },
};

/** The listing commands: with no folder named they list the working directory. */
const LISTS_CWD = new Set(['ls', 'tree', 'du']);

/** The command names this module understands, for documentation and tests. */
export const READING_COMMANDS: readonly string[] = [...Object.keys(READERS), 'find'];

/** How a reading command's options parse (sort's `-o`, uniq's and xxd's output operand are read in bash-writes.ts). */
export function readerArgs(name: string, args: ShellWord[]): ParsedArgs | undefined {
  const spec = Object.hasOwn(READERS, name) ? READERS[name] : undefined;
  return spec ? parseArgs(args, spec) : undefined;
}

/** What a reading command reads, or undefined when `name` is not one this module knows. */
export function readerEffects(name: string, args: ShellWord[]): CommandEffects | undefined {
  if (name === 'find') return { reads: findRoots(args).map((w) => file(w)), writes: [] };
  if (name === 'git') return gitReads(args);
  const spec = Object.hasOwn(READERS, name) ? READERS[name] : undefined;
  if (!spec) return undefined;
  const parsed = parseArgs(args, spec);
  const named = (list: string[] | undefined, given: string): boolean => list?.some((n) => sameOption(given, n)) ?? false;
  const scriptGiven = parsed.options.some((o) => named(spec.scriptOptions, o.name));
  const reads: ShellWord[] = [];
  for (const o of parsed.options) {
    const last = o.values[o.values.length - 1];
    if (last && named(spec.readValues, o.name)) reads.push(last);
  }
  const { operands } = parsed;
  let files: ShellWord[];
  switch (spec.operands) {
    case 'all':
      files = operands;
      break;
    case 'afterScript':
      files = scriptGiven ? operands : operands.slice(1);
      break;
    case 'first':
      files = operands.slice(0, 1);
      break;
    case 'firstTwo':
      files = operands.slice(0, 2);
      break;
    case 'none':
      files = [];
      break;
    default: {
      const never: never = spec.operands;
      files = never;
    }
  }
  if (spec.skipAssignments) files = files.filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text));
  files = files.filter((w) => w.text !== '' && w.text !== '-');
  const recursive = spec.recursive === true || (spec.recursive !== undefined && spec.recursive(parsed));
  // `grep -r foo` and `rg foo` search the working directory; `ls` lists it.
  if (files.length === 0 && (recursive || LISTS_CWD.has(name)) && !hasOption(parsed, '--files0-from')) files = [DOT];
  const out: Operand[] = reads.map((w) => file(w));
  for (const w of files) out.push(recursive ? tree(w) : file(w));
  return { reads: out, writes: [] };
}

/** The starting points of `find` (the words before its first expression), or `.`. */
export function findRoots(args: ShellWord[]): ShellWord[] {
  const roots: ShellWord[] = [];
  let i = 0;
  // Leading options: -H -L -P, -D debugopts, -Olevel.
  while (i < args.length && /^-([HLP]|O\d*|D)$/.test(args[i]!.text)) i += args[i]!.text === '-D' ? 2 : 1;
  for (; i < args.length; i++) {
    const t = args[i]!.text;
    if (t.startsWith('-') || t === '(' || t === '!' || t === ',') break;
    roots.push(args[i]!);
  }
  return roots.length > 0 ? roots : [DOT];
}

const GIT_SHOWS_FILES = new Set(['show', 'diff', 'log', 'blame', 'cat-file', 'annotate', 'difftool']);
const GIT_READS_TREE = new Set(['grep', 'archive', 'bundle']);

/** What git prints from the files a command names: `git show HEAD:.env`, `git diff -- .env`, `git blame .env`;
 * `git grep` and `git archive` read the whole tree. What `git diff` shows without naming files is not modelled. */
function gitReads(args: ShellWord[]): CommandEffects {
  let i = 0;
  let base: ShellWord | undefined;
  while (i < args.length && args[i]!.text.startsWith('-')) {
    const t = args[i]!.text;
    if (t === '-C') base = args[i + 1];
    i += t === '-C' || t === '-c' || t === '--git-dir' || t === '--work-tree' || t === '--namespace' ? 2 : 1;
  }
  const sub = args[i]?.text;
  if (sub === undefined) return { reads: [], writes: [] };
  if (GIT_READS_TREE.has(sub)) return { reads: [tree(DOT, base)], writes: [] };
  if (!GIT_SHOWS_FILES.has(sub)) return { reads: [], writes: [] };
  const reads: Operand[] = [];
  for (const w of args.slice(i + 1)) {
    if (w.text === '--' || w.text.startsWith('-')) continue;
    const colon = w.text.indexOf(':');
    const p = colon >= 0 ? w.text.slice(colon + 1) : w.text;
    if (p !== '') reads.push(file({ text: p, literal: w.literal }, base));
  }
  return { reads, writes: [] };
}
