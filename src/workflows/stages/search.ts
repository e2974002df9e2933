import { ApplicationFailure } from '@temporalio/workflow';
import type { SearchAnswer } from '../../activities/search';
import type { SearchResult } from '../../domain/types';
import { FailureType } from '../../errors';
import type { KeywordResults } from '../../llm/prompts';
import { activitySummary, searchWeb } from '../activities';
import { failureReasonOrRethrow } from '../failures';
import type { RunState } from '../state';

/** One search, labelled with its query in the UI's timeline, and counted in the run's tally of searches. */
export async function searchFor(run: RunState, query: string): Promise<SearchResult[]> {
  const answer = await searchWeb.executeWithOptions({ summary: activitySummary(`search: ${query}`) }, [
    { query, count: run.settings.searchResults, language: run.settings.language },
  ]);
  const { results, provider } = searchAnswerOf(answer);
  run.searches.answered++;
  if (results.length > 0) run.searches.found++;
  if (provider) run.searches.provider = provider;
  return results;
}

/** A search activity's answer: the results with their provider, or (recorded before it said so) the results alone. */
function searchAnswerOf(answer: SearchAnswer | SearchResult[]): { results: SearchResult[]; provider?: string } {
  return Array.isArray(answer) ? { results: answer } : answer;
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

/**
 * When every search that answered found nothing, there is nothing to read or report: the run ends with one
 * line saying so and naming the provider, before anything is paid for a report.
 */
export function failIfSearchFoundNothing(run: RunState): void {
  const { answered, found, provider } = run.searches;
  if (answered === 0 || found > 0 || run.pages.size > 0) return;
  throw ApplicationFailure.create({
    message: `search found nothing for any query (${answered} searches with ${provider || 'the search provider'}): try other words for the topic, or another SEARCH_PROVIDER`,
    type: FailureType.NothingFound,
    nonRetryable: true,
  });
}
