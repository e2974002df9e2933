/**
 * The research workflow: keywords → search → plan queries → search and rank per query → read pages in
 * parallel → write the report. It only decides; every side effect is an activity. Each stage is one
 * function over the run's state (stages/*), so this reads as the pipeline's diagram.
 */
import { ApplicationFailure, CancelledFailure, CancellationScope, isCancellation, patched, upsertMemo } from '@temporalio/workflow';
import { type ResearchInput, ResearchInputSchema, type ResearchResult } from '../domain/types';
import { chooseKeywords } from './stages/keywords';
import { planResearchQueries } from './stages/plan';
import { rankPerQuery } from './stages/rank';
import { readPages } from './stages/readPages';
import { reviewShortlist } from './stages/review';
import { writeTheReport } from './stages/report';
import { searchKeywords } from './stages/search';
import { RunState } from './state';

export interface ResearchWorkflowInput extends ResearchInput {
  /** Set by the client when the server has the project's search attributes registered. */
  searchAttributes?: boolean;
}

export async function researchWorkflow(input: ResearchWorkflowInput): Promise<ResearchResult> {
  const run = new RunState(withReportModeOfItsTime(validInputOrFail(input)), input.searchAttributes ?? false);
  run.installHandlers();
  try {
    await chooseKeywords(run);
    const keywordResults = await searchKeywords(run);
    await planResearchQueries(run, keywordResults);
    await rankPerQuery(run);
    await reviewShortlist(run);
    await readPages(run);
    if (CancellationScope.current().consideredCancelled) throw new CancelledFailure('the run was cancelled');
  } catch (err) {
    if (!isCancellation(err)) throw err;
    run.cancelled = true; // it stops gathering, and still writes its report from what it has
  }
  const report = await writeTheReport(run);
  run.enter('done');
  if (run.cancelled) {
    upsertMemo({ reportPath: report.path ?? null });
    throw new CancelledFailure('the run was cancelled; its report, written from what was gathered, is in its history (`client report <id>`)');
  }
  return {
    topic: run.topic,
    report,
    stoppedByBudget: run.ledger.stopped,
    keywords: run.keywords,
    queries: run.queries,
    pages: [...run.pages.values()],
    notes: run.notes,
    cost: run.ledger.stageCosts(),
    ...(run.modelTrouble ? { modelTrouble: run.modelTrouble } : {}),
  };
}

/**
 * Runs started before sectioned reports existed (no patch marker in their history) keep the one-call
 * report, and with it the budget's estimate of it, so their histories replay unchanged.
 */
function withReportModeOfItsTime(input: ResearchInput): ResearchInput {
  return patched('sectioned-report') ? input : { ...input, settings: { ...input.settings, reportMode: 'single' } };
}

/** The input, checked: a thrown ZodError would fail the workflow task and retry it forever, so fail the run, saying why. */
function validInputOrFail(input: ResearchWorkflowInput): ResearchInput {
  const parsed = ResearchInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw ApplicationFailure.nonRetryable(`invalid research input: ${issue.path.join('.')} ${issue.message}`, 'InvalidInput');
}
