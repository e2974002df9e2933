import type { SummaryCache } from '../cache/summaryCache';
import type { LlmClient } from '../llm/client';
import type { SearchProvider } from '../search/types';
import type { ReadPageResult } from '../web/readPage';

/** Everything the activities touch outside the process, handed in by the worker (or a test). */
export interface ActivityDeps {
  llm: LlmClient;
  search: SearchProvider;
  /** Safe fetch + extraction of one page, with the fetch limits already bound. */
  readPage(url: string, signal: AbortSignal): Promise<ReadPageResult>;
  /** Starts what reading a page needs (extraction threads) while the page loads; cheap to call for every page. */
  warmPageReader?(): void;
  /** True when the LLM, search and web are the bundled offline world: the report says so. */
  offline: boolean;
  now(): Date;
  /** Summaries of earlier runs; absent when caching is off. */
  summaryCache?: SummaryCache;
}

/** Today's date (YYYY-MM-DD, UTC) by the deps' clock: what prompts call "today" and the report's references "retrieved". */
export function today(deps: Pick<ActivityDeps, 'now'>): string {
  return deps.now().toISOString().slice(0, 10);
}
