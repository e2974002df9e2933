/**
 * The research workflow: keywords → search → plan queries → search and rank per query → read pages in
 * parallel → write the report. It only decides; every side effect is an activity. Each stage is one
 * function over the run's state (stages/*), so this reads as the pipeline's diagram.
 */
import { ApplicationFailure, CancelledFailure, CancellationScope, condition, isCancellation, patched } from '@temporalio/workflow';
import type { ReportOutput, ResearchInput, ResearchResult } from '../domain/types';
import { chooseKeywords } from './stages/keywords';
import { planResearchQueries } from './stages/plan';
import { rankPerQuery } from './stages/rank';
import { readPages } from './stages/readPages';
import { reviewShortlist } from './stages/review';
import { writeTheReport } from './stages/report';
import { searchKeywords } from './stages/search';
import { followUpRounds } from './stages/rounds';
import { lookUpLastRun, reportWhatChanged } from './stages/changes';
import { installHandlers } from './handlers';
import { validInputOrFail } from './input';
import { upsertRunMemo } from './memo';
import { RunState } from './state';

export interface ResearchWorkflowInput extends ResearchInput {
  /** Set by the client when the server has the project's search attributes registered. */
  searchAttributes?: boolean;
  /** Set on runs a schedule starts (`client schedule create`): pages are read afresh, and the report says what changed. */
  scheduleId?: string;
}

export async function researchWorkflow(input: ResearchWorkflowInput): Promise<ResearchResult> {
  const run = new RunState(withReportModeOfItsTime(validInputOrFail(input, 'research')), input.searchAttributes ?? false);
  installHandlers(run);
  // Only runs a schedule started (none recorded before these steps) compare with the last one: older histories replay unchanged.
  const previous = typeof input.scheduleId === 'string' ? await lookUpLastRun(run, input.scheduleId) : undefined;
  await gatherUntilCancelled(run);
  const report = run.stoppedNow ? undefined : await reportUnlessStoppedNow(run);
  const changed = report && !run.cancelled && previous ? await reportWhatChanged(run, report, previous) : undefined;
  run.enter('done');
  if (!report || run.cancelled) throw await endCancelled(run);
  return { ...run.outcome(), report: changed?.report ?? report, ...(changed ? { changes: changed.changes } : {}) };
}

/**
 * Keywords → search → plan → rank → review → read pages, in a scope a cancel stops: the run then stops
 * gathering, and (unless stopped at once) still writes its report from what it has.
 */
async function gatherUntilCancelled(run: RunState): Promise<void> {
  run.gathering = new CancellationScope();
  try {
    await run.gathering.run(async () => {
      await chooseKeywords(run);
      const keywordResults = await searchKeywords(run);
      await planResearchQueries(run, keywordResults);
      await rankPerQuery(run);
      await reviewShortlist(run);
      await readPages(run);
      await followUpRounds(run);
      if (CancellationScope.current().consideredCancelled) throw new CancelledFailure('the run was cancelled');
    });
  } catch (err) {
    if (!isCancellation(err)) throw err;
    if (!run.stoppedNow) run.recordCancel('stop-reading');
  }
}

/** The report; `cancel --now` arriving while it is written cancels it (undefined), a plain cancel does not. */
async function reportUnlessStoppedNow(run: RunState): Promise<ReportOutput | undefined> {
  try {
    return await writeTheReport(run);
  } catch (err) {
    if (run.stoppedNow && isCancellation(err)) return undefined;
    throw err;
  }
}

/** A cancelled run ends Cancelled, its memo saying how and what it had paid; its report (if any) is in its history. */
async function endCancelled(run: RunState): Promise<Error> {
  const record = run.recordCancel(run.stoppedNow ? 'now' : 'stop-reading');
  upsertRunMemo({ cancel: record });
  const where = record.kind === 'now' ? 'it wrote no report' : 'its report, written from what was gathered, is in its history (`client report <id>`)';
  const message = `the run was cancelled (${record.note}); ${where}`;
  // A run ends Cancelled only on the server's cancel request: `cancel --now` sends one right after its update.
  if (run.stoppedNow && !(await cancelRequestArrives(run))) return ApplicationFailure.nonRetryable(message, 'StoppedNow');
  return new CancelledFailure(message);
}

async function cancelRequestArrives(run: RunState): Promise<boolean> {
  if (run.cancelRequested()) return true;
  try {
    return await condition(() => run.cancelRequested(), '1 minute');
  } catch (err) {
    if (isCancellation(err)) return true; // the request arrived: it cancels the wait itself
    throw err;
  }
}

/**
 * Runs started before sectioned reports existed (no patch marker in their history) keep the one-call
 * report, and with it the budget's estimate of it, so their histories replay unchanged.
 */
function withReportModeOfItsTime(input: ResearchInput): ResearchInput {
  return patched('sectioned-report') ? input : { ...input, settings: { ...input.settings, reportMode: 'single' } };
}
