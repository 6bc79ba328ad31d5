// A Bash line becomes a set of effects in ONE analysis: which paths it reads and writes (redirections, the operands
// and options of the commands bash-reads.ts and bash-writes.ts know), resolved from the folder each command runs in,
// and which of them cannot be known before it runs (globs, brace lists, variables, substitutions, `~user`, a
// command name that is itself a variable). Path rules, acceptEdits and the read-only list all read this.
//
// Semantics, decided here:
//  - Commands are found where deny rules find them: in pipelines and lists, in substitutions, inside `sh -c` and
//    behind sudo/env/xargs/timeout... `/bin/cat` is `cat`.
//  - After a `cd DIR` in the line a relative path is checked from DIR and from the starting directory both: the
//    flat parse cannot tell whether the `cd` ran in a subshell. After a `cd` whose target is only known when it runs
//    (`cd $DIR`, `cd -`), a relative path could be anywhere.
//  - `find -exec cmd {}` and `xargs cmd` hand the command paths only known when it runs.
//  - A rule MATCHES an effect when the path as written or its real path matches (as for the Read and Edit tools);
//    it MAY match when the effect is a whole folder (`grep -r x .`) the rule could reach into, or a path only known
//    when the line runs and the rule could name what it turns out to be. "May" asks; it never allows.
import path from 'node:path';
import picomatch from 'picomatch';
import { commandsInOrder } from './bash-command';
import { readerEffects } from './bash-reads';
import { writerEffects } from './bash-writes';
import type { CommandEffects, Operand, PathUse } from './bash-effect-types';
import { expandHome, isInside, pathMatches, realPathOf, resolvePath, type PathPattern, type ResolvedPath } from './path-rule';
import { osPathOf } from './resolve-path';
import type { SimpleCommand } from './shell-parse';

export interface PathEffect {
  /** The command name (`cat`, `>` for a redirection). */
  command: string;
  /** The path as the line wrote it (for messages). */
  written: string;
  use: PathUse;
  /** False when the path depends on expansion or could not be resolved: the line may touch something else. */
  known: boolean;
  /** Nothing at all is known of the path (`{}` of find -exec, what xargs passes, a path after `cd $DIR`). */
  anywhere?: boolean;
  /** The path resolved from each directory it may be relative to. */
  resolved: ResolvedPath[];
  /** For a glob or brace word: the folder before its first pattern part (`src` for `src/*.ts`), resolved likewise. */
  globRoot?: ResolvedPath[];
}

export interface BashEffects {
  reads: PathEffect[];
  writes: PathEffect[];
}

/** Device files a redirection may name without touching a real file. */
export const DEVICE_TARGETS = /^\/dev\/(null|stdout|stderr|stdin|tty|fd\/\d+)$/;

export function commandName(cmd: SimpleCommand): string | undefined {
  const first = cmd.words[0];
  if (!first || !first.literal) return undefined;
  return first.text.includes('/') ? path.basename(first.text) : first.text;
}

/** Where `cd`/`pushd` moves to, or null when it cannot be known (`cd -`, `cd $DIR`). */
function cdTarget(cmd: SimpleCommand, cwd: string, home: string): string | null {
  const flags = cmd.words.slice(1).filter((w) => /^-[LPe@]+$/.test(w.text));
  const args = cmd.words.slice(1).filter((w) => !/^-[LPe@]+$/.test(w.text));
  const target = args[0];
  // A bare `pushd` swaps the top two directories of a stack this parse does not keep.
  if (!target) return cmd.words[0]?.text === 'pushd' ? null : home;
  if (!target.literal || target.text === '-' || target.text.startsWith('+')) return null;
  // bash's cd is logical (`link/..` is the folder holding link) unless -P, the last of -L/-P winning: then the
  // OS resolves it, and `link/..` is the parent of link's target.
  const physical = flags.map((w) => w.text.replace(/[^LP]/g, '')).join('').endsWith('P');
  return physical ? osPathOf(target.text, cwd, home) : path.resolve(cwd, expandHome(target.text, home));
}

/** The effects of one simple command (its own operands and redirections; not what runs inside it). */
export function commandEffects(cmd: SimpleCommand): CommandEffects {
  const reads: Operand[] = [];
  const writes: Operand[] = [];
  for (const r of cmd.redirects) {
    if (r.target === null || r.op === '<<<' || r.op === '<<') continue;
    if (r.target.literal && DEVICE_TARGETS.test(r.target.text)) continue;
    if (r.op === '<' || r.op === '<>') reads.push({ word: r.target, use: 'file' });
    if (r.op !== '<') writes.push({ word: r.target, use: 'file' });
  }
  const first = cmd.words[0];
  if (commandName(cmd) === 'xargs') {
    // Whatever xargs passes on is read (or written) by the command it runs.
    const passed: Operand = { word: { text: '(the paths xargs passes on)', literal: false }, use: 'tree' };
    reads.push(passed);
    writes.push(passed);
  }
  if (first && !first.literal) {
    // `$CMD .env`: the command is only known when it runs, so it may read or write anything its words name.
    const anything: Operand = { word: { text: `(whatever ${first.text} does)`, literal: false }, use: 'tree' };
    return { reads: [...reads, anything], writes: [...writes, anything] };
  }
  const name = commandName(cmd);
  if (name !== undefined) {
    const args = cmd.words.slice(1);
    const own = writerEffects(name, args) ?? readerEffects(name, args);
    if (own) {
      reads.push(...own.reads);
      writes.push(...own.writes);
    }
  }
  return { reads, writes };
}

/** Every path the line reads and writes, in the order written. */
export function analyseBash(command: string, cwd: string, home: string): BashEffects {
  const out: BashEffects = { reads: [], writes: [] };
  const seen = new Set<string>();
  let current = cwd;
  let lostAt: string | null = null;
  const add = (list: PathEffect[], name: string, op: Operand): void => {
    const dirs = current === cwd ? [cwd] : [current, cwd];
    const bases = op.base
      // `git -C dir`, `tar -C dir`: the program changes into dir itself, so the OS resolves it (link/.. included).
      ? op.base.literal ? dirs.map((d) => osPathOf(op.base!.text, d, home)) : []
      : dirs;
    const resolved = bases.map((base) => resolvePath(op.word.text, base, home));
    const distinct = resolved.filter((r, idx) => resolved.findIndex((o) => o.lexical === r.lexical) === idx);
    const known = op.word.literal && distinct.length > 0 && !distinct.some((r) => 'unresolvable' in r);
    const key = `${list === out.reads ? 'r' : 'w'}\0${op.use}\0${op.word.text}\0${distinct.map((r) => r.lexical).join('\0')}`;
    if (seen.has(key)) return;
    seen.add(key);
    const relative = !op.word.text.startsWith('/') && !/^~(\/|$)/.test(op.word.text);
    const anywhere = op.word.text.startsWith('(') || op.word.text.includes('{}') || (lostAt !== null && relative && !op.base);
    const effect: PathEffect = { command: name, written: op.word.text, use: op.use, known: known && !anywhere, resolved: distinct };
    if (anywhere) {
      effect.anywhere = true;
      if (lostAt !== null && relative) effect.written = `${op.word.text} (after cd ${lostAt})`;
    }
    if (!op.word.literal) {
      const segments = op.word.text.split('/');
      const firstGlob = segments.findIndex((seg) => GLOB_CHARS.test(seg));
      if (firstGlob >= 0) {
        const staticPart = segments.slice(0, firstGlob).join('/') || (op.word.text.startsWith('/') ? '/' : '.');
        effect.globRoot = bases.map((base) => resolvePath(staticPart, base, home));
      }
    }
    list.push(effect);
  };
  for (const cmd of commandsInOrder(command)) {
    const name = commandName(cmd) ?? cmd.words[0]?.text ?? '>';
    if (name === 'cd' || name === 'pushd') {
      const target = cdTarget(cmd, current, home);
      if (target === null) lostAt = cmd.words[1]?.text ?? '-';
      else {
        current = target;
        if (/^[/~]/.test(cmd.words[1]?.text ?? '~')) lostAt = null; // an absolute `cd` is known again
      }
    }
    const effects = commandEffects(cmd);
    for (const r of effects.reads) add(out.reads, name, r);
    for (const w of effects.writes) add(out.writes, name, w);
  }
  return out;
}

export type EffectMatch = 'match' | 'maybe' | 'no';

/** Whether a path rule's pattern covers what this effect touches (see the header). */
export function effectMatch(pattern: PathPattern, e: PathEffect): EffectMatch {
  if (e.known) {
    if (e.resolved.some((p) => pathMatches(pattern, p, 'any'))) return 'match';
    return e.use === 'tree' && e.resolved.some((p) => couldBeInside(pattern, p)) ? 'maybe' : 'no';
  }
  // `cat secrets/*` with `Read(./secrets/**)`: whatever the glob expands to is inside the covered folder.
  if (e.globRoot?.some((d) => pathMatches(pattern, d, 'any')) && !globCanClimb(e)) return 'match';
  return unknownCouldMatch(pattern, e) ? 'maybe' : 'no';
}

/** Whether a glob part of the word could expand to `..` and so leave the folder before it. */
function globCanClimb(e: PathEffect): boolean {
  const segments = e.written.split('/');
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  return firstGlob >= 0 && segments.slice(firstGlob).some((s) => picomatch(s, { dot: true })('..'));
}

const GLOB_CHARS = /[*?[{]/;

/** Could a path the rule covers be `folder` or lie inside it? Over-approximates: "yes" only asks. */
export function couldBeInside(pattern: PathPattern, folder: ResolvedPath): boolean {
  const bases = [path.resolve(pattern.base), realPathOf(path.resolve(pattern.base))];
  const segments = pattern.glob.split('/');
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  const literalPart = (firstGlob < 0 ? segments : segments.slice(0, firstGlob)).join('/');
  for (const f of [folder.lexical, folder.real]) {
    for (const b of bases) {
      const start = pattern.anyDepth ? b : path.join(b, literalPart);
      if (isInside(f, start) || isInside(start, f)) return true;
    }
  }
  return false;
}

function unknownCouldMatch(pattern: PathPattern, e: PathEffect): boolean {
  const text = e.written;
  // Variables, substitutions, `~user`, a path that could not be resolved: it could be anything.
  if (e.anywhere || text.includes('$') || (text.startsWith('~') && !/^~(\/|$)/.test(text))) return true;
  if (e.resolved.length === 0 || e.resolved.some((r) => 'unresolvable' in r)) return true;
  const segments = text.split('/');
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  if (firstGlob < 0) return true; // not literal for a reason this reader cannot see
  const rest = segments.slice(firstGlob);
  const isGlob = (s: string): ((name: string) => boolean) => picomatch(s, { dot: true });
  // A glob that can expand to `..` before the last part climbs out of wherever it started.
  if (rest.slice(0, -1).some((s) => isGlob(s)('..')) || (e.use === 'tree' && isGlob(rest[rest.length - 1]!)('..'))) return true;
  const dirs = e.globRoot ?? [];
  if (dirs.length === 0 || dirs.some((r) => 'unresolvable' in r)) return true;
  for (const dir of dirs) {
    if (pathMatches(pattern, dir, 'any')) return true;
    if (rest.length === 1 && e.use === 'file' && !GLOB_CHARS.test(pattern.glob)) {
      // One level of names below `dir`: could one of them be the file the rule names?
      const names = pattern.anyDepth ? [pattern.glob] : candidateNames(pattern, dir);
      const inReach = pattern.anyDepth ? couldBeInside(pattern, dir) : names.length > 0;
      if (inReach && names.some((n) => isGlob(rest[0]!)(n))) return true;
      continue;
    }
    if (couldBeInside(pattern, dir)) return true;
  }
  return false;
}

/** For an anchored literal rule (`./secrets/key`), the name it has directly inside `dir`, if `dir` is its parent. */
function candidateNames(pattern: PathPattern, dir: ResolvedPath): string[] {
  const out: string[] = [];
  for (const b of [path.resolve(pattern.base), realPathOf(path.resolve(pattern.base))]) {
    const target = path.join(b, pattern.glob);
    for (const d of [dir.lexical, dir.real]) {
      // The rule's path, or a folder on the way to it, directly inside `dir`.
      if (isInside(target, d) && target !== d) out.push(path.relative(d, target).split(path.sep)[0]!);
    }
  }
  return out;
}

/** A sentence for an effect a rule may cover: what the line does that cannot be checked, and why. */
export function describeUncertain(e: PathEffect, access: 'reads' | 'writes'): string {
  if (e.known) return `the command ${access} everything in ${e.written}`;
  return `the command ${access} ${e.written}, which is only known when it runs`;
}

/** The files a line reads, as written and resolved (the reads of analyseBash, for callers that only need those). */
export function bashReads(command: string, cwd: string, home: string): Array<{ written: string; resolved: ResolvedPath[] }> {
  return analyseBash(command, cwd, home).reads.map((e) => ({ written: e.written, resolved: e.resolved }));
}
