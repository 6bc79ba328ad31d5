// What a sed script does besides printing: the files its `w`/`W` commands and `s///w` flags write, the files its
// `r`/`R` commands read, and whether it runs commands (`e`, `s///e`) or holds anything this reader does not know.
// `safe` is false for anything not understood: callers treat the script as able to do anything.

export interface SedScriptFacts {
  safe: boolean;
  writes: string[];
  reads: string[];
}

const PLAIN_COMMANDS = 'pPdDnNgGhHxzlF=';

export function sedScriptFacts(script: string): SedScriptFacts {
  const facts: SedScriptFacts = { safe: true, writes: [], reads: [] };
  let i = 0;
  const restOfLine = (): string => {
    const nl = script.indexOf('\n', i);
    const end = nl < 0 ? script.length : nl;
    const text = script.slice(i, end).trim();
    i = end;
    return text;
  };
  /** Skips a delimited part (`/re/`, the halves of `s` and `y`); false when it never ends. */
  const delimited = (delim: string): boolean => {
    while (i < script.length) {
      const c = script[i]!;
      if (c === '\\') { i += 2; continue; }
      if (c === '\n' && delim !== '\n') return false;
      i++;
      if (c === delim) return true;
    }
    return false;
  };
  const address = (): boolean => {
    const c = script[i];
    if (c === undefined) return true;
    if (/\d/.test(c)) { while (/[\d~]/.test(script[i] ?? '')) i++; return true; }
    if (c === '$') { i++; return true; }
    if (c === '+' || c === '~') { i++; while (/\d/.test(script[i] ?? '')) i++; return true; }
    if (c === '/' || c === '\\') {
      const delim = c === '/' ? '/' : script[i + 1];
      if (delim === undefined) return false;
      i += c === '/' ? 1 : 2;
      if (!delimited(delim)) return false;
      while (script[i] === 'I' || script[i] === 'M') i++;
    }
    return true;
  };
  const unsafe = (): SedScriptFacts => ({ ...facts, safe: false });

  while (i < script.length) {
    const c0 = script[i]!;
    if (/[\s;]/.test(c0)) { i++; continue; }
    if (c0 === '#') { restOfLine(); continue; }
    if (!address()) return unsafe();
    if (script[i] === ',') { i++; if (!address()) return unsafe(); }
    while (script[i] === ' ' || script[i] === '!') i++;
    const cmd = script[i];
    if (cmd === undefined) return unsafe();
    i++;
    if (PLAIN_COMMANDS.includes(cmd) || cmd === '{' || cmd === '}') {
      while (/\d/.test(script[i] ?? '')) i++; // `l 40`
      continue;
    }
    switch (cmd) {
      case 'q': case 'Q':
        while (/[\s\d]/.test(script[i] ?? '') && script[i] !== '\n') i++;
        break;
      case 's': {
        const delim = script[i];
        if (delim === undefined || delim === '\n' || delim === '\\') return unsafe();
        i++;
        if (!delimited(delim) || !delimited(delim)) return unsafe();
        while (i < script.length && /[gpiImMe0-9w]/.test(script[i]!)) {
          const flag = script[i]!;
          i++;
          if (flag === 'e') facts.safe = false;
          if (flag === 'w') { facts.writes.push(restOfLine()); break; }
        }
        break;
      }
      case 'y': {
        const delim = script[i];
        if (delim === undefined || delim === '\n' || delim === '\\') return unsafe();
        i++;
        if (!delimited(delim) || !delimited(delim)) return unsafe();
        break;
      }
      case 'w': case 'W':
        facts.writes.push(restOfLine());
        break;
      case 'r': case 'R':
        facts.reads.push(restOfLine());
        break;
      case 'a': case 'i': case 'c':
        // Text to print: to the end of the line, and on while lines end with a backslash.
        while (i < script.length) {
          const line = restOfLine();
          if (!line.endsWith('\\')) break;
          i++;
        }
        break;
      case 'b': case 't': case 'T': case ':':
        while (i < script.length && !/[;\n]/.test(script[i]!)) i++;
        break;
      default:
        // `e` runs a command; anything else is not understood.
        return unsafe();
    }
  }
  return facts;
}
