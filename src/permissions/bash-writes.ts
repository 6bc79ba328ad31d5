// What the common writing and copying commands write (and, for copies, read): targets from operands and from each
// command's own options, in every spelling bash-args.ts understands (`-t DIR`, `-tDIR`, `--target-directory=DIR`,
// `--target-directory DIR`, the last operand as destination).
//
// Semantics, decided here:
//  - cp/mv/install/ln write their destination and `DEST/<name of each source>`; when the name of a source is not
//    known (`cp src/* .`, `cp -r src/. .`) or the copy is recursive, what lands in the destination folder is any
//    path inside it (use `tree`). mv also writes (removes) its sources; ln reads and writes its sources (a link is a
//    second name for them).
//  - rsync and scp write into their (local) destination folder; `host:path` operands are remote and not checked.
//  - tar writes its archive when creating and the folder it extracts into (`-C DIR` or the working directory);
//    unzip the folder of `-d` or the working directory; patch the folder it patches in.
//  - touch, truncate, mkdir, rmdir, rm, unlink, shred, chmod, chown, chgrp, tee write their file operands (rm -r and
//    chmod -R the whole folder); dd writes `of=`, sed `-i` (every spelling) its files and a script's `w` targets,
//    sort `-o`, uniq's and xxd's second operand, curl `-o`/`-O`, wget's output.
//  - Other commands are not guessed at (their writes are unknown; Bash asks for them unless an allow rule covers it).
import path from 'node:path';
import { hasOption, optionValue, optionValues, parseArgs, withValue, type ParsedArgs } from './bash-args';
import { DOT, file, tree, type CommandEffects, type Operand } from './bash-effect-types';
import { readerArgs, readerEffects } from './bash-reads';
import { sedScriptFacts } from './sed-script';
import type { ShellWord } from './shell-parse';

type Writer = (args: ShellWord[]) => CommandEffects;

const word = (text: string, literal = true): ShellWord => ({ text, literal });

/** `DEST/<name of src>`, or null when the name is not known or names the folder's contents (`src/.`). */
function landing(dest: ShellWord, src: ShellWord): ShellWord | null {
  const name = path.posix.basename(src.text.replace(/\/+$/, ''));
  if (!src.literal || name === '' || name === '.' || name === '..' || src.text.endsWith('/')) return null;
  return { text: `${dest.text.replace(/\/+$/, '')}/${name}`, literal: dest.literal };
}

/** cp, mv, install, ln: sources and a destination given by `-t` or as the last operand. */
function copyLike(kind: 'cp' | 'mv' | 'install' | 'ln'): Writer {
  const values = withValue('-t', '--target-directory', '-S', '--suffix', ...(kind === 'install'
    ? ['-m', '-o', '-g', '--mode', '--owner', '--group', '--strip-program'] : []));
  return (args) => {
    const parsed = parseArgs(args, { values });
    const ops = parsed.operands.filter((w) => w.text !== '');
    if (kind === 'install' && hasOption(parsed, '-d', '--directory')) return { reads: [], writes: ops.map((w) => file(w)) };
    const target = optionValue(parsed, '-t', '--target-directory');
    let sources: ShellWord[];
    let dest: ShellWord | undefined;
    if (target) {
      sources = ops;
      dest = target;
    } else if (ops.length >= 2) {
      sources = ops.slice(0, -1);
      dest = ops[ops.length - 1];
    } else {
      sources = ops;
      // `ln -s path/to/x` makes `./x`.
      dest = kind === 'ln' ? DOT : undefined;
    }
    const recursive = kind === 'mv' || (kind === 'cp' && hasOption(parsed, '-r', '-R', '-a', '--recursive', '--archive'));
    const reads: Operand[] = sources.map((w) => (recursive ? tree(w) : file(w)));
    // mv removes its sources. A link to a file is a second name for it, which the rest of the line can read and
    // write through (`ln .env x && cat x`), so ln's sources count as read and written too.
    const writes: Operand[] = kind === 'mv' ? sources.map((w) => tree(w)) : kind === 'ln' ? sources.map((w) => file(w)) : [];
    if (dest) {
      const noTargetDir = hasOption(parsed, '-T', '--no-target-directory');
      let wholeFolder = false;
      for (const src of sources) {
        const lands = noTargetDir ? null : landing(dest, src);
        if (lands) writes.push(recursive ? tree(lands) : file(lands));
        else if (!noTargetDir) wholeFolder = true;
      }
      // Without a source name to go by, or when a whole tree is copied, anything inside the destination may change.
      writes.push(wholeFolder || recursive ? tree(dest) : file(dest));
    }
    return { reads, writes };
  };
}

function isRemote(w: ShellWord): boolean {
  return /^[^/]*:/.test(w.text) && !w.text.startsWith('./');
}

const RSYNC_VALUES = withValue('-e', '--rsh', '--rsync-path', '--exclude', '--include', '-f', '--filter', '--files-from',
  '--exclude-from', '--include-from', '--log-file', '--backup-dir', '--partial-dir', '-T', '--temp-dir', '--compare-dest',
  '--copy-dest', '--link-dest', '--chmod', '--chown', '--password-file', '--write-batch', '--only-write-batch',
  '--read-batch', '--suffix', '--timeout', '--contimeout', '--bwlimit', '--max-size', '--min-size', '--port', '--out-format',
  '--log-file-format', '-B', '--block-size', '--max-delete', '--modify-window', '--iconv', '--usermap', '--groupmap',
  '-M', '--remote-option', '--info', '--debug', '--compress-level', '--skip-compress', '--checksum-choice');

function rsync(args: ShellWord[]): CommandEffects {
  const parsed = parseArgs(args, { values: RSYNC_VALUES });
  const ops = parsed.operands;
  const recursive = hasOption(parsed, '-r', '-a', '--recursive', '--archive', '--files-from');
  const sources = ops.length >= 2 ? ops.slice(0, -1) : ops;
  const dest = ops.length >= 2 ? ops[ops.length - 1] : undefined;
  const reads: Operand[] = sources.filter((w) => !isRemote(w)).map((w) => (recursive ? tree(w) : file(w)));
  for (const w of optionValues(parsed, '--files-from', '--exclude-from', '--include-from', '--password-file', '--read-batch')) reads.push(file(w));
  const writes: Operand[] = dest && !isRemote(dest) ? [tree(dest)] : [];
  for (const w of optionValues(parsed, '--log-file', '--write-batch', '--only-write-batch', '--backup-dir', '--partial-dir', '-T', '--temp-dir')) writes.push(tree(w));
  return { reads, writes };
}

function scp(args: ShellWord[]): CommandEffects {
  const parsed = parseArgs(args, { values: withValue('-P', '-i', '-F', '-o', '-c', '-l', '-S', '-J', '-D', '-X') });
  const ops = parsed.operands;
  const recursive = hasOption(parsed, '-r');
  const sources = ops.length >= 2 ? ops.slice(0, -1) : [];
  const dest = ops.length >= 2 ? ops[ops.length - 1] : undefined;
  const reads = sources.filter((w) => !isRemote(w)).map((w) => (recursive ? tree(w) : file(w)));
  for (const w of optionValues(parsed, '-i', '-F')) reads.push(file(w));
  return { reads, writes: dest && !isRemote(dest) ? [tree(dest)] : [] };
}

const TAR_VALUES = withValue('-f', '--file', '-C', '--directory', '-T', '--files-from', '-X', '--exclude-from', '-b',
  '--blocking-factor', '-g', '--listed-incremental', '-K', '--starting-file', '-L', '--tape-length', '-N', '--newer',
  '--after-date', '-V', '--label', '-H', '--format', '-I', '--use-compress-program', '-F', '--info-script', '--new-volume-script',
  '--exclude', '--transform', '--xform', '--owner', '--group', '--mode', '--mtime', '--to-command', '--rsh-command',
  '--index-file', '--volno-file', '--checkpoint-action', '--rmt-command', '--sort', '--strip-components');
const TAR_KEY_VALUES = 'fCTXbgKLNVHIF';

/** `tar xzf a.tgz` (letters without a dash, their values in order after them) becomes `tar -x -z -f a.tgz`. */
function tarWords(args: ShellWord[]): ShellWord[] {
  const first = args[0];
  if (!first || first.text.startsWith('-') || !/^[A-Za-z]+$/.test(first.text)) return args;
  const out: ShellWord[] = [];
  let next = 1;
  for (const letter of first.text) {
    out.push(word(`-${letter}`));
    if (TAR_KEY_VALUES.includes(letter) && args[next]) out.push(args[next++]!);
  }
  return [...out, ...args.slice(next)];
}

function tar(args: ShellWord[]): CommandEffects {
  const parsed = parseArgs(tarWords(args), { values: TAR_VALUES });
  const archive = optionValue(parsed, '-f', '--file');
  const dir = optionValue(parsed, '-C', '--directory');
  const creates = hasOption(parsed, '-c', '--create', '-r', '--append', '-u', '--update', '-A', '--catenate', '--concatenate', '--delete');
  const extracts = hasOption(parsed, '-x', '--extract', '--get');
  const reads: Operand[] = [];
  const writes: Operand[] = [];
  for (const w of optionValues(parsed, '-T', '--files-from', '-X', '--exclude-from')) reads.push(file(w));
  if (creates) {
    if (archive && archive.text !== '-') writes.push(file(archive));
    // Members are read from `-C DIR` when one is given (checked from the shell's folder too: -C is positional).
    for (const w of parsed.operands) {
      reads.push(tree(w));
      if (dir) reads.push(tree(w, dir));
    }
    // `-T list`: which files are read is only known when it runs.
    for (const w of optionValues(parsed, '-T', '--files-from')) reads.push({ word: word(`(files listed in ${w.text})`, false), use: 'tree' });
  } else {
    if (archive && archive.text !== '-') reads.push(file(archive));
    if (hasOption(parsed, '-d', '--diff', '--compare')) for (const w of parsed.operands) reads.push(tree(w, dir));
  }
  if (extracts) writes.push(tree(dir ?? DOT));
  for (const w of optionValues(parsed, '-g', '--listed-incremental', '--index-file', '--volno-file')) writes.push(file(w));
  return { reads, writes };
}

function zip(args: ShellWord[]): CommandEffects {
  const parsed = parseArgs(args, { values: withValue('-b', '-n', '-t', '-tt', '-O', '--output-file', '-P', '-Z', '-i', '-x') });
  const [archive, ...members] = parsed.operands;
  const recursive = hasOption(parsed, '-r', '-R');
  const writes: Operand[] = archive ? [file(archive)] : [];
  for (const w of optionValues(parsed, '-O', '--output-file')) writes.push(file(w));
  if (hasOption(parsed, '-@')) members.push(word('(files named on stdin)', false));
  return { reads: members.map((w) => (recursive ? tree(w) : file(w))), writes };
}

function unzip(args: ShellWord[]): CommandEffects {
  const parsed = parseArgs(args, { values: withValue('-d', '-P') });
  const archive = parsed.operands[0];
  const reads = archive ? [file(archive)] : [];
  if (hasOption(parsed, '-l', '-t', '-p', '-v', '-z', '-Z')) return { reads, writes: [] };
  return { reads, writes: [tree(optionValue(parsed, '-d') ?? DOT)] };
}

/** Commands that write every operand, with the options that take values and those that read a file. */
function writesOperands(values: string[], readOptions: string[] = [], recursiveOptions: string[] = []): Writer {
  return (args) => {
    const parsed = parseArgs(args, { values: withValue(...values) });
    const recursive = recursiveOptions.length > 0 && hasOption(parsed, ...recursiveOptions);
    return {
      reads: optionValues(parsed, ...readOptions).map((w) => file(w)),
      writes: parsed.operands.filter((w) => w.text !== '-' && w.text !== '').map((w) => (recursive ? tree(w) : file(w))),
    };
  };
}

/** chmod, chown, chgrp: the first operand is the mode or owner unless `--reference` gave it. */
function modeChange(args: ShellWord[]): CommandEffects {
  const parsed = parseArgs(args, { values: withValue('--reference', '--from') });
  const reference = optionValue(parsed, '--reference');
  // `chmod -x f`: the mode looks like an option.
  const modeAsOption = parsed.options.some((o) => /^-[rwxXst]+$/.test(o.word.text));
  const targets = reference || modeAsOption ? parsed.operands : parsed.operands.slice(1);
  const recursive = hasOption(parsed, '-R', '--recursive');
  return { reads: reference ? [file(reference)] : [], writes: targets.map((w) => (recursive ? tree(w) : file(w))) };
}

function dd(args: ShellWord[]): CommandEffects {
  const reads: Operand[] = [];
  const writes: Operand[] = [];
  for (const w of args) {
    const m = /^(if|of)=(.*)$/s.exec(w.text);
    if (m) (m[1] === 'if' ? reads : writes).push(file({ text: m[2]!, literal: w.literal }));
  }
  return { reads, writes };
}

/** sed writes its files with `-i` (`-i`, `-i.bak`, `-Ei`, `--in-place[=SUF]`) and the targets of `w` in its script. */
function sed(args: ShellWord[]): CommandEffects {
  const parsed = readerArgs('sed', args)!;
  const read = readerEffects('sed', args)!;
  const writes: Operand[] = [];
  if (hasOption(parsed, '-i', '--in-place')) for (const r of read.reads) writes.push(file(r.word));
  const scripts = sedScripts(parsed);
  for (const s of scripts) {
    if (!s.literal) { writes.push({ word: word(`(files a sed script written as ${s.text} may write)`, false), use: 'tree' }); continue; }
    const facts = sedScriptFacts(s.text);
    for (const w of facts.writes) if (!/^\/dev\/(stdout|stderr)$/.test(w)) writes.push(file(word(w)));
    for (const r of facts.reads) read.reads.push(file(word(r)));
  }
  // A script from a file (`-f prog.sed`) may write anywhere.
  for (const f of optionValues(parsed, '-f', '--file')) writes.push({ word: word(`(files the sed script ${f.text} may write)`, false), use: 'tree' });
  return { reads: read.reads, writes };
}

/** The scripts a sed command runs: every `-e`, or else its first operand. */
export function sedScripts(parsed: ParsedArgs): ShellWord[] {
  const given = optionValues(parsed, '-e', '--expression');
  if (given.length > 0 || hasOption(parsed, '-f', '--file')) return given;
  return parsed.operands.slice(0, 1);
}

function outputOperand(name: 'uniq' | 'xxd'): Writer {
  return (args) => {
    const parsed = readerArgs(name, args)!;
    const out = parsed.operands[1];
    return { reads: readerEffects(name, args)!.reads, writes: out && out.text !== '-' ? [file(out)] : [] };
  };
}

function sort(args: ShellWord[]): CommandEffects {
  const parsed = readerArgs('sort', args)!;
  return {
    reads: readerEffects('sort', args)!.reads,
    writes: optionValues(parsed, '-o', '--output', '-T', '--temporary-directory').map((w) => file(w)),
  };
}

function patch(args: ShellWord[]): CommandEffects {
  const parsed = parseArgs(args, { values: withValue('-o', '--output', '-d', '--directory', '-i', '--input', '-p', '--strip',
    '-r', '--reject-file', '-B', '--prefix', '-z', '--suffix', '-D', '--ifdef', '-F', '--fuzz', '-V', '--version-control') });
  const writes: Operand[] = [tree(optionValue(parsed, '-d', '--directory') ?? DOT)];
  for (const w of optionValues(parsed, '-o', '--output', '-r', '--reject-file')) writes.push(file(w));
  const reads = optionValues(parsed, '-i', '--input').map((w) => file(w));
  if (parsed.operands[1]) reads.push(file(parsed.operands[1]));
  return { reads, writes };
}

const CURL_VALUES = withValue('-o', '--output', '-T', '--upload-file', '-K', '--config', '-d', '--data', '--data-binary',
  '--data-raw', '--data-ascii', '--data-urlencode', '--json', '-F', '--form', '--form-string', '-c', '--cookie-jar', '-D',
  '--dump-header', '-H', '--header', '-X', '--request', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '-b',
  '--cookie', '-m', '--max-time', '-x', '--proxy', '-w', '--write-out', '-E', '--cert', '--key', '--cacert', '-C',
  '--continue-at', '-r', '--range', '-Y', '-y', '-z', '-U', '-Q', '-t', '-P', '--output-dir', '--trace', '--trace-ascii',
  '--stderr', '--libcurl', '--connect-timeout', '--retry', '--url', '--resolve', '--etag-save', '--etag-compare');

function curl(args: ShellWord[]): CommandEffects {
  const parsed = parseArgs(args, { values: CURL_VALUES });
  const reads: Operand[] = optionValues(parsed, '-T', '--upload-file', '-K', '--config', '--etag-compare').map((w) => file(w));
  for (const o of parsed.options) {
    const v = o.values[0];
    if (!v) continue;
    // `-d @file`, `--data-urlencode name@file`, `-F field=@file` / `-F field=<file` send a file's content.
    const at = ['-d', '--data', '--data-binary', '--data-ascii', '--json', '--data-urlencode'].includes(o.name)
      ? /^[^=@]*@(.+)$/s.exec(v.text)
      : ['-F', '--form'].includes(o.name) ? /^[^=]*=[@<]([^;]+)/s.exec(v.text) : null;
    if (at) reads.push(file({ text: at[1]!, literal: v.literal }));
  }
  const writes: Operand[] = optionValues(parsed, '-o', '--output', '-c', '--cookie-jar', '-D', '--dump-header', '--trace',
    '--trace-ascii', '--stderr', '--libcurl', '--etag-save').filter((w) => w.text !== '-').map((w) => file(w));
  // `-O`: a file named by the server, in `--output-dir` or the working directory.
  if (hasOption(parsed, '-O', '--remote-name', '--remote-name-all', '-J', '--remote-header-name')) writes.push(tree(optionValue(parsed, '--output-dir') ?? DOT));
  return { reads, writes };
}

function wget(args: ShellWord[]): CommandEffects {
  const parsed = parseArgs(args, { values: withValue('-O', '--output-document', '-o', '--output-file', '-a', '--append-output',
    '-P', '--directory-prefix', '-i', '--input-file', '--post-file', '--body-file', '--load-cookies', '--save-cookies', '-t',
    '--tries', '-T', '--timeout', '-w', '--wait', '-U', '--user-agent', '-e', '--execute', '-Q', '--quota', '-l', '--level',
    '-A', '--accept', '-R', '--reject', '-D', '--domains', '-I', '-X', '--header', '--user', '--password', '--post-data',
    '--method', '--body-data') });
  const reads = optionValues(parsed, '-i', '--input-file', '--post-file', '--body-file', '--load-cookies').map((w) => file(w));
  const writes: Operand[] = optionValues(parsed, '-o', '--output-file', '-a', '--append-output', '--save-cookies').map((w) => file(w));
  const doc = optionValue(parsed, '-O', '--output-document');
  if (doc) { if (doc.text !== '-') writes.push(file(doc)); } else writes.push(tree(optionValue(parsed, '-P', '--directory-prefix') ?? DOT));
  return { reads, writes };
}

const WRITERS: Record<string, Writer> = {
  cp: copyLike('cp'),
  mv: copyLike('mv'),
  install: copyLike('install'),
  ln: copyLike('ln'),
  rsync,
  scp,
  tar,
  zip,
  unzip,
  touch: writesOperands(['-d', '--date', '-t', '-r', '--reference'], ['-r', '--reference']),
  truncate: writesOperands(['-s', '--size', '-r', '--reference'], ['-r', '--reference']),
  mkdir: writesOperands(['-m', '--mode']),
  rmdir: writesOperands([]),
  rm: writesOperands([], [], ['-r', '-R', '--recursive']),
  unlink: writesOperands([]),
  shred: writesOperands(['-n', '--iterations', '-s', '--size', '--random-source']),
  tee: writesOperands([]),
  chmod: modeChange,
  chown: modeChange,
  chgrp: modeChange,
  dd,
  sed,
  sort,
  uniq: outputOperand('uniq'),
  xxd: outputOperand('xxd'),
  patch,
  curl,
  wget,
};

/** The command names this module understands, for documentation and tests. */
export const WRITING_COMMANDS: readonly string[] = Object.keys(WRITERS);

/** What a writing or copying command writes and reads, or undefined when `name` is not one this module knows. */
export function writerEffects(name: string, args: ShellWord[]): CommandEffects | undefined {
  const writer = Object.hasOwn(WRITERS, name) ? WRITERS[name] : undefined;
  return writer?.(args);
}
