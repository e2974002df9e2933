/** DuckDuckGo, keyless: scrapes the plain HTML result page (html.duckduckgo.com). */
import { cheerio } from '../lazyPackages';
import type { CheerioAPI } from 'cheerio';
import { malformedResponse } from '../errors';
import { requestText } from './http';
import { parseLocale } from './locale';
import { type RawResult, toSearchResults } from './results';
import { DEFAULT_TIMEOUT_MS, endpoint, type ProviderOptions } from './settings';
import type { SearchProvider } from './types';

const NAME = 'duckduckgo';
const DEFAULT_BASE_URL = 'https://html.duckduckgo.com';
// The HTML endpoint turns away clients that do not look like a browser.
const BROWSER_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

export function createDuckDuckGoProvider(options: Omit<ProviderOptions, 'apiKey'> = {}): SearchProvider {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: NAME,
    async search(query, { count, language, signal }) {
      const url = endpoint(baseUrl, '/html/');
      url.searchParams.set('q', query);
      const region = duckDuckGoRegion(language);
      if (region) url.searchParams.set('kl', region);
      const html = await requestText({
        provider: NAME,
        url,
        headers: { 'user-agent': BROWSER_USER_AGENT, 'accept-language': 'en-US,en;q=0.8' },
        timeoutMs,
        signal,
      });
      return toSearchResults(parseResultPage(html), count);
    },
  };
}

/** The organic results of a DuckDuckGo HTML page, in page order, ads left out. */
export function parseResultPage(html: string): RawResult[] {
  const $ = cheerio().load(html);
  if (!hasResultsContainer($)) {
    throw malformedResponse(
      `search provider ${NAME}: DuckDuckGo answered a page without results (possibly a bot check); try again later or choose another SEARCH_PROVIDER`,
    );
  }
  const results: RawResult[] = [];
  $('.result').each((_, element) => {
    const block = $(element);
    if (block.is('.result--ad')) return;
    const link = block.find('a.result__a').first();
    const href = link.attr('href');
    if (!href || isAdLink(href)) return;
    results.push({
      url: unwrapRedirect(href),
      title: link.text(),
      snippet: block.find('.result__snippet').first().text(),
    });
  });
  return results;
}

// A real result page always has the results list, even when it is empty ("No results.").
function hasResultsContainer($: CheerioAPI): boolean {
  return $('#links, .results, .serp__results').length > 0;
}

/** DuckDuckGo wraps result links as //duckduckgo.com/l/?uddg=<encoded target>&rut=... */
export function unwrapRedirect(href: string): string {
  let url: URL;
  try {
    url = new URL(href, 'https://duckduckgo.com');
  } catch {
    return href;
  }
  const isRedirect = url.hostname.endsWith('duckduckgo.com') && url.pathname === '/l/';
  return (isRedirect && url.searchParams.get('uddg')) || url.href;
}

function isAdLink(href: string): boolean {
  return /duckduckgo\.com\/y\.js/.test(href) || /[?&]ad_(domain|provider)=/.test(href);
}

const REGION_FOR_LANGUAGE: Record<string, string> = {
  en: 'us-en',
  de: 'de-de',
  fr: 'fr-fr',
  es: 'es-es',
  it: 'it-it',
  nl: 'nl-nl',
  pl: 'pl-pl',
  pt: 'pt-pt',
  ru: 'ru-ru',
  ja: 'jp-jp',
  ko: 'kr-kr',
  zh: 'cn-zh',
  sv: 'se-sv',
  tr: 'tr-tr',
};

/** DuckDuckGo's `kl` region is country first: en-us → us-en, de-de → de-de, en-gb → uk-en. */
export function duckDuckGoRegion(hint: string | undefined): string | undefined {
  const locale = parseLocale(hint);
  if (!locale) return undefined;
  if (!locale.region) return REGION_FOR_LANGUAGE[locale.language];
  const country = locale.region === 'gb' ? 'uk' : locale.region;
  const language = locale.language === 'ja' ? 'jp' : locale.language;
  return `${country}-${language}`;
}
