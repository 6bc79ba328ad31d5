// A small syntax highlighter: keywords, strings, comments, numbers for a few common languages. Deliberately tiny
// (no grammar library) so the CLI starts fast.
import { blue, gray, green, magenta, yellow, cyan } from '../theme/ansi';

interface Lang {
  keywords: Set<string>;
  lineComment?: string[];
  blockComment?: [string, string];
}

const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

const JS = words(`const let var function return if else for while do switch case break continue new class extends
  import export from default async await try catch finally throw typeof instanceof in of this super null undefined
  true false void yield interface type enum implements public private protected readonly static as satisfies keyof`);
const LANGS: Record<string, Lang> = {
  js: { keywords: JS, lineComment: ['//'], blockComment: ['/*', '*/'] },
  py: {
    keywords: words(`def return if elif else for while in not and or is None True False class import from as with try
      except finally raise lambda yield pass break continue global nonlocal async await self`),
    lineComment: ['#'],
  },
  sh: {
    keywords: words(`if then else elif fi for in do done while until case esac function return export local echo cd
      set unset exit source`),
    lineComment: ['#'],
  },
  json: { keywords: words('true false null') },
  go: {
    keywords: words(`package import func return if else for range switch case default break continue go defer chan
      map struct interface type var const nil true false select`),
    lineComment: ['//'],
    blockComment: ['/*', '*/'],
  },
  rust: {
    keywords: words(`fn let mut pub use mod struct enum impl trait for in while loop if else match return self Self
      crate super as const static where async await move ref true false Some None Ok Err`),
    lineComment: ['//'],
    blockComment: ['/*', '*/'],
  },
};
const ALIASES: Record<string, string> = {
  javascript: 'js', jsx: 'js', ts: 'js', typescript: 'js', tsx: 'js', mjs: 'js', cjs: 'js',
  python: 'py', bash: 'sh', shell: 'sh', zsh: 'sh', console: 'sh', jsonc: 'json', golang: 'go', rs: 'rust',
};

export function languageOf(info: string | undefined): Lang | undefined {
  const name = (info ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return LANGS[ALIASES[name] ?? name];
}

/** Highlights one code block. Block comments may span lines; strings are taken per line. */
export function highlight(code: string, info: string | undefined): string {
  const lang = languageOf(info);
  if (!lang) return code;
  let out = '';
  let i = 0;
  const n = code.length;
  while (i < n) {
    const rest = code.startsWith.bind(code);
    const bc = lang.blockComment;
    if (bc && rest(bc[0], i)) {
      const end = code.indexOf(bc[1], i + bc[0].length);
      const stop = end === -1 ? n : end + bc[1].length;
      out += gray(code.slice(i, stop));
      i = stop;
      continue;
    }
    if (lang.lineComment?.some((c) => rest(c, i))) {
      const end = code.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      out += gray(code.slice(i, stop));
      i = stop;
      continue;
    }
    const ch = code[i]!;
    if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      while (j < n && code[j] !== ch && (code[j] !== '\n' || ch === '`')) j += code[j] === '\\' ? 2 : 1;
      const stop = Math.min(n, j + 1);
      out += green(code.slice(i, stop));
      i = stop;
      continue;
    }
    if (/[0-9]/.test(ch) && (i === 0 || !/[\w$]/.test(code[i - 1]!))) {
      const m = /^(0x[0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9_]+)?([eE][+-]?[0-9]+)?)/.exec(code.slice(i, i + 40));
      const len = m ? m[0].length : 1;
      out += yellow(code.slice(i, i + len));
      i += len;
      continue;
    }
    if (/[A-Za-z_$]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(code[j]!)) j++;
      const word = code.slice(i, j);
      if (lang.keywords.has(word)) out += magenta(word);
      else if (code[j] === '(') out += blue(word);
      else if (/^[A-Z]/.test(word)) out += cyan(word);
      else out += word;
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
