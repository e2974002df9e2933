import { paidCall, rankResults } from '../activities';
import { failureReasonOrRethrow, paidUsageOf } from '../failures';
import type { RunState } from '../state';
import { failIfSearchFoundNothing, searchFor } from './search';

/**
 * Stage 4: per query, search and let the model rank the results, the queries in parallel. Every URL
 * chosen becomes a page to read, once, against all the queries that chose it (in query order).
 */
export async function rankPerQuery(run: RunState): Promise<void> {
  run.enter('rank');
  await addPagesFor(run, run.queries);
  failIfSearchFoundNothing(run);
}

/** Searches and ranks `queries` at once and adds the pages they choose (a page chosen again gains the query). */
export async function addPagesFor(run: RunState, queries: string[]): Promise<void> {
  const perQuery = await Promise.all(queries.map((query) => chooseUrls(run, query)));
  perQuery.forEach((hits, i) => {
    for (const { url, title } of hits) run.addCandidate(url, title, [queries[i]]);
  });
}

/** The results one query keeps: ranked by the model, or the top results when the budget does not allow it. */
async function chooseUrls(run: RunState, query: string): Promise<{ url: string; title: string }[]> {
  let results;
  try {
    results = await searchFor(run, query);
  } catch (err) {
    run.notes.push(`Search for "${query}" failed: ${failureReasonOrRethrow(err)}`);
    return [];
  }
  const withTitle = (url: string) => ({ url, title: results.find((r) => r.url === url)?.title ?? '' });
  if (!run.budget.smallCallFits('rank', run.material())) {
    run.skipForBudget('rank');
    return results.slice(0, run.settings.urlsPerQuery).map((r) => withTitle(r.url));
  }
  // (Budget gate) The rankings run at once: each holds its estimate back until it is charged, so the next one's gate sees it.
  const held = run.budget.capsCalls ? run.budget.smallCallEstimate('rank') : 0;
  run.ledger.reserve(held);
  try {
    const ranked = await rankResults.executeWithOptions(paidCall(`rank: ${query}`), [
      { topic: run.topic, query, results, settings: run.settings },
    ]);
    run.ledger.charge('rank', ranked.usage);
    run.noteTrouble(ranked.trouble);
    if (ranked.fallback) run.notes.push(`Ranking for "${query}": ${ranked.fallback}.`);
    // The activity names the pages by their normalised URLs, with their titles (older results: URLs only).
    return ranked.pages ?? ranked.urls.map(withTitle);
  } catch (err) {
    run.ledger.charge('rank', paidUsageOf(err));
    run.notes.push(`Ranking for "${query}" failed, so its pages were not read: ${failureReasonOrRethrow(err)}`);
    return [];
  } finally {
    run.ledger.release(held);
  }
}
