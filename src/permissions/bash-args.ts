// Splits a command's arguments into options (with their values) and operands, the way GNU-style tools read them,
// so the effects analysis (bash-effects.ts) knows which words are paths.
//
//  - `-n`, `--foo`, `--foo=x` are options. An option that takes a value takes the next word too (`head -n 5`,
//    `cp -t DIR`) unless the value is attached (`-n5`, `-tDIR`, `--lines=5`). `--` ends the options; a lone `-` is
//    an operand (stdin). Options may follow operands, as GNU tools allow.
//  - In a cluster of short options (`-inA3`) the first that takes a value takes the rest of the word or the next one.
//  - Options whose value is optional are left out of `values`: their value can only be attached.
import type { ShellWord } from './shell-parse';

export interface ArgSpec {
  /** Options that take values, with how many (`-n 5`; jq's `--arg name value` takes two). */
  values?: Record<string, number>;
  /** Short options whose value can only be attached (`sed -i.bak`, `od -w16`): the rest of the word is theirs. */
  attachedOnly?: string;
  /** `+N` and `+/pattern` words are commands to the pager, not operands. */
  plusIsOption?: boolean;
  /** Options after which the remaining words are arguments, not operands (`jq --args`). */
  endOperands?: string[];
}

export interface ParsedArgs {
  operands: ShellWord[];
  /** Every option seen, by name (`-t`, `--target-directory`), with the values it took (attached or following). */
  options: Array<{ name: string; values: ShellWord[]; word: ShellWord }>;
}

export function withValue(...names: string[]): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, 1]));
}

export function parseArgs(args: ShellWord[], spec: ArgSpec): ParsedArgs {
  const operands: ShellWord[] = [];
  const options: ParsedArgs['options'] = [];
  let optionsEnded = false;
  let operandsEnded = false;
  const option = (name: string, values: ShellWord[], word: ShellWord): void => {
    options.push({ name, values, word });
    if (spec.endOperands?.includes(name)) operandsEnded = true;
  };

  let i = 0;
  while (i < args.length) {
    const word = args[i]!;
    const t = word.text;
    const isOption = !optionsEnded && t.length > 1 && (t.startsWith('-') || (spec.plusIsOption === true && t.startsWith('+')));
    if (!isOption) {
      if (!operandsEnded) operands.push(word);
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
      option(name, [...attached, ...args.slice(i + 1, i + 1 + need)], word);
      i += 1 + need;
      continue;
    }
    let consumed = 1;
    for (let k = 1; k < t.length; k++) {
      const letter = t[k]!;
      const opt = `-${letter}`;
      const rest = t.slice(k + 1);
      if (spec.attachedOnly?.includes(letter)) {
        option(opt, rest ? [{ text: rest, literal: word.literal }] : [], word);
        break;
      }
      const n = spec.values?.[opt];
      if (n) {
        const attached: ShellWord[] = rest ? [{ text: rest, literal: word.literal }] : [];
        const need = n - attached.length;
        option(opt, [...attached, ...args.slice(i + 1, i + 1 + need)], word);
        consumed += need;
        break;
      }
      option(opt, [], word);
    }
    i += consumed;
  }
  return { operands, options };
}

/** Whether the option given as `given` is `name`: GNU tools and git accept any unambiguous start of a long option
 * (`--target=DIR` for `--target-directory=DIR`), so a start counts (an ambiguous one fails in the tool anyway). */
export function sameOption(given: string, name: string): boolean {
  if (given === name) return true;
  return given.startsWith('--') && name.startsWith('--') && given.length >= 3 && name.startsWith(given);
}

export function hasOption(parsed: ParsedArgs, ...names: string[]): boolean {
  return parsed.options.some((o) => names.some((n) => sameOption(o.name, n)));
}

/** The last value given to any of these options (`-t DIR`, `--target-directory=DIR`). */
export function optionValue(parsed: ParsedArgs, ...names: string[]): ShellWord | undefined {
  let found: ShellWord | undefined;
  for (const o of parsed.options) if (names.some((n) => sameOption(o.name, n)) && o.values.length > 0) found = o.values[o.values.length - 1];
  return found;
}

/** Every value given to any of these options. */
export function optionValues(parsed: ParsedArgs, ...names: string[]): ShellWord[] {
  return parsed.options.filter((o) => names.some((n) => sameOption(o.name, n))).flatMap((o) => o.values.slice(-1));
}
