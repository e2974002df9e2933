/** Brave Search API: GET /res/v1/web/search with the key in X-Subscription-Token. */
import { z } from 'zod';
import { invalidApiKey, parseRetryAfter, rateLimited } from '../errors';
import { type HttpErrorInfo, requestJson } from './http';
import { parseLocale } from './locale';
import { pageSize, toSearchResults } from './results';
import { DEFAULT_TIMEOUT_MS, endpoint, type ProviderOptions, requireSettings } from './settings';
import type { SearchProvider } from './types';

const NAME = 'brave';
const DEFAULT_BASE_URL = 'https://api.search.brave.com';
const MAX_RESULTS = 20;

const BraveAnswer = z.object({
  // No `web` section when nothing was found.
  web: z
    .object({
      results: z
        .array(
          z.object({
            url: z.string().nullish(),
            title: z.string().nullish(),
            description: z.string().nullish(),
          }),
        )
        .default([]),
    })
    .nullish(),
});

export function createBraveProvider(options: ProviderOptions = {}): SearchProvider {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: NAME,
    async search(query, { count, language, signal }) {
      requireSettings(NAME, { BRAVE_API_KEY: options.apiKey });
      const url = endpoint(baseUrl, '/res/v1/web/search');
      url.searchParams.set('q', query);
      url.searchParams.set('count', String(pageSize(count, MAX_RESULTS)));
      for (const [key, value] of Object.entries(braveLocale(language))) url.searchParams.set(key, value);

      const answer = await requestJson(
        {
          provider: NAME,
          url,
          headers: { 'x-subscription-token': options.apiKey!.trim() },
          timeoutMs,
          signal,
          onHttpError: braveFailure,
        },
        BraveAnswer,
      );
      return toSearchResults(
        (answer.web?.results ?? []).map((result) => ({ url: result.url, title: result.title, snippet: result.description })),
        count,
      );
    },
  };
}

/** Brave refuses a wrong key with 422 SUBSCRIPTION_TOKEN_INVALID and rate-limits without Retry-After. */
function braveFailure({ status, detail, body, headers }: HttpErrorInfo) {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  const text = `search provider ${NAME} answered HTTP ${status}: ${detail}`;
  if (code === 'SUBSCRIPTION_TOKEN_INVALID') return invalidApiKey(`${text} (check BRAVE_API_KEY)`);
  if (status === 429 && !headers.get('retry-after')) {
    // X-RateLimit-Reset lists seconds until each window resets, per-second window first: "1, 1419704".
    const reset = headers.get('x-ratelimit-reset')?.split(',')[0]?.trim();
    return rateLimited(text, parseRetryAfter(reset));
  }
  return undefined;
}

// Brave validates these strictly (an unknown value is a 422), so only values it lists are sent.
const BRAVE_LANGUAGES = new Set(
  'ar eu bn bg ca zh-hans zh-hant hr cs da nl en en-gb et fi fr gl de gu he hi hu is it jp kn ko lv lt ms ml mr nb pl pt-br pt-pt pa ro ru sr sk sl es sv ta te th tr uk vi'.split(
    ' ',
  ),
);
const BRAVE_COUNTRIES = new Set(
  'ar au at be br ca cl dk fi fr de hk in id it jp kr my mx nl nz no cn pl pt ph ru sa za es se ch tw tr gb us'.split(' '),
);

/** Brave's `search_lang` and `country` for a hint such as en-us (jp for Japanese, pt-br, zh-hant...). */
export function braveLocale(hint: string | undefined): { search_lang?: string; country?: string } {
  const locale = parseLocale(hint);
  if (!locale) return {};
  const { language, region } = locale;
  const candidates =
    language === 'ja'
      ? ['jp']
      : language === 'zh'
        ? [region === 'tw' || region === 'hk' ? 'zh-hant' : 'zh-hans']
        : [`${language}-${region ?? ''}`, language === 'pt' ? 'pt-pt' : language];
  const searchLang = candidates.find((candidate) => BRAVE_LANGUAGES.has(candidate));
  const country = region && BRAVE_COUNTRIES.has(region) ? region.toUpperCase() : undefined;
  return { ...(searchLang && { search_lang: searchLang }), ...(country && { country }) };
}
