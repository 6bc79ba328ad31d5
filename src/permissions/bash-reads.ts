// Files a Bash line reads, so Read deny and ask rules guard them as they guard the Read tool: the file operands of
// common reading commands (`cat .env`, `head -n 5 x`, `grep -e foo .env`, `sed -n 1p f`, `cp a b`...) and `<`
// input redirects.
//
// Semantics, decided here:
//  - Only the commands in READERS are understood. Any other command is not guessed at: its arguments may be
//    patterns, names or numbers as easily as files.
//  - Options are not paths (`-n`, `--foo`, `--foo=x`). An option that takes a value takes the next word too
//    (`head -n 5`, `grep -e pat`) unless the value is attached (`-n5`, `--lines=5`). `--` ends the options; a lone
//    `-` is stdin. Options may follow operands, as GNU tools allow.
//  - The script or pattern operand of sed, awk, grep, rg and jq is not a path; once an option gave it (`-e`, `-f`),
//    every operand is a file. A file an option reads (`grep -f pats`, `awk -f prog.awk`) is a read too.
//  - cp and mv read every operand but the last (every one with `-t DIR`); xxd and uniq read only their first operand
//    (the second is their output); cmp its first two; `source` and `.` their script.
//  - Commands are found where deny rules find them: in pipelines and lists, in substitutions, inside `sh -c` and
//    behind sudo/env/xargs/timeout... `/bin/cat` is `cat`.
//  - Paths resolve as the Read tool's would, from the directory the line runs in. After a `cd DIR` in the line a
//    relative path is checked from DIR and from the starting directory both: the flat parse cannot tell whether the
//    `cd` ran in a subshell, and checking one directory too many is safer than missing the file. After a `cd` whose
//    target is only known when it runs (`cd $DIR`, `cd -`), the last known directory stands in.
import path from 'node:path';
import { commandsInOrder } from './bash-command';
import { expandHome, resolvePath, type ResolvedPath } from './path-rule';
import type { ShellWord, SimpleCommand } from './shell-parse';

export interface BashRead {
  /** The path as the command line wrote it (for messages). */
  written: string;
  /** The path resolved from each directory it may be relative to. */
  resolved: ResolvedPath[];
}

/** Which operands (non-option words) a command reads. */
type OperandRule =
  | 'all'
  /** The first operand is a script or pattern unless an option gave one. */
  | 'afterScript'
  | 'first'
  | 'firstTwo'
  /** All but the last (the destination), or all when `-t DIR` named it. */
  | 'sources';

interface ReaderSpec {
  operands: OperandRule;
  /** Options that take values, with how many (`-n 5`; jq's `--arg name value` takes two). Short ones may carry the
   * value attached (`-n5`), long ones as `--lines=5`. Options whose value is optional are left out: their value can
   * only be attached, so they never take the next word. */
  values?: Record<string, number>;
  /** Short options whose value can only be attached (`sed -i.bak`, `od -w16`): the rest of the word is theirs. */
  attachedOnly?: string;
  /** Options whose (last) value is a file the command reads. */
  readValues?: string[];
  /** Options that give the script or pattern, so the first operand is a file too. */
  scriptOptions?: string[];
  /** Options after which operands are arguments, not files (`jq --args`). */
  endFiles?: string[];
  /** `+N` and `+/pattern` words are commands to the pager, not files. */
  plusIsOption?: boolean;
  /** `name=value` operands are variable assignments (awk). */
  skipAssignments?: boolean;
}

function withValue(...names: string[]): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, 1]));
}

const GREP: ReaderSpec = {
  operands: 'afterScript',
  values: withValue('-e', '-f', '-m', '-A', '-B', '-C', '-d', '-D', '--regexp', '--file', '--max-count', '--after-context',
    '--before-context', '--context', '--directories', '--devices', '--label', '--include', '--exclude', '--exclude-dir',
    '--exclude-from', '--binary-files'),
  readValues: ['-f', '--file', '--exclude-from'],
  scriptOptions: ['-e', '-f', '--regexp', '--file'],
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
};

const AWK: ReaderSpec = {
  operands: 'afterScript',
  values: withValue('-f', '-v', '-F', '-e', '-i', '-l', '-W', '--file', '--assign', '--field-separator', '--source',
    '--include', '--load'),
  readValues: ['-f', '--file'],
  scriptOptions: ['-f', '-e', '--file', '--source'],
  skipAssignments: true,
};

const CP_MV: ReaderSpec = { operands: 'sources', values: withValue('-t', '-S', '--target-directory', '--suffix') };

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
    endFiles: ['--args', '--jsonargs'],
  },
  source: { operands: 'first' },
  '.': { operands: 'first' },
  cp: CP_MV,
  mv: CP_MV,
};

/** The command names this module understands, for documentation and tests. */
export const READING_COMMANDS: readonly string[] = Object.keys(READERS);

/** The words of `args` that the command `spec` describes reads as files. */
function fileWords(args: ShellWord[], spec: ReaderSpec): ShellWord[] {
  const operands: ShellWord[] = [];
  const reads: ShellWord[] = [];
  const seen = new Set<string>();
  let scriptGiven = false;
  let optionsEnded = false;
  let filesEnded = false;

  const option = (name: string, values: ShellWord[]): void => {
    seen.add(name);
    if (spec.scriptOptions?.includes(name)) scriptGiven = true;
    if (spec.endFiles?.includes(name)) filesEnded = true;
    const last = values[values.length - 1];
    if (last && spec.readValues?.includes(name)) reads.push(last);
  };

  let i = 0;
  while (i < args.length) {
    const word = args[i]!;
    const t = word.text;
    const isOption = !optionsEnded && t.length > 1 && (t.startsWith('-') || (spec.plusIsOption === true && t.startsWith('+')));
    if (!isOption) {
      if (!filesEnded) operands.push(word);
      i++;
      continue;
    }
    if (t === '--') {
      optionsEnded = true;
      i++;
      continue;
    }
    if (t.startsWith('+')) {
      i++;
      continue;
    }
    const eq = t.startsWith('--') ? t.indexOf('=') : -1;
    const name = eq > 0 ? t.slice(0, eq) : t;
    const count = spec.values?.[name];
    if (count !== undefined || t.startsWith('--')) {
      // A long option, or a short one known as a whole word (`-len`).
      const attached: ShellWord[] = eq > 0 ? [{ text: t.slice(eq + 1), literal: word.literal }] : [];
      const need = Math.max(0, (count ?? 0) - attached.length);
      option(name, [...attached, ...args.slice(i + 1, i + 1 + need)]);
      i += 1 + need;
      continue;
    }
    // A cluster of short options (`-inA3`): the first that takes a value takes the rest of the word or the next one.
    let consumed = 1;
    for (let k = 1; k < t.length; k++) {
      const letter = t[k]!;
      const opt = `-${letter}`;
      const rest = t.slice(k + 1);
      if (spec.attachedOnly?.includes(letter)) {
        option(opt, rest ? [{ text: rest, literal: word.literal }] : []);
        break;
      }
      const n = spec.values?.[opt];
      if (n) {
        const attached: ShellWord[] = rest ? [{ text: rest, literal: word.literal }] : [];
        const need = n - attached.length;
        option(opt, [...attached, ...args.slice(i + 1, i + 1 + need)]);
        consumed += need;
        break;
      }
      option(opt, []);
    }
    i += consumed;
  }

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
    case 'sources':
      files = seen.has('-t') || seen.has('--target-directory') ? operands : operands.slice(0, -1);
      break;
    default: {
      const never: never = spec.operands;
      files = never;
    }
  }
  if (spec.skipAssignments) files = files.filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text));
  return [...reads, ...files].filter((w) => w.text !== '' && w.text !== '-');
}

function commandName(cmd: SimpleCommand): string | undefined {
  const first = cmd.words[0];
  if (!first || !first.literal) return undefined;
  return first.text.includes('/') ? path.basename(first.text) : first.text;
}

/** Where `cd`/`pushd` moves to, or null when it cannot be known (`cd -`, `cd $DIR`). */
function cdTarget(cmd: SimpleCommand, cwd: string, home: string): string | null {
  const args = cmd.words.slice(1).filter((w) => !/^-[LPe@]+$/.test(w.text));
  const target = args[0];
  // A bare `pushd` swaps the top two directories of a stack this parse does not keep.
  if (!target) return cmd.words[0]?.text === 'pushd' ? null : home;
  if (!target.literal || target.text === '-' || target.text.startsWith('+')) return null;
  return path.resolve(cwd, expandHome(target.text, home));
}

/** Every file the line reads through a known command or a `<` redirect, in the order written. */
export function bashReads(command: string, cwd: string, home: string): BashRead[] {
  const out: BashRead[] = [];
  let current = cwd;
  const add = (word: ShellWord): void => {
    const bases = current === cwd ? [cwd] : [current, cwd];
    const resolved = bases.map((base) => resolvePath(word.text, base, home));
    const distinct = resolved.filter((r, idx) => resolved.findIndex((o) => o.lexical === r.lexical) === idx);
    out.push({ written: word.text, resolved: distinct });
  };
  for (const cmd of commandsInOrder(command)) {
    for (const r of cmd.redirects) {
      if (r.target !== null && (r.op === '<' || r.op === '<>')) add(r.target);
    }
    const name = commandName(cmd);
    if (name === undefined) continue;
    if (name === 'cd' || name === 'pushd') {
      current = cdTarget(cmd, current, home) ?? current;
      continue;
    }
    const spec = Object.hasOwn(READERS, name) ? READERS[name] : undefined;
    if (spec) for (const word of fileWords(cmd.words.slice(1), spec)) add(word);
  }
  return out;
}
