// HTML pages become markdown before a model reads them: far fewer tokens than the markup, and headings, links,
// lists and code survive. Scripts, styles and other non-content elements are removed first; links are made
// absolute so the model can fetch them next.
import type TurndownService from 'turndown';

/** The little of a DOM element we touch (the project compiles without the DOM lib). */
type Element = { nodeName: string; getAttribute(name: string): string | null };

let TurndownClass: typeof TurndownService | undefined;

const REMOVED = ['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'head', 'title'];

async function makeService(baseUrl: string | undefined): Promise<TurndownService> {
  // Loaded on first use: turndown brings a DOM parser that startup does not need.
  TurndownClass ??= (await import('turndown')).default;
  const td = new TurndownClass({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
  td.remove(REMOVED as TurndownService.Filter);
  if (baseUrl) {
    td.addRule('absoluteLinks', {
      filter: (node) => {
        const el = node as unknown as Element;
        return el.nodeName === 'A' && !!el.getAttribute('href');
      },
      replacement: (content, node) => {
        const href = (node as unknown as Element).getAttribute('href') ?? '';
        let abs = href;
        try {
          abs = new URL(href, baseUrl).href;
        } catch {
          /* keep it as written */
        }
        const text = content.trim();
        return text ? `[${text}](${abs})` : '';
      },
    });
  }
  return td;
}

export async function htmlToMarkdown(html: string, baseUrl?: string): Promise<string> {
  const td = await makeService(baseUrl);
  return td.turndown(html).replace(/\n{3,}/g, '\n\n').trim();
}

/** The <title> of a page, when it has one. */
export function htmlTitle(html: string): string | undefined {
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  const t = m?.[1]?.replace(/\s+/g, ' ').trim();
  return t || undefined;
}
