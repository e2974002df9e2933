import { ApplicationFailure, CancellationScope } from '@temporalio/workflow';
import type { ReportShape } from '../../domain/planner';
import { type BudgetEffects, REPORT_KIND, type ReportOutput } from '../../domain/types';
import type { ReviewDecision } from '../../activities/sections';
import { FailureType } from '../../errors';
import { activitySummary, finishReport, paidCall, verifyFlagged, writeReport } from '../activities';
import type { RunState } from '../state';
import { callBudget, charged, materialOf, type ReportBooks, type ReportMaterial, sourceChars } from './reportBooks';
import { writeSectionedReport } from './reportSections';

export { framingWords, writeSectionedReport } from './reportSections';
export type { ReportBooks, ReportMaterial } from './reportBooks';
export { withoutEvidence } from './reportBooks';

/**
 * Stage 6: the report, from whatever was gathered, sized by the budget planner to what is left. Written outside
 * any cancelled scope, so even a cancelled run keeps what it paid for. Its Markdown comes back through Temporal
 * (the activity's result). `sections` (default): planned, then written in parallel sections, then summary and
 * conclusion, then assembled and grounded; `single` (or when the budget pays for no sections): one call.
 */
export async function writeTheReport(run: RunState): Promise<ReportOutput> {
  failIfModelGaveNothing(run);
  run.enter('report');
  const shape = run.budget.reportShape(run.material());
  run.reportShrunk = shape.limitedBy === 'budget';
  const material: ReportMaterial = {
    topic: run.topic,
    runId: run.workflowId,
    sources: run.sources,
    pages: [...run.pages.values()],
    queries: run.queries,
    notes: run.notes,
    stoppedByBudget: run.ledger.stopped,
    cancelled: run.cancelled,
    cancelNote: run.cancel?.note,
    // (Budget gate) The words the budget pays for; the words asked are told in the budget's line.
    settings: { ...run.settings, reportWords: shape.words },
    ...(run.budget.capsCalls ? { budgetEffects: budgetEffects(run, shape) } : {}),
    ...(run.rounds.length > 0 ? { rounds: run.rounds } : {}),
  };
  const books: ReportBooks = { ledger: run.ledger, gates: run.budget, sourceTokens: run.sourceTokens, trouble: (t) => run.noteTrouble(t) };
  // A plain cancel arriving now does not stop the report; it drops the optional steps left and is told in the report.
  const cancelArrived = (): string | undefined => {
    if (run.cancelArrivedDuringReport()) run.recordCancel('stop-reading');
    return run.cancel?.during === 'report' ? run.cancel.note : undefined;
  };
  // Only `cancel --now` cancels this scope (a cancel of the run does not reach it).
  run.reporting = new CancellationScope({ cancellable: false });
  // (Runs started before sectioned reports existed get reportMode 'single': see researchWorkflow.)
  if (shape.mode === 'single' || run.sources.length === 0) {
    return run.reporting.run(() => writeSingleReport(material, books, `report from ${run.sources.length} sources`));
  }
  return run.reporting.run(() => writeSectionedReport(material, books, cancelArrived));
}

/** The budget's line at the report's head: the words asked and paid for, the pages it left unread, the calls it left out. */
function budgetEffects(run: RunState, shape: ReportShape): BudgetEffects {
  return {
    askedWords: shape.asked,
    paidWords: shape.words,
    ...(shape.limitedBy ? { limitedBy: shape.limitedBy } : {}),
    pagesNotRead: [...run.pages.values()].filter((p) => p.status === 'budget').length,
    skippedCalls: run.skippedForBudget.length,
    budgetUsd: run.ledger.capUsd,
    materialWords: run.summaryWords,
  };
}

/**
 * A run whose model answered nothing usable (no page summarized, and its answers were bad: empty, HTML, a
 * refusal) has nothing to report: it fails with the line naming the endpoint and what it answered, instead of
 * a report that says nothing.
 */
function failIfModelGaveNothing(run: RunState): void {
  if (run.cancelled || run.sources.length > 0 || run.modelTrouble === undefined) return;
  throw ApplicationFailure.create({ message: run.modelTrouble, type: FailureType.BadAnswer, nonRetryable: true });
}

/**
 * The one-call report, grounded by its activity, within what the budget leaves. With `--verify` it is drafted
 * first: when the grounding check flags sentences, one budget-gated call reviews them (as in the sectioned
 * report), then finishReport applies the decisions and composes the report. Runs recorded before drafts existed
 * never got a draft body back, so they replay the plain path.
 */
export async function writeSingleReport(m: ReportMaterial, books: ReportBooks, summary: string): Promise<ReportOutput> {
  const { settings, sources } = m;
  const { ledger, gates } = books;
  const draft = settings.verify === true && sources.length > 0;
  const budget = sources.length > 0 ? callBudget(books, gates.singleAllowance(materialOf(m, books))) : undefined;
  const written = await charged(ledger, writeReport.executeWithOptions(paidCall(summary), [{ ...m, draft, ...(budget ? { callBudget: budget } : {}) }]));
  ledger.learnWriting(written.usage, written.words);
  if (written.trouble) books.trouble(written.trouble);
  if (written.draftBody === undefined) return { markdown: written.markdown, words: written.words, kind: REPORT_KIND };
  const flagged = written.flagged ?? [];
  const flaggedChars = flagged.reduce((n, f) => n + f.sentence.length + sourceChars(sources, f.cited), 0);
  let decisions: ReviewDecision[] | undefined;
  if (gates.verifyAllowance(flaggedChars, flagged.length) > 0) {
    const verified = await charged(ledger, verifyFlagged.executeWithOptions(paidCall(`verify ${flagged.length} flagged sentences`), [{ flagged, sources, settings }]));
    if (verified.trouble) {
      books.trouble(verified.trouble);
      m.notes.push(`The verification pass over flagged sentences was not made: the model ${verified.trouble.answered}.`);
    }
    decisions = verified.decisions;
  } else {
    m.notes.push('The verification pass over flagged sentences was left out: it would have crossed the budget.');
  }
  const report = await finishReport.executeWithOptions({ summary: activitySummary('apply the verification pass and compose the report') }, [
    { ...m, body: written.draftBody, decisions },
  ]);
  return { markdown: report.markdown, words: report.words, kind: REPORT_KIND };
}
