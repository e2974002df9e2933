/** SerpAPI (serpapi.com), Google results as JSON: GET /search.json?engine=google with the key as api_key. */
import { z } from 'zod';
import { invalidApiKey, invalidRequest, rateLimited, unavailable } from '../errors';
import { requestJson } from './http';
import { googleLocale } from './locale';
import { GoogleStyleHits, pageSize, toSearchResults } from './results';
import { DEFAULT_TIMEOUT_MS, endpoint, type ProviderOptions, requireSettings } from './settings';
import type { SearchProvider } from './types';

const NAME = 'serpapi';
const DEFAULT_BASE_URL = 'https://serpapi.com';
const MAX_RESULTS = 100;

const SerpApiAnswer = z.object({
  // SerpAPI also reports some failures (and "no results") in a 200 body.
  error: z.string().nullish(),
  organic_results: GoogleStyleHits,
});

export function createSerpApiProvider(options: ProviderOptions = {}): SearchProvider {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: NAME,
    async search(query, { count, language, signal }) {
      requireSettings(NAME, { SERPAPI_API_KEY: options.apiKey });
      const url = endpoint(baseUrl, '/search.json');
      url.searchParams.set('engine', 'google');
      url.searchParams.set('q', query);
      url.searchParams.set('num', String(pageSize(count, MAX_RESULTS)));
      for (const [key, value] of Object.entries(googleLocale(language))) url.searchParams.set(key, value);
      url.searchParams.set('api_key', options.apiKey!.trim());

      const answer = await requestJson(
        {
          provider: NAME,
          url,
          timeoutMs,
          signal,
          onHttpError: ({ status, detail }) => failureForErrorText(detail, status),
        },
        SerpApiAnswer,
      );
      if (answer.error) {
        if (isNoResults(answer.error)) return [];
        throw failureForErrorText(answer.error, 200) ?? unavailable(`search provider ${NAME} answered an error: ${answer.error}`);
      }
      return toSearchResults(
        answer.organic_results.map((result) => ({ url: result.link, title: result.title, snippet: result.snippet })),
        count,
      );
    },
  };
}

function isNoResults(error: string): boolean {
  return /hasn't returned any results/i.test(error);
}

/** SerpAPI's error texts say more than its status codes; undefined leaves it to the status. */
function failureForErrorText(error: string, status: number) {
  const text = `search provider ${NAME} answered HTTP ${status}: ${error}`;
  if (/invalid api key/i.test(error)) return invalidApiKey(`${text} (check SERPAPI_API_KEY)`);
  if (/run out of searches|searches per month/i.test(error)) return invalidRequest(`${text} (the plan's searches are used up)`);
  if (status === 200 && /too many requests|rate limit|throughput/i.test(error)) return rateLimited(text);
  return undefined;
}
