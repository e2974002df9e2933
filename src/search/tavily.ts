/** Tavily (tavily.com), a search API for agents: POST /search with a Bearer key. */
import { z } from 'zod';
import { invalidRequest } from '../errors';
import { requestJson } from './http';
import { pageSize, toSearchResults } from './results';
import { DEFAULT_TIMEOUT_MS, endpoint, type ProviderOptions, requireSettings } from './settings';
import type { SearchProvider } from './types';

const NAME = 'tavily';
const DEFAULT_BASE_URL = 'https://api.tavily.com';
const MAX_RESULTS = 20;
/** Tavily's own statuses for a used-up plan (432) or pay-as-you-go limit (433). */
const USAGE_LIMIT_STATUSES = [432, 433];

const TavilyAnswer = z.object({
  results: z.array(
    z.object({
      url: z.string().nullish(),
      title: z.string().nullish(),
      content: z.string().nullish(),
    }),
  ),
});

/** Tavily has no language parameter: the language hint is not passed on. */
export function createTavilyProvider(options: ProviderOptions = {}): SearchProvider {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: NAME,
    async search(query, { count, signal }) {
      requireSettings(NAME, { TAVILY_API_KEY: options.apiKey });
      const answer = await requestJson(
        {
          provider: NAME,
          url: endpoint(baseUrl, '/search'),
          method: 'POST',
          headers: { authorization: `Bearer ${options.apiKey!.trim()}` },
          json: { query, max_results: pageSize(count, MAX_RESULTS), search_depth: 'basic' },
          timeoutMs,
          signal,
          onHttpError: ({ status, detail }) =>
            USAGE_LIMIT_STATUSES.includes(status)
              ? invalidRequest(`search provider ${NAME} answered HTTP ${status}: ${detail} (the plan's usage limit is reached)`)
              : undefined,
        },
        TavilyAnswer,
      );
      return toSearchResults(
        answer.results.map((result) => ({ url: result.url, title: result.title, snippet: result.content })),
        count,
      );
    },
  };
}
