/** Serper (serper.dev), Google results as JSON: POST /search with the key in X-API-KEY. */
import { z } from 'zod';
import { requestJson } from './http';
import { googleLocale } from './locale';
import { GoogleStyleHits, pageSize, toSearchResults } from './results';
import { DEFAULT_TIMEOUT_MS, endpoint, type ProviderOptions, requireSettings } from './settings';
import type { SearchProvider } from './types';

const NAME = 'serper';
const DEFAULT_BASE_URL = 'https://google.serper.dev';
const MAX_RESULTS = 100;

const SerperAnswer = z.object({
  // Absent when Google found nothing.
  organic: GoogleStyleHits,
});

export function createSerperProvider(options: ProviderOptions = {}): SearchProvider {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: NAME,
    async search(query, { count, language, signal }) {
      requireSettings(NAME, { SERPER_API_KEY: options.apiKey });
      const answer = await requestJson(
        {
          provider: NAME,
          url: endpoint(baseUrl, '/search'),
          method: 'POST',
          headers: { 'x-api-key': options.apiKey!.trim() },
          json: { q: query, num: pageSize(count, MAX_RESULTS), ...googleLocale(language) },
          timeoutMs,
          signal,
        },
        SerperAnswer,
      );
      return toSearchResults(
        answer.organic.map((result) => ({ url: result.link, title: result.title, snippet: result.snippet })),
        count,
      );
    },
  };
}
