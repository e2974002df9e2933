import { ApplicationFailure, CancellationScope, isCancellation, patched } from '@temporalio/workflow';
import { hostOf, nextPolitePage } from '../../domain/politeness';
import type { ModelTrouble, PageOutcome, PageRefusal } from '../../domain/types';
import { paidCall, summarizePage } from '../activities';
import { failureReasonOrRethrow, paidUsageOf } from '../failures';
import type { RunState } from '../state';
import { readingOrder } from './pageOrder';

/**
 * Stage 5: read and summarize each chosen page once, at most `maxParallelPages` at a time and
 * `maxPagesPerHost` per site, each page only while the budget still allows it (and the report after it).
 * Cancelling the run stops starting pages; the pages in flight end as cancelled.
 */
export async function readPages(run: RunState): Promise<void> {
  run.enter('browse');
  const queue = pageQueue([...run.pages.keys()]);
  const running = new Map<string, Promise<void>>();
  const inFlightPerHost = new Map<string, number>();
  const hostLoad = (url: string, delta: number) => inFlightPerHost.set(hostOf(url), (inFlightPerHost.get(hostOf(url)) ?? 0) + delta);
  const refusals = new Map<string, PageRefusal>();
  let refusedBy: ModelTrouble | undefined;
  const markQueued = (status: 'cancelled' | 'budget', reason: string) => run.markUnread(queue.splice(0), status, reason);

  while (queue.length > 0 || running.size > 0) {
    while (running.size < run.settings.maxParallelPages) {
      const next = nextPolitePage(queue, inFlightPerHost, run.settings.maxPagesPerHost);
      if (next < 0) break; // queue empty, or every queued page's site is busy
      if (CancellationScope.current().consideredCancelled) {
        markQueued('cancelled', 'not read: the run was cancelled');
        break;
      }
      const allowanceUsd = run.budget.pageAllowance({ queued: queue.length, running: running.size }, run.material());
      if (allowanceUsd === 0) {
        if (running.size > 0) break; // what the pages in flight leave unspent may still read another page
        markQueued('budget', 'not read: the budget was reached first');
        run.stopForBudget('browse');
        break;
      }
      const [url] = queue.splice(next, 1);
      hostLoad(url, +1);
      run.ledger.reserve(allowanceUsd);
      const task = readOnePage(run, url, allowanceUsd)
        .then((outcome) => {
          if (outcome.status === 'refused' && outcome.refusal) refusals.set(url, outcome.refusal);
          if (outcome.status === 'refused') refusedBy ??= outcome.trouble;
          run.recordOutcome(url, outcome);
        })
        .finally(() => {
          run.ledger.release(allowanceUsd);
          running.delete(url);
          hostLoad(url, -1);
        });
      running.set(url, task);
    }
    if (running.size > 0) await Promise.race(running.values());
  }
  failIfEveryPageRefused(run, refusals, refusedBy);
}

/**
 * The pages in the order they are read: likely-not-text URLs last (stages/pageOrder.ts). Runs that
 * started reading before this order existed (no patch marker in their history) keep the queries' order;
 * a run whose order does not change records no marker.
 */
function pageQueue(urls: string[]): string[] {
  const ordered = readingOrder(urls);
  return ordered.some((url, i) => url !== urls[i]) && patched('not-text-pages-last') ? ordered : urls;
}

/**
 * When the model refused every page it was given, and the same way, the cause is the setup (a context
 * window too small for any page, a filter that refuses the topic), not the pages: the run fails saying so.
 */
function failIfEveryPageRefused(run: RunState, refusals: Map<string, PageRefusal>, refusedBy: ModelTrouble | undefined): void {
  const reachedModel = [...run.pages.values()].filter((p) => p.status === 'summarized' || p.status === 'irrelevant' || p.status === 'refused');
  const codes = new Set(refusals.values());
  if (reachedModel.length === 0 || refusals.size < reachedModel.length || codes.size !== 1) return;
  const [code] = codes;
  // The model answered its refusals (rather than refusing the request): its line names the endpoint and the words.
  if (refusedBy) throw ApplicationFailure.nonRetryable(refusedBy.line, 'AllPagesRefused');
  throw ApplicationFailure.nonRetryable(
    `the model refused every page it was given (${refusals.size}) with ${code}: ` +
      (code === 'context_length_exceeded' ? 'its context window is too small for these pages; set RESEARCH_CONTEXT_TOKENS to the real window, or use a model with a larger one' : 'its content filter refuses this topic'),
    'AllPagesRefused',
  );
}

/** One page's outcome; its failure after retries is the page's own (recorded), unless the run must stop. */
async function readOnePage(run: RunState, url: string, allowanceUsd: number): Promise<PageOutcome> {
  try {
    return await summarizePage.executeWithOptions(paidCall(url), [
      {
        url,
        topic: run.topic,
        queries: run.pages.get(url)!.queries,
        settings: run.settings,
        budget: { allowanceUsd, completionTokensPerCall: run.budget.summaryCompletionTokens() },
        ...(run.freshPages ? { fresh: true } : {}),
        ...(run.previousQuotes.has(url) ? { recheck: run.previousQuotes.get(url) } : {}),
      },
    ]);
  } catch (err) {
    // What the page paid before it failed for good (or was cancelled) is spent all the same.
    const usage = paidUsageOf(err);
    if (isCancellation(err)) return { url, status: 'cancelled', reason: 'not finished: the run was cancelled', usage };
    try {
      return { url, status: 'failed', reason: failureReasonOrRethrow(err), usage };
    } catch (fatal) {
      run.ledger.chargePage(usage);
      throw fatal;
    }
  }
}

