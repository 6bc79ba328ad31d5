// Markdown -> ANSI text for the terminal, from marked's lexer tokens. Our own renderer: headings, lists, emphasis,
// inline code, links, tables, fenced code with highlighting, blockquotes, rules.
import { Lexer, type Token, type Tokens } from 'marked';
import stringWidth from 'string-width';
import { blue, bold, cyan, dim, gray, italic, magenta, strike, underline, yellow } from '../theme/ansi';
import { highlight } from './highlight';
import { layoutTable } from './table-layout';
import { isClean, sanitize } from '../../text/sanitize';

// The text given here is sanitised already, but marked decodes character references (`&#27;` becomes ESC,
// `&#x202e;` a bidi override): every piece of token text is sanitised again as it becomes output, so only the
// styling added here reaches the terminal. A clean text without `&` cannot produce any (the common case while an
// answer streams): then the pieces are taken as they are.
let leavesSafe = false;
const leaf = (s: string) => (leavesSafe ? s : sanitize(s));

function inline(tokens: Token[] | undefined): string {
  if (!tokens) return '';
  let out = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'strong':
        out += bold(inline((t as Tokens.Strong).tokens));
        break;
      case 'em':
        out += italic(inline((t as Tokens.Em).tokens));
        break;
      case 'del':
        out += strike(inline((t as Tokens.Del).tokens));
        break;
      case 'codespan':
        out += cyan(leaf(unescapeHtml((t as Tokens.Codespan).text)));
        break;
      case 'link': {
        const l = t as Tokens.Link;
        const label = inline(l.tokens);
        const plain = l.text;
        const href = leaf(l.href);
        out += plain === l.href || plain === l.href.replace(/^mailto:/, '') ? blue(underline(href)) : `${blue(label)} ${gray(`(${href})`)}`;
        break;
      }
      case 'image':
        out += gray(`[image: ${leaf((t as Tokens.Image).text || (t as Tokens.Image).href)}]`);
        break;
      case 'br':
        out += '\n';
        break;
      case 'text': {
        const tt = t as Tokens.Text;
        out += tt.tokens ? inline(tt.tokens) : leaf(unescapeHtml(tt.text));
        break;
      }
      case 'escape':
        out += leaf((t as Tokens.Escape).text);
        break;
      default:
        out += leaf(unescapeHtml((t as { raw: string }).raw));
    }
  }
  return out;
}

function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? _);
}

function table(t: Tokens.Table, width: number): string {
  const head = t.header.map((c) => inline(c.tokens));
  const rows = t.rows.map((r) => r.map((c) => inline(c.tokens)));
  return layoutTable(head, rows, t.align, width);
}

function list(t: Tokens.List, width: number, level: number): string {
  const start = typeof t.start === 'number' ? t.start : 1;
  return t.items
    .map((item, i) => {
      const bullet = t.ordered ? `${start + i}.` : level % 2 === 0 ? '•' : '◦';
      const check = item.task ? (item.checked ? '☑ ' : '☐ ') : '';
      const marker = `${bullet} ${check}`;
      const body = blocks(item.tokens, width - marker.length, level + 1);
      const pad = ' '.repeat(stringWidth(marker));
      return body
        .split('\n')
        .map((l, j) => (j === 0 ? (t.ordered ? marker : yellow(bullet) + ' ' + check) + l : pad + l))
        .join('\n');
    })
    .join('\n');
}

function block(t: Token, width: number, level: number): string | null {
  switch (t.type) {
    case 'heading': {
      const h = t as Tokens.Heading;
      const text = inline(h.tokens);
      return h.depth === 1 ? bold(underline(magenta(text))) : h.depth === 2 ? bold(magenta(text)) : bold(text);
    }
    case 'paragraph':
      return inline((t as Tokens.Paragraph).tokens);
    case 'text': {
      const tt = t as Tokens.Text;
      return tt.tokens ? inline(tt.tokens) : leaf(tt.text);
    }
    case 'code': {
      const c = t as Tokens.Code;
      const body = highlight(leaf(c.text), c.lang);
      const label = c.lang ? gray(`  ${leaf(c.lang)}`) : '';
      return (label ? label + '\n' : '') + body.split('\n').map((l) => '  ' + l).join('\n');
    }
    case 'blockquote': {
      const q = t as Tokens.Blockquote;
      return blocks(q.tokens, width - 2, level)
        .split('\n')
        .map((l) => gray('▎ ') + italic(l))
        .join('\n');
    }
    case 'list':
      return list(t as Tokens.List, width, level);
    case 'table':
      return table(t as Tokens.Table, width);
    case 'hr':
      return gray('─'.repeat(Math.min(width, 60)));
    case 'space':
      return null;
    case 'html':
      return dim(leaf((t as Tokens.HTML).text.replace(/\n$/, '')));
    default:
      const raw = (t as { raw?: string }).raw?.replace(/\n+$/, '');
      return raw === undefined ? null : leaf(raw);
  }
}

function blocks(tokens: Token[], width: number, level: number): string {
  const parts: string[] = [];
  for (const t of tokens) {
    const r = block(t, width, level);
    if (r !== null) parts.push(r);
  }
  // Inside list items, keep blocks tight; at the top level, a blank line between blocks.
  return parts.join(level > 0 ? '\n' : '\n\n');
}

/** Renders markdown to ANSI-styled lines (no trailing newline). */
export function renderMarkdown(text: string, width = 80): string {
  leavesSafe = !text.includes('&') && isClean(text);
  try {
    const tokens = new Lexer({ gfm: true }).lex(text);
    return blocks(tokens, Math.max(20, width), 0);
  } catch {
    return sanitize(text); // never let a rendering bug hide the answer
  }
}

/** Markdown of every kind an answer uses, for warmMarkdown. */
const WARM_SAMPLE =
  '# Plan\n\n## Step 1: the **fix**\n\nText with `code`, *emphasis*, ~~old~~ and a [link](https://example.com).\n\n' +
  '- one\n- two\n  1. nested\n\n> quoted\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n```ts\nconst x: number = 1;\n```\n\nTitle\n---\n\n&amp; done';

/**
 * Renders a sample once. The first text marked lexes compiles its rules (about 80 ms of CPU, several times that on
 * a loaded machine): the shell calls this while it waits for the user, so the first answer does not pay it.
 */
export function warmMarkdown(): void {
  renderMarkdown(WARM_SAMPLE, 80);
}
