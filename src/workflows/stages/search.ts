import { ApplicationFailure } from '@temporalio/workflow';
import type { KeywordResults } from '../../llm/prompts';
import { activitySummary, searchWeb } from '../activities';
import { failureReasonOrRethrow } from '../failures';
import type { RunState } from '../state';

/** One search, labelled with its query in the UI's timeline. */
export function searchFor(run: RunState, query: string) {
  return searchWeb.executeWithOptions({ summary: activitySummary(`search: ${query}`) }, [
    { query, count: run.settings.searchResults, language: run.settings.language },
  ]);
}

/** Stage 2: search every keyword at once; a failed search is a note, all of them failing ends the run. */
export async function searchKeywords(run: RunState): Promise<KeywordResults[]> {
  run.enter('search');
  const searches = await Promise.allSettled(run.keywords.map((keyword) => searchFor(run, keyword)));
  const found: KeywordResults[] = [];
  searches.forEach((r, i) => {
    if (r.status === 'fulfilled') found.push({ keyword: run.keywords[i], results: r.value });
    else run.notes.push(`Search for "${run.keywords[i]}" failed: ${failureReasonOrRethrow(r.reason)}`);
  });
  if (found.length === 0) {
    throw ApplicationFailure.nonRetryable(`every search failed, nothing to research. ${run.notes.join(' ')}`, 'SearchFailed');
  }
  return found;
}
