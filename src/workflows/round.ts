/**
 * A follow-up round, as a child workflow of its research run (`<run id>-round-<n>`): search → rank → read pages
 * over its own queries, with the stages the first pass uses. It never reads a page an earlier round read (the
 * parent hands it their URLs), spends within the slice of the budget it is given, and brings back its pages,
 * summaries, notes and what it paid, which the parent charges. Cancelled (the parent was), it stops reading,
 * signals the parent the same result (what it read and paid), and ends Cancelled; the parent charges it all the same.
 * A round that fails (every page refused, every search failed) signals what it paid before it fails, too.
 */
import { CancellationScope, CancelledFailure, getExternalWorkflowHandle, isCancellation, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { RoundResult } from '../domain/rounds';
import { addUsage, type Gap, type ResearchSettings, ZERO_USAGE } from '../domain/types';
import { roundResultSignal, SEARCH_ATTRIBUTES } from './definitions';
import { installHandlers } from './handlers';
import { addPagesFor } from './stages/rank';
import { readPages } from './stages/readPages';
import { RunState } from './state';

export interface RoundInput {
  topic: string;
  /** The run's settings, its cap being this round's: its slice plus the report's cost kept back over the summaries so far. */
  settings: ResearchSettings;
  round: number;
  gaps: Gap[];
  /** Every URL earlier rounds chose: not fetched or paid again. */
  alreadyRead: string[];
  /** The summaries' tokens so far: the report's cost over them stays kept back. */
  summaryTokens: number;
  /** The run's sources so far, and their summaries' words: the planner prices the report over them (absent before the planner). */
  earlierSources?: number;
  summaryWords?: number;
  searchAttributes?: boolean;
}

export async function roundWorkflow(input: RoundInput): Promise<RoundResult> {
  const run = new RunState({ topic: input.topic, settings: input.settings }, input.searchAttributes ?? false);
  installHandlers(run);
  run.keywords = [];
  run.queries = input.gaps.map((g) => g.query);
  run.continueFrom({ sources: input.earlierSources ?? 0, summaryTokens: input.summaryTokens, summaryWords: input.summaryWords ?? 0 });
  if (input.searchAttributes) upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.round.key, value: input.round }]);
  const earlier = new Set(input.alreadyRead);
  const skipped: string[] = [];
  let cancelled = false;
  let failure: unknown;
  try {
    run.enter('rank');
    await addPagesFor(run, run.queries);
    for (const url of [...run.pages.keys()]) {
      if (!earlier.has(url)) continue;
      skipped.push(url);
      run.dropPage(url);
    }
    await readPages(run);
  } catch (err) {
    // Rounds recorded before a failed round reported its cost fail at once, as they did.
    if (!isCancellation(err) && !patched('failed-round-reports-cost')) throw err;
    if (isCancellation(err)) cancelled = true;
    else failure = err;
  }
  cancelled ||= run.cancelRequested();
  if (cancelled) run.recordCancel('stop-reading');
  run.enter('done');
  const costs = run.ledger.stageCosts();
  const usageOf = (stage: 'rank' | 'browse') => {
    const { calls, promptTokens, completionTokens } = costs.stages[stage];
    return addUsage(ZERO_USAGE, { calls, promptTokens, completionTokens });
  };
  const result: RoundResult = {
    round: input.round,
    gaps: input.gaps,
    pages: [...run.pages.values()],
    skipped,
    sources: run.sources,
    summaryTokens: run.summaryTokens - input.summaryTokens,
    sourceTokens: run.sourceTokens,
    notes: run.notes,
    usage: { rank: usageOf('rank'), browse: usageOf('browse') },
    stoppedByBudget: run.ledger.stopped,
    cancelled,
    cost: costs.total,
  };
  if (!cancelled && failure === undefined) return result;
  // A cancelled or failed workflow carries no result: the parent hears what this round gathered and paid by a signal first.
  const parent = workflowInfo().parent;
  if (parent) await CancellationScope.nonCancellable(() => getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(roundResultSignal, result));
  if (failure !== undefined) throw failure;
  throw new CancelledFailure(`round ${input.round} was cancelled: ${run.cancel?.note ?? 'it stopped reading'}`);
}
