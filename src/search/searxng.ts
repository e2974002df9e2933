/** SearxNG, a self-hosted metasearch engine: its JSON API at `${baseUrl}/search?format=json`. */
import { z } from 'zod';
import { invalidRequest, unavailable } from '../errors';
import { requestJson } from './http';
import { parseLocale } from './locale';
import { toSearchResults } from './results';
import { DEFAULT_TIMEOUT_MS, endpoint, type ProviderOptions, requireSettings } from './settings';
import type { SearchProvider } from './types';

const NAME = 'searxng';

const SearxngAnswer = z.object({
  results: z.array(
    z.object({
      url: z.string().nullish(),
      title: z.string().nullish(),
      content: z.string().nullish(),
    }),
  ),
  // Pairs of [engine, reason], e.g. ["brave", "timeout"].
  unresponsive_engines: z.array(z.array(z.unknown())).nullish(),
});

/** `baseUrl` is the instance's address, e.g. http://localhost:8080 (the SEARXNG_URL setting). */
export function createSearxngProvider(options: Omit<ProviderOptions, 'apiKey'> = {}): SearchProvider {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: NAME,
    async search(query, { count, language, signal }) {
      requireSettings(NAME, { SEARXNG_URL: options.baseUrl }, 'the address of your SearxNG instance, e.g. http://localhost:8080');
      const url = endpoint(options.baseUrl!.trim(), '/search');
      url.searchParams.set('q', query);
      url.searchParams.set('format', 'json');
      const locale = parseLocale(language);
      if (locale) url.searchParams.set('language', locale.region ? `${locale.language}-${locale.region.toUpperCase()}` : locale.language);

      const answer = await requestJson(
        {
          provider: NAME,
          url,
          timeoutMs,
          signal,
          onHttpError: ({ status }) =>
            status === 403
              ? invalidRequest(
                  `search provider ${NAME} answered HTTP 403, which SearxNG does when its JSON format is off: enable json in search.formats of settings.yml`,
                )
              : undefined,
        },
        SearxngAnswer,
      );

      const failedEngines = (answer.unresponsive_engines ?? []).map((pair) => pair.map(String).join(': '));
      if (answer.results.length === 0 && failedEngines.length > 0) {
        throw unavailable(`search provider ${NAME} found nothing because its engines failed (${failedEngines.join(', ')})`);
      }
      return toSearchResults(
        answer.results.map((result) => ({ url: result.url, title: result.title, snippet: result.content })),
        count,
      );
    },
  };
}
