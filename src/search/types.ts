import type { SearchResult } from '../domain/types';

export interface SearchOptions {
  /** How many results to return at most. */
  count: number;
  /** Language/region hint such as en-us; providers that support it pass it on. */
  language?: string;
  /** Aborts the request (activity cancellation). */
  signal?: AbortSignal;
}

/** One search back end. Every provider returns the same `{url, title, snippet}` shape. */
export interface SearchProvider {
  readonly name: string;
  search(query: string, options: SearchOptions): Promise<SearchResult[]>;
}

export const SEARCH_PROVIDERS = ['duckduckgo', 'searxng', 'serper', 'serpapi', 'google', 'brave', 'tavily'] as const;
export type SearchProviderName = (typeof SEARCH_PROVIDERS)[number];
