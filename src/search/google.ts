/**
 * Google Programmable Search (Custom Search JSON API): GET /customsearch/v1 with key and cx.
 * The API gives at most 10 results per call and bills every call as one query, so a search asks
 * for one page only: `count` above 10 still returns at most 10 results.
 */
import { z } from 'zod';
import { invalidApiKey } from '../errors';
import { type HttpErrorInfo, requestJson } from './http';
import { googleLocale } from './locale';
import { GoogleStyleHits, pageSize, toSearchResults } from './results';
import { DEFAULT_TIMEOUT_MS, endpoint, type ProviderOptions, requireSettings } from './settings';
import type { SearchProvider } from './types';

const NAME = 'google';
const DEFAULT_BASE_URL = 'https://www.googleapis.com';
const MAX_RESULTS = 10;

const GoogleAnswer = z.object({
  // No `items` key at all means no results.
  items: GoogleStyleHits,
});

export interface GoogleProviderOptions extends ProviderOptions {
  /** The Programmable Search Engine ID (cx). */
  cseId?: string;
}

export function createGoogleProvider(options: GoogleProviderOptions = {}): SearchProvider {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: NAME,
    async search(query, { count, language, signal }) {
      requireSettings(NAME, { GOOGLE_API_KEY: options.apiKey, GOOGLE_CSE_ID: options.cseId });
      const url = endpoint(baseUrl, '/customsearch/v1');
      url.searchParams.set('key', options.apiKey!.trim());
      url.searchParams.set('cx', options.cseId!.trim());
      url.searchParams.set('q', query);
      url.searchParams.set('num', String(pageSize(count, MAX_RESULTS)));
      for (const [key, value] of Object.entries(googleLocale(language))) url.searchParams.set(key, value);

      const answer = await requestJson({ provider: NAME, url, timeoutMs, signal, onHttpError: refusedKey }, GoogleAnswer);
      return toSearchResults(
        answer.items.map((item) => ({ url: item.link, title: item.title, snippet: item.snippet })),
        count,
      );
    },
  };
}

/** Google answers a wrong key with 400 (reason API_KEY_INVALID), not 401. */
function refusedKey({ status, detail, body }: HttpErrorInfo) {
  if (status !== 400 || !/API_KEY_INVALID|API key not valid/i.test(JSON.stringify(body ?? detail))) return undefined;
  return invalidApiKey(`search provider ${NAME} answered HTTP ${status}: ${detail} (check GOOGLE_API_KEY)`);
}
