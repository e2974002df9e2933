import type { SearchResult } from '../domain/types';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';

/** One search's results, and the provider that gave them (a run whose every search finds nothing names it). */
export interface SearchAnswer {
  results: SearchResult[];
  provider: string;
}

export function searchActivities(deps: ActivityDeps) {
  return {
    /** One web search. Failures are typed by the provider and retried by Temporal. */
    async searchWeb(input: { query: string; count: number; language: string }): Promise<SearchAnswer> {
      const results = await withHeartbeat((_hb, signal) => deps.search.search(input.query, { count: input.count, language: input.language, signal }));
      return { results, provider: deps.search.name };
    },
  };
}
