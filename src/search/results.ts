/** Turns what a provider found into the common `{url, title, snippet}` list. */
import { cheerio } from '../lazyPackages';
import { z } from 'zod';
import type { SearchResult } from '../domain/types';
import { cleanText } from '../text/hygiene';

/** The `{link, title, snippet}` hit list Google-style APIs (Google, Serper, SerpAPI) answer; absent means none. */
export const GoogleStyleHits = z
  .array(
    z.object({
      link: z.string().nullish(),
      title: z.string().nullish(),
      snippet: z.string().nullish(),
    }),
  )
  .default([]);

export interface RawResult {
  url?: string | null;
  title?: string | null;
  snippet?: string | null;
}

/**
 * Keeps http(s) results only, drops repeats of a URL (ignoring its #fragment), strips HTML, hidden and
 * control characters and extra whitespace from title and snippet, and returns at most `count`. The URL is
 * its WHATWG serialisation: ASCII, with controls and non-ASCII percent-encoded, so it shows nothing hidden.
 */
export function toSearchResults(raw: readonly RawResult[], count: number): SearchResult[] {
  const results: SearchResult[] = [];
  const seen = new Set<string>();
  for (const item of raw) {
    if (results.length >= count) break;
    const url = webUrl(item.url);
    if (!url) continue;
    const key = url.replace(/#.*$/, '');
    if (seen.has(key)) continue;
    seen.add(key);
    results.push({ url, title: plainText(item.title) || url, snippet: plainText(item.snippet) });
  }
  return results;
}

/** The URL in its normal form when it is an absolute http(s) URL, else undefined. */
export function webUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Plain text on one line from a title or snippet that may hold HTML tags and entities (<strong>, &amp;...)
 * and hidden or control characters, raw or as character references (&#x202E;): cleaned after decoding.
 */
export function plainText(value: string | null | undefined): string {
  if (!value) return '';
  let text = value;
  if (/[<&]/.test(text)) {
    // Line breaks and block ends would otherwise glue the words on either side together.
    const spaced = text.replace(/<(br|\/p|\/div|\/li|\/h[1-6])\b[^>]*>/gi, ' ');
    text = cheerio().load(spaced, null, false).text();
  }
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

/** How many results to ask a provider for: `count` as a whole number within the provider's limit. */
export function pageSize(count: number, max: number): number {
  return Math.min(max, Math.max(1, Math.floor(count)));
}
