import { condition } from '@temporalio/workflow';
import type { ReviewAnswer } from '../../domain/review';
import type { RunState } from '../state';
import { addPagesFor } from './rank';

/**
 * Stage 4b (with `--review`): the run pauses with its shortlist until the user answers through the
 * `review` update (or the timeout passes, when it goes on with its own choice, saying so).
 */
export async function reviewShortlist(run: RunState): Promise<void> {
  if (!run.settings.review) return;
  run.awaitingReview = true;
  run.showDetails();
  const answered = await condition(() => run.reviewAnswer !== undefined, run.settings.reviewTimeoutSeconds * 1000);
  run.awaitingReview = false;
  if (!answered) {
    run.notes.push(`Review: nobody answered within ${formatDuration(run.settings.reviewTimeoutSeconds)}, so the run read the pages it chose itself.`);
    return;
  }
  await applyReview(run, run.reviewAnswer!);
}

async function applyReview(run: RunState, answer: ReviewAnswer): Promise<void> {
  const said: string[] = [];
  const shortlist = run.shortlist();
  const dropped = new Set((answer.drop ?? []).map((n) => shortlist.pages.find((p) => p.n === n)!.url));
  for (const url of dropped) run.dropPage(url);
  if (dropped.size > 0) said.push(`dropped ${dropped.size} page(s)`);

  const droppedQueries = new Set(answer.dropQueries ?? []);
  if (droppedQueries.size > 0) {
    run.queries = run.queries.filter((q) => !droppedQueries.has(q));
    for (const [url, page] of run.pages) {
      page.queries = page.queries.filter((q) => !droppedQueries.has(q));
      if (page.queries.length === 0) run.dropPage(url);
    }
    said.push(`dropped the queries ${[...droppedQueries].map((q) => `"${q}"`).join(', ')}`);
  }

  const addedQueries = (answer.addQueries ?? []).map((q) => q.trim()).filter((q) => !run.queries.includes(q));
  if (addedQueries.length > 0) {
    run.queries = [...run.queries, ...addedQueries];
    await addPagesFor(run, addedQueries);
    said.push(`added the queries ${addedQueries.map((q) => `"${q}"`).join(', ')}`);
  }

  const addedUrls = (answer.add ?? []).filter((url) => !run.pages.has(url));
  for (const url of addedUrls) run.addCandidate(url, undefined, run.queries);
  if (addedUrls.length > 0) said.push(`added ${addedUrls.length} URL(s)`);

  run.notes.push(`Review: the user ${said.length > 0 ? said.join('; ') : 'approved the shortlist as it was'}.`);
}

function formatDuration(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} minute(s)` : `${seconds} seconds`;
}
