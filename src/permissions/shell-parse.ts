// A deliberately small shell parser for permission checks. It does not run anything and does not try to be bash;
// it splits a command line into the simple commands that would run, so each can be checked on its own.
//
// Two modes:
//  - strict (for allow decisions): anything it does not fully understand (unbalanced quotes, here-docs,
//    arithmetic, subshell parentheses, `if`/`for`/`while` syntax, `${...}` that hides a substitution) is a failure,
//    and a failure means "ask", never "allow".
//  - lenient (for deny/ask rules): never fails; it does its best to find every command, so a deny rule still
//    catches `if true; then rm -rf x; fi` or a command with an unterminated quote.

/** One word after quote removal. `literal` is false when its value depends on expansion (variables, globs,
 * substitutions, brace lists): such a word can never equal a rule's word. */
export interface ShellWord {
  text: string;
  literal: boolean;
}

export interface ShellRedirect {
  /** `>`, `>>`, `>|`, `<`, `<>`, `&>`, `&>>`, `<<<`, `>&`, `<&` */
  op: string;
  /** The file (or here-string content for `<<<`); null when the redirect duplicates a descriptor (`2>&1`). */
  target: ShellWord | null;
}

export interface SimpleCommand {
  /** Leading `NAME=value` words. */
  assignments: Array<{ name: string; value: ShellWord }>;
  words: ShellWord[];
  redirects: ShellRedirect[];
  /** True when this command came from inside `$(...)`, backticks or `<(...)`/`>(...)`. */
  fromSubstitution: boolean;
}

export type ParseResult = { ok: true; commands: SimpleCommand[] } | { ok: false; error: string; commands: SimpleCommand[] };

const KEYWORDS = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'select',
  '{', '}', '!', '[[', ']]', 'coproc', 'in',
]);

class ParseError extends Error {}

interface Ctx {
  strict: boolean;
  depth: number;
  out: SimpleCommand[];
  errors: string[];
}

/** Parses a command line. Substitutions become commands of their own in the result. */
export function parseShell(source: string, strict = true): ParseResult {
  const ctx: Ctx = { strict, depth: 0, out: [], errors: [] };
  try {
    parseInto(source, ctx, false);
  } catch (e) {
    return { ok: false, error: (e as Error).message, commands: ctx.out };
  }
  if (ctx.errors.length > 0) return { ok: false, error: ctx.errors[0]!, commands: ctx.out };
  return { ok: true, commands: ctx.out };
}

function fail(ctx: Ctx, message: string): void {
  if (ctx.strict) throw new ParseError(message);
  ctx.errors.push(message);
}

function parseInto(src: string, ctx: Ctx, fromSubstitution: boolean): void {
  if (ctx.depth > 20) throw new ParseError('substitutions nested too deeply');
  ctx.depth++;
  let cmd: SimpleCommand = newCommand(fromSubstitution);
  let word: WordState = freshWord();
  let pendingRedirect: string | null = null;
  let i = 0;

  const finishWord = (): void => {
    if (!word.started) return;
    const w: ShellWord = { text: word.text, literal: word.literal };
    if (pendingRedirect !== null) {
      cmd.redirects.push({ op: pendingRedirect, target: w });
      pendingRedirect = null;
    } else if (cmd.words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text) && word.quotedFrom > word.text.indexOf('=')) {
      // `FOO="a b" cmd` is an assignment (only the name must be unquoted); `"FOO=a" cmd` runs a command named FOO=a.
      const eq = word.text.indexOf('=');
      cmd.assignments.push({ name: word.text.slice(0, eq), value: { text: word.text.slice(eq + 1), literal: w.literal } });
    } else if (cmd.words.length === 0 && !word.quoted && KEYWORDS.has(word.text)) {
      // Compound-command syntax: lenient mode drops the keyword so the commands inside are still seen.
      fail(ctx, `shell syntax "${word.text}" is not checked automatically`);
    } else {
      cmd.words.push(w);
    }
    word = freshWord();
  };
  const finishCommand = (): void => {
    finishWord();
    if (pendingRedirect !== null) {
      fail(ctx, `redirection ${pendingRedirect} has no target`);
      pendingRedirect = null;
    }
    if (cmd.words.length > 0 || cmd.assignments.length > 0 || cmd.redirects.length > 0) ctx.out.push(cmd);
    cmd = newCommand(fromSubstitution);
  };
  const substitution = (inner: string): void => {
    word.literal = false;
    word.started = true;
    word.text += '$(…)';
    parseInto(inner, ctx, true);
  };

  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];

    if (c === '\\') {
      if (next === '\n') { i += 2; continue; } // line continuation
      if (next === undefined) { fail(ctx, 'the command ends with a lone backslash'); i++; continue; }
      markQuoted(word); word.text += next; word.started = true; i += 2; continue;
    }
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) { fail(ctx, 'unbalanced single quote'); word.text += src.slice(i + 1); word.started = true; i = src.length; continue; }
      markQuoted(word); word.text += src.slice(i + 1, end); word.started = true; i = end + 1; continue;
    }
    if (c === '"') { i = readDoubleQuoted(src, i + 1, ctx, word, substitution); continue; }
    if (c === '`') {
      const end = findBacktickEnd(src, i + 1);
      if (end < 0) { fail(ctx, 'unbalanced backtick'); substitution(src.slice(i + 1)); i = src.length; continue; }
      substitution(src.slice(i + 1, end).replace(/\\([`\\$])/g, '$1')); i = end + 1; continue;
    }
    if (c === '$') { i = readDollar(src, i, ctx, word, substitution); continue; }
    if (c === '#' && !word.started) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl; continue;
    }
    if (c === ' ' || c === '\t') { finishWord(); i++; continue; }
    if (c === '\n' || c === ';') { finishCommand(); i++; continue; }
    if ((c === '<' || c === '>') && next === '(') {
      const end = findParenEnd(src, i + 2);
      if (end < 0) { fail(ctx, 'unbalanced process substitution'); substitution(src.slice(i + 2)); i = src.length; continue; }
      substitution(src.slice(i + 2, end)); i = end + 1; continue;
    }
    if (c === '&' && next === '>') {
      finishWord();
      const op = src[i + 2] === '>' ? '&>>' : '&>';
      i += op.length; pendingRedirect = op; continue;
    }
    if (c === '&' || c === '|') {
      finishCommand();
      i += next === c || (c === '|' && next === '&') ? 2 : 1; continue;
    }
    if (c === '>' || c === '<') {
      // A word made only of digits right before the operator is a descriptor number (2>file).
      if (word.started && !(/^\d+$/.test(word.text) && !word.quoted)) finishWord();
      word = freshWord();
      let op = c;
      if (c === '<' && next === '<') {
        if (src[i + 2] === '<') op = '<<<';
        else { fail(ctx, 'here-documents (<<) are not checked automatically'); op = '<<'; }
      } else if (next === '>' || next === '|' || next === '&' || (c === '<' && next === '>')) op = c + next;
      i += op.length;
      if (op === '>&' || op === '<&') {
        // 2>&1, >&2, <&- duplicate descriptors: no file involved.
        const m = /^\s*(\d+|-)(?=$|[\s;&|<>)])/.exec(src.slice(i));
        if (m) { cmd.redirects.push({ op, target: null }); i += m[0].length; continue; }
        op = '&>'; // `>&file` writes to file, like &>
      }
      pendingRedirect = op; continue;
    }
    if (c === '(' || c === ')') {
      fail(ctx, 'subshells and grouping with parentheses are not checked automatically');
      finishCommand(); i++; continue;
    }
    if (c === '*' || c === '?' || c === '[') word.literal = false;
    // An unquoted `{` may start a brace expansion (`.{env,x}`, `{a,'b c'}`), even after a quoted part of the word;
    // only `{}` (find's placeholder) and a lone `{` (grouping) are certainly literal.
    if (c === '{' && next !== '}' && next !== undefined && !/\s/.test(next)) word.literal = false;
    // `~user`, `~+`, `~-` expand to directories only known when the line runs (`~` and `~/` are the home directory).
    if (c === '~' && !word.started && next !== undefined && next !== '/' && !/[\s;&|<>()]/.test(next)) word.literal = false;
    word.text += c; word.started = true; i++;
  }
  finishCommand();
  ctx.depth--;
}

function newCommand(fromSubstitution: boolean): SimpleCommand {
  return { assignments: [], words: [], redirects: [], fromSubstitution };
}

function freshWord(): WordState {
  return { text: '', literal: true, quoted: false, quotedFrom: Infinity, started: false };
}

/** `quotedFrom`: the length of the text when the first quoted part began (Infinity while nothing is quoted). */
type WordState = { text: string; literal: boolean; quoted: boolean; quotedFrom: number; started: boolean };

function markQuoted(word: WordState): void {
  if (!word.quoted) word.quotedFrom = word.text.length;
  word.quoted = true;
}

function readDoubleQuoted(src: string, start: number, ctx: Ctx, word: WordState, substitution: (s: string) => void): number {
  word.started = true;
  markQuoted(word);
  let i = start;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') return i + 1;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === '\n') { i += 2; continue; }
      if (n !== undefined && '$`"\\'.includes(n)) { word.text += n; i += 2; continue; }
      word.text += c; i++; continue;
    }
    if (c === '`') {
      const end = findBacktickEnd(src, i + 1);
      if (end < 0) { fail(ctx, 'unbalanced backtick'); substitution(src.slice(i + 1)); return src.length; }
      substitution(src.slice(i + 1, end)); i = end + 1; continue;
    }
    if (c === '$') { i = readDollar(src, i, ctx, word, substitution, true); continue; }
    word.text += c; i++;
  }
  fail(ctx, 'unbalanced double quote');
  return src.length;
}

function readDollar(src: string, i: number, ctx: Ctx, word: WordState, substitution: (s: string) => void, inDouble = false): number {
  const next = src[i + 1];
  word.started = true;
  if (next === '(') {
    if (src[i + 2] === '(') {
      fail(ctx, 'arithmetic expansion $((...)) is not checked automatically');
      const end = findParenEnd(src, i + 2);
      word.literal = false;
      if (end < 0) return src.length;
      // Arithmetic can still hide a substitution; lenient mode looks inside.
      parseInto(src.slice(i + 3, end), ctx, true);
      return end + 2;
    }
    const end = findParenEnd(src, i + 2);
    if (end < 0) { fail(ctx, 'unbalanced $('); substitution(src.slice(i + 2)); return src.length; }
    substitution(src.slice(i + 2, end));
    return end + 1;
  }
  if (next === '{') {
    const end = src.indexOf('}', i + 2);
    const body = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
    if (end < 0) fail(ctx, 'unbalanced ${');
    if (/\$\(|`|\$\{/.test(body)) {
      fail(ctx, 'a substitution inside ${...} is not checked automatically');
      parseInto(body.replace(/^[^$`]*/, ''), ctx, true);
    }
    word.literal = false;
    word.text += '${' + body + '}';
    return end < 0 ? src.length : end + 1;
  }
  if (next === "'" && !inDouble) {
    // $'...' (ANSI-C quoting): escapes make the value hard to know, so it is never literal.
    let j = i + 2;
    while (j < src.length && src[j] !== "'") j += src[j] === '\\' ? 2 : 1;
    if (j >= src.length) fail(ctx, "unbalanced $' quote");
    word.text += src.slice(i + 2, j);
    word.literal = false;
    return Math.min(j + 1, src.length);
  }
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(src.slice(i));
  if (m) {
    word.literal = false;
    word.text += m[0];
    return i + m[0].length;
  }
  word.text += '$';
  return i + 1;
}

/** Index of the `)` closing a `(` whose body starts at `start`, honouring quotes and nesting; -1 if none. */
export function findParenEnd(src: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') { i += 2; continue; }
    if (c === "'") { const e = src.indexOf("'", i + 1); if (e < 0) return -1; i = e + 1; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\') j++;
        else if (src[j] === '$' && src[j + 1] === '(') { const e = findParenEnd(src, j + 2); if (e < 0) return -1; j = e; }
        j++;
      }
      if (j >= src.length) return -1;
      i = j + 1; continue;
    }
    if (c === '`') { const e = findBacktickEnd(src, i + 1); if (e < 0) return -1; i = e + 1; continue; }
    if (c === '(') depth++;
    else if (c === ')') { depth--; if (depth === 0) return i; }
    i++;
  }
  return -1;
}

function findBacktickEnd(src: string, start: number): number {
  for (let i = start; i < src.length; i++) {
    if (src[i] === '\\') { i++; continue; }
    if (src[i] === '`') return i;
  }
  return -1;
}
