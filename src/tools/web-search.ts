// WebSearch: a side request that lets the API run its server-side web search tool, then hands the agent the
// results (titles and URLs) and the short cited answer the search model wrote.
import { z } from 'zod';
import type { AssistantBlock, AssistantMessage } from '../model/types';
import { defineTool, ToolError } from './types';

export const MAX_SEARCHES = 5;

const domainList = z.array(z.string().min(1));

const inputSchema = z
  .object({
    query: z.string().trim().min(2, 'the query needs at least 2 characters').describe('What to search the web for.'),
    allowed_domains: domainList.optional().describe('Only return results from these domains ("docs.python.org").'),
    blocked_domains: domainList.optional().describe('Never return results from these domains.'),
  })
  .strict()
  .refine((v) => !(v.allowed_domains?.length && v.blocked_domains?.length), {
    message: 'Pass allowed_domains or blocked_domains, not both.',
  });

interface SearchHit {
  title: string;
  url: string;
  pageAge?: string;
}

interface Citation {
  url: string;
  title?: string;
}

/** Results of every web_search_tool_result block, in order, without repeats. */
export function collectHits(blocks: AssistantBlock[]): { hits: SearchHit[]; errors: string[] } {
  const hits: SearchHit[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const b of blocks) {
    if (b.type !== 'web_search_tool_result') continue;
    const content = (b as { content?: unknown }).content;
    if (Array.isArray(content)) {
      for (const r of content as Array<Record<string, unknown>>) {
        if (r.type !== 'web_search_result' || typeof r.url !== 'string' || seen.has(r.url)) continue;
        seen.add(r.url);
        hits.push({
          title: typeof r.title === 'string' && r.title ? r.title : r.url,
          url: r.url,
          pageAge: typeof r.page_age === 'string' ? r.page_age : undefined,
        });
      }
    } else if (content && typeof content === 'object') {
      // An error result: {type: 'web_search_tool_result_error', error_code: 'max_uses_exceeded' | ...}
      const code = (content as { error_code?: unknown }).error_code;
      if (typeof code === 'string') errors.push(code);
    }
  }
  return { hits, errors };
}

/** The model's answer text with numbered source markers, plus the list of cited sources. */
export function collectAnswer(blocks: AssistantBlock[]): { answer: string; sources: Citation[] } {
  const sources: Citation[] = [];
  const index = new Map<string, number>();
  let answer = '';
  for (const b of blocks) {
    if (b.type !== 'text') continue;
    const block = b as { text: string; citations?: unknown[] | null };
    answer += block.text;
    const marks: number[] = [];
    for (const c of block.citations ?? []) {
      const cite = c as { url?: unknown; title?: unknown };
      if (typeof cite.url !== 'string') continue;
      let n = index.get(cite.url);
      if (n === undefined) {
        sources.push({ url: cite.url, title: typeof cite.title === 'string' ? cite.title : undefined });
        n = sources.length;
        index.set(cite.url, n);
      }
      if (!marks.includes(n)) marks.push(n);
    }
    if (marks.length) answer += marks.map((n) => `[${n}]`).join('');
  }
  return { answer: answer.trim(), sources };
}

export const webSearchTool = defineTool({
  name: 'WebSearch',
  description: [
    'Search the web and return result titles and URLs with a short answer that cites its sources. Use it for',
    'information newer than your training or not in the project (current versions, release notes, error messages).',
    'Narrow with allowed_domains or exclude with blocked_domains (not both). Follow up on a result with WebFetch.',
  ].join(' '),
  inputSchema,
  kind: 'web',
  isReadOnly: () => true,
  async preview(input) {
    const scope = input.allowed_domains?.length
      ? ` (only ${input.allowed_domains.join(', ')})`
      : input.blocked_domains?.length
        ? ` (not ${input.blocked_domains.join(', ')})`
        : '';
    return { kind: 'info', title: `Search the web for "${input.query}"${scope}` };
  },
  async run(input, ctx) {
    const tool: Record<string, unknown> = { type: 'web_search_20250305', name: 'web_search', max_uses: MAX_SEARCHES };
    if (input.allowed_domains?.length) tool.allowed_domains = input.allowed_domains;
    if (input.blocked_domains?.length) tool.blocked_domains = input.blocked_domains;
    const started = Date.now();
    let message: AssistantMessage | undefined;
    try {
      const events = ctx.model.stream(
        {
          model: ctx.resolveModel('haiku'),
          max_tokens: 2048,
          system:
            'You search the web for a coding agent. Run the search, then answer in a few sentences, citing the results you used.',
          messages: [{ role: 'user', content: `Search the web for: ${input.query}` }],
          tools: [tool as { type: string; name: string }],
        },
        ctx.signal,
      );
      for await (const ev of events) if (ev.type === 'message_done') message = ev.message;
    } catch (err) {
      if (ctx.signal.aborted) throw new ToolError('The search was interrupted by the user.');
      throw new ToolError(`Web search failed: ${(err as Error).message}`);
    }
    if (!message) throw new ToolError('Web search failed: the model ended without an answer. Try again.');

    const { hits, errors } = collectHits(message.content);
    const { answer, sources } = collectAnswer(message.content);
    const lines: string[] = [`Web search results for "${input.query}":`, ''];
    if (hits.length === 0) lines.push(errors.length ? `No results (search error: ${errors.join(', ')}).` : 'No results.');
    hits.forEach((h, i) => lines.push(`${i + 1}. ${h.title}\n   ${h.url}${h.pageAge ? ` (${h.pageAge})` : ''}`));
    if (answer) {
      lines.push('', 'Answer:', answer);
      if (sources.length) {
        lines.push('', 'Sources:');
        sources.forEach((s, i) => lines.push(`[${i + 1}] ${s.title ? `${s.title} - ` : ''}${s.url}`));
      }
    }
    const searches = message.usage.server_tool_use?.web_search_requests;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    return {
      forModel: lines.join('\n'),
      summary: `${hits.length} result${hits.length === 1 ? '' : 's'}${searches ? ` from ${searches} search${searches === 1 ? '' : 'es'}` : ''} in ${seconds} s`,
      details: { query: input.query, results: hits, sources, errors },
    };
  },
});
