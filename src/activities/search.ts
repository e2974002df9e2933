import type { SearchResult } from '../domain/types';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';

export function searchActivities(deps: ActivityDeps) {
  return {
    /** One web search. Failures are typed by the provider and retried by Temporal. */
    async searchWeb(input: { query: string; count: number; language: string }): Promise<SearchResult[]> {
      return withHeartbeat((_hb, signal) =>
        deps.search.search(input.query, { count: input.count, language: input.language, signal }),
      );
    },
  };
}
