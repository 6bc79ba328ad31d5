// Adding up the API's usage figures (missing fields count as zero: older recordings omit the cache fields).
import { emptyUsage } from '../model/types';
import type { Usage } from '../model/types';

export function addUsage(a: Usage, b: Partial<Usage>): Usage {
  const out: Usage = {
    input_tokens: a.input_tokens + (b.input_tokens ?? 0),
    output_tokens: a.output_tokens + (b.output_tokens ?? 0),
    cache_creation_input_tokens: a.cache_creation_input_tokens + (b.cache_creation_input_tokens ?? 0),
    cache_read_input_tokens: a.cache_read_input_tokens + (b.cache_read_input_tokens ?? 0),
  };
  const searches = (a.server_tool_use?.web_search_requests ?? 0) + (b.server_tool_use?.web_search_requests ?? 0);
  const fetches = (a.server_tool_use?.web_fetch_requests ?? 0) + (b.server_tool_use?.web_fetch_requests ?? 0);
  if (searches || fetches) out.server_tool_use = { web_search_requests: searches, web_fetch_requests: fetches };
  return out;
}

export function sumUsage(items: Iterable<Partial<Usage>>): Usage {
  let total = emptyUsage();
  for (const item of items) total = addUsage(total, item);
  return total;
}

/** All input the request carried: uncached + written to cache + read from cache. */
export function totalInputTokens(usage: Partial<Usage>): number {
  return (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
}
