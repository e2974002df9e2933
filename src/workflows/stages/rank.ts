import { activitySummary, rankResults } from '../activities';
import { failureReasonOrRethrow } from '../failures';
import type { RunState } from '../state';
import { searchFor } from './search';

/**
 * Stage 4: per query, search and let the model rank the results, the queries in parallel. Every URL
 * chosen becomes a page to read, once, against all the queries that chose it (in query order).
 */
export async function rankPerQuery(run: RunState): Promise<void> {
  run.enter('rank');
  const chosen = new Map<string, string[]>();
  const perQuery = await Promise.all(run.queries.map((query) => chooseUrls(run, query)));
  perQuery.forEach((urls, i) => {
    for (const url of urls) chosen.set(url, [...(chosen.get(url) ?? []), run.queries[i]]);
  });
  for (const [url, queries] of chosen) run.pages.set(url, { url, status: 'failed', queries, reason: 'not read yet' });
}

/** The URLs one query keeps: ranked by the model, or the top results when the budget does not allow it. */
async function chooseUrls(run: RunState, query: string): Promise<string[]> {
  let results;
  try {
    results = await searchFor(run, query);
  } catch (err) {
    run.notes.push(`Search for "${query}" failed: ${failureReasonOrRethrow(err)}`);
    return [];
  }
  if (!run.affords(run.ledger.smallCallEstimate('rank'), 'rank')) return results.slice(0, run.settings.urlsPerQuery).map((r) => r.url);
  try {
    const ranked = await rankResults.executeWithOptions({ summary: activitySummary(`rank: ${query}`) }, [
      { topic: run.topic, query, results, settings: run.settings },
    ]);
    run.ledger.charge('rank', ranked.usage);
    if (ranked.fallback) run.notes.push(`Ranking for "${query}": ${ranked.fallback}.`);
    return ranked.urls;
  } catch (err) {
    run.notes.push(`Ranking for "${query}" failed, so its pages were not read: ${failureReasonOrRethrow(err)}`);
    return [];
  }
}
